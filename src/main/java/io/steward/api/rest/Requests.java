package io.steward.api.rest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Translates request bodies of the operator endpoints into typed requests, refusing bad input with
 * {@link RestError} in Patroni's words (and Patroni's status codes) before anything is written.
 */
final class Requests {

    static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    record Switchover(String leader, String candidate, Instant scheduledAt) {
    }

    record Failover(String candidate, String leader) {
    }

    record Restart(boolean pendingOnly, String role, Instant scheduledAt, Duration timeout) {
    }

    record Reinitialize(boolean force, boolean fromLeader) {
    }

    private Requests() {
    }

    /** The body as a JSON object; an empty body is {} when {@code optional}, a 400 otherwise. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> object(String body, boolean optional) {
        if (body == null || body.isBlank()) {
            if (optional) {
                return new LinkedHashMap<>();
            }
            throw RestError.badJson("request body must be a JSON object, got an empty body");
        }
        Object parsed;
        try {
            parsed = JSON.readValue(body, Object.class);
        } catch (JsonProcessingException e) {
            throw RestError.badJson("invalid JSON: " + e.getOriginalMessage());
        }
        if (!(parsed instanceof Map)) {
            throw RestError.badJson("request body must be a JSON object");
        }
        return (Map<String, Object>) parsed;
    }

    /** POST /switchover {leader, candidate?, scheduled_at?}; the pause checks answer 400 as Patroni does. */
    static Switchover switchover(Map<String, Object> body, boolean paused, Instant now) {
        String leader = string(body, "leader");
        String candidate = candidate(body);
        if (leader == null) {
            throw RestError.badRequest("Switchover could be performed only from a specific leader");
        }
        Instant at = null;
        if (body.get("scheduled_at") != null) {
            if (paused) {
                throw RestError.badRequest("Can't schedule switchover in the paused state");
            }
            at = schedule(body.get("scheduled_at"), "switchover", now);
        }
        if (paused && candidate == null) {
            throw RestError.badRequest("Switchover is possible only to a specific candidate in a paused state");
        }
        if (leader.equals(candidate)) {
            throw RestError.badRequest("Switchover target and source are the same");
        }
        return new Switchover(leader, candidate, at);
    }

    /** POST /failover {candidate, leader?}: with a leader it is a switchover, as in Patroni. */
    static Failover failover(Map<String, Object> body) {
        String candidate = candidate(body);
        String leader = string(body, "leader");
        if (candidate == null) {
            throw RestError.badRequest("Failover could be performed only to a specific candidate");
        }
        if (body.get("scheduled_at") != null) {
            throw RestError.badRequest("Failover can't be scheduled");
        }
        if (candidate.equals(leader)) {
            throw RestError.badRequest("Switchover target and source are the same");
        }
        return new Failover(candidate, leader);
    }

    /** POST /restart {restart_pending?, role?, schedule?, timeout?, postgres_version? (accepted, not used)}. */
    static Restart restart(Map<String, Object> body, Instant now) {
        boolean pendingOnly = false;
        String role = null;
        Instant at = null;
        Duration timeout = null;
        for (Map.Entry<String, Object> e : body.entrySet()) {
            switch (e.getKey()) {
                case "restart_pending" -> pendingOnly = bool(e.getKey(), e.getValue());
                case "role" -> role = role(e.getValue());
                case "schedule" -> at = e.getValue() == null ? null : schedule(e.getValue(), "restart", now);
                case "timeout" -> timeout = timeout(e.getValue());
                case "postgres_version" -> {
                    // Steward restarts the installed server; the version filter of Patroni is accepted and ignored
                }
                default -> throw RestError.badRequest("Unknown filter for the scheduled restart: " + e.getKey());
            }
        }
        return new Restart(pendingOnly, role, at, timeout);
    }

    /** POST /reinitialize {force?, from_leader?}. */
    static Reinitialize reinitialize(Map<String, Object> body) {
        return new Reinitialize(bool("force", body.get("force")), bool("from_leader", body.get("from_leader")));
    }

    /**
     * An ISO-8601 timestamp with a zone, in the future. Patroni's answers: no zone 400, unparsable or past 422.
     */
    static Instant schedule(Object raw, String action, Instant now) {
        if (!(raw instanceof String text)) {
            throw RestError.badRequest("The scheduled " + action + " time must be a string, e.g."
                    + " 2030-01-01T12:00:00+00:00");
        }
        String iso = text.trim().replaceFirst("^(\\d{4}-\\d{2}-\\d{2}) ", "$1T");
        TemporalAccessor parsed;
        try {
            parsed = DateTimeFormatter.ISO_DATE_TIME.parseBest(iso, ZonedDateTime::from, LocalDateTime::from);
        } catch (DateTimeParseException e) {
            throw new RestError(422, "Unable to parse scheduled timestamp. It should be in an unambiguous format,"
                    + " e.g. ISO 8601", false);
        }
        if (!(parsed instanceof ZonedDateTime zoned)) {
            throw RestError.badRequest("Timezone information is mandatory for the scheduled " + action);
        }
        Instant at = zoned.toInstant();
        if (at.isBefore(now)) {
            throw new RestError(422, "Cannot schedule " + action + " in the past", false);
        }
        return at;
    }

    private static String candidate(Map<String, Object> body) {
        String candidate = string(body, "candidate");
        return candidate != null ? candidate : string(body, "member");
    }

    /** A string field; absent, null and "" are null; any other type is a 400. */
    static String string(Map<String, Object> body, String key) {
        Object v = body.get(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof String s)) {
            throw RestError.badRequest(key + " must be a string, got " + typeName(v));
        }
        return s.isBlank() ? null : s.trim();
    }

    /** Patroni's parse_bool: true/false, or on/off, yes/no, 1/0 as strings or numbers; null is false. */
    static boolean bool(String key, Object v) {
        if (v == null) {
            return false;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        String s = v instanceof Number n && (n.longValue() == 0 || n.longValue() == 1) ? n.toString()
                : v instanceof String str ? str.trim().toLowerCase(Locale.ROOT) : null;
        if (s != null) {
            switch (s) {
                case "true", "on", "yes", "1" -> {
                    return true;
                }
                case "false", "off", "no", "0" -> {
                    return false;
                }
                default -> {
                }
            }
        }
        throw RestError.badRequest(key + " must be a boolean, got " + typeName(v) + " " + v);
    }

    private static String role(Object v) {
        if (v == null) {
            return null;
        }
        String s = v instanceof String str ? str.trim().toLowerCase(Locale.ROOT) : "";
        return switch (s) {
            case "primary", "master" -> "primary";
            case "replica" -> "replica";
            default -> throw RestError.badRequest("PostgreSQL role should be either primary or replica");
        };
    }

    private static Duration timeout(Object v) {
        long seconds = -1;
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            seconds = n.longValue();
        } else if (v instanceof String s && s.trim().matches("\\d{1,9}s?")) {
            seconds = Long.parseLong(s.trim().replace("s", ""));
        }
        if (seconds <= 0) {
            throw RestError.badRequest("Timeout should be a positive number of seconds");
        }
        return Duration.ofSeconds(seconds);
    }

    static String typeName(Object v) {
        if (v instanceof Map) {
            return "an object";
        }
        if (v instanceof Iterable) {
            return "an array";
        }
        if (v instanceof Number) {
            return "a number";
        }
        if (v instanceof Boolean) {
            return "a boolean";
        }
        return "a string";
    }
}
