package io.steward.control;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The rules for the dynamic configuration document: RFC 7396 merge patches and validation of the keys Steward
 * interprets. Pure functions; every refusal is an INVALID_ARGUMENT {@link ControlException} naming the key.
 */
public final class ConfigRules {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long DEFAULT_TTL = 30;
    private static final long DEFAULT_LOOP_WAIT = 10;
    private static final long DEFAULT_RETRY_TIMEOUT = 10;

    private ConfigRules() {
    }

    /** Applies an RFC 7396 merge patch to a copy of {@code target}: null removes a key, objects merge recursively. */
    public static Map<String, Object> mergePatch(Map<String, Object> target, Map<String, Object> patch) {
        Map<String, Object> result = target == null ? new LinkedHashMap<>() : deepCopy(target);
        if (patch == null) {
            return result;
        }
        for (Map.Entry<String, Object> e : patch.entrySet()) {
            Object value = e.getValue();
            if (value == null) {
                result.remove(e.getKey());
            } else if (value instanceof Map<?, ?> sub) {
                Object existing = result.get(e.getKey());
                result.put(e.getKey(), mergePatch(asObject(existing), asObject(sub)));
            } else {
                result.put(e.getKey(), value);
            }
        }
        return result;
    }

    /** Returns a copy of the document without null values (a stored document never holds nulls). */
    public static Map<String, Object> withoutNulls(Map<String, Object> doc) {
        return mergePatch(Map.of(), doc == null ? Map.of() : doc);
    }

    /** Parses a JSON object; INVALID_ARGUMENT when the text is not JSON or not an object. */
    public static Map<String, Object> parseJsonObject(String json) {
        if (json == null || json.isBlank()) {
            throw invalid("Empty configuration document: expected a JSON object");
        }
        try {
            Object parsed = JSON.readValue(json, Object.class);
            if (!(parsed instanceof Map<?, ?> map)) {
                throw invalid("Malformed configuration document: expected a JSON object");
            }
            return asObject(map);
        } catch (JsonProcessingException e) {
            throw invalid("Malformed JSON: " + e.getOriginalMessage());
        }
    }

    /** Renders a document as JSON. */
    public static String toJson(Map<String, Object> doc) {
        try {
            return JSON.writeValueAsString(doc == null ? Map.of() : doc);
        } catch (JsonProcessingException e) {
            throw new ControlException(ControlException.Kind.INTERNAL, "Cannot render configuration: " + e.getMessage(), e);
        }
    }

    /**
     * Checks the keys Steward interprets: ttl, loop_wait, retry_timeout positive integers with
     * loop_wait + 2*retry_timeout <= ttl; maximum_lag_on_failover and primary_start_timeout non-negative integers;
     * pause a boolean; postgresql an object whose parameters are an object.
     */
    public static void validate(Map<String, Object> doc) {
        long ttl = positive(doc, "ttl", DEFAULT_TTL);
        long loopWait = positive(doc, "loop_wait", DEFAULT_LOOP_WAIT);
        long retryTimeout = positive(doc, "retry_timeout", DEFAULT_RETRY_TIMEOUT);
        nonNegative(doc, "maximum_lag_on_failover");
        nonNegative(doc, "primary_start_timeout");
        Object pause = doc.get("pause");
        if (pause != null && !(pause instanceof Boolean)) {
            throw invalid("Invalid value for pause: expected true, false or null, got " + describe(pause));
        }
        validatePostgresql(doc.get("postgresql"));
        if (loopWait + 2 * retryTimeout > ttl) {
            throw invalid("Invalid timing: ttl (" + ttl + ") must be >= loop_wait (" + loopWait
                    + ") + 2 * retry_timeout (" + retryTimeout + ")");
        }
    }

    private static void validatePostgresql(Object pg) {
        if (pg == null) {
            return;
        }
        if (!(pg instanceof Map<?, ?> map)) {
            throw invalid("Invalid value for postgresql: expected an object, got " + describe(pg));
        }
        Object params = map.get("parameters");
        if (params != null && !(params instanceof Map)) {
            throw invalid("Invalid value for postgresql.parameters: expected an object, got " + describe(params));
        }
    }

    private static long positive(Map<String, Object> doc, String key, long dflt) {
        Long v = integer(doc, key);
        if (v == null) {
            return dflt;
        }
        if (v <= 0) {
            throw invalid("Invalid value for " + key + ": must be a positive integer, got " + v);
        }
        return v;
    }

    private static void nonNegative(Map<String, Object> doc, String key) {
        Long v = integer(doc, key);
        if (v != null && v < 0) {
            throw invalid("Invalid value for " + key + ": must be a non-negative integer, got " + v);
        }
    }

    private static Long integer(Map<String, Object> doc, String key) {
        Object v = doc.get(key);
        if (v == null) {
            return null;
        }
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof BigInteger b && b.bitLength() < 63) {
            return b.longValue();
        }
        if ((v instanceof Double || v instanceof Float || v instanceof BigDecimal) && isIntegral((Number) v)) {
            return ((Number) v).longValue();
        }
        throw invalid("Invalid value for " + key + ": expected an integer, got " + describe(v));
    }

    private static boolean isIntegral(Number n) {
        double d = n.doubleValue();
        return !Double.isInfinite(d) && d == Math.rint(d) && Math.abs(d) < 1e15;
    }

    private static String describe(Object v) {
        return v instanceof String s ? "\"" + s + "\"" : String.valueOf(v);
    }

    static ControlException invalid(String message) {
        return new ControlException(ControlException.Kind.INVALID_ARGUMENT, message);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asObject(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : new LinkedHashMap<>();
    }

    private static Map<String, Object> deepCopy(Map<String, Object> source) {
        Map<String, Object> copy = new LinkedHashMap<>();
        source.forEach((k, v) -> copy.put(k, v instanceof Map<?, ?> m ? deepCopy(asObject(m)) : v));
        return copy;
    }
}
