package io.steward.api.rest;

import io.steward.health.HealthChecks.ReplicaFilter;
import io.vertx.core.MultiMap;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the query parameters of the health endpoints ({@code lag}, {@code replication_state}, {@code tag_*}). */
final class QueryFilters {

    private static final Pattern SIZE = Pattern.compile("(\\d{1,18})\\s*(b|kb|mb|gb|tb)?");
    private static final String TAG_PREFIX = "tag_";

    private QueryFilters() {
    }

    static ReplicaFilter replicaFilter(MultiMap query) {
        String lag = query.get("lag");
        long maxLag = lag == null ? Long.MAX_VALUE : size("lag", lag);
        Map<String, String> tags = new LinkedHashMap<>();
        for (String name : query.names()) {
            if (name.startsWith(TAG_PREFIX) && name.length() > TAG_PREFIX.length()) {
                tags.put(name.substring(TAG_PREFIX.length()), query.get(name));
            }
        }
        String state = query.get("replication_state");
        return new ReplicaFilter(maxLag, state == null || state.isBlank() ? null : state, tags);
    }

    /** {@code ?lag=} of /readiness, or null for maximum_lag_on_failover. */
    static Long readinessLag(MultiMap query) {
        String lag = query.get("lag");
        return lag == null ? null : size("lag", lag);
    }

    /** {@code ?mode=write} measures readiness with the received position, anything else with the replayed one. */
    static boolean writeMode(MultiMap query) {
        return "write".equals(query.get("mode"));
    }

    /**
     * A size in bytes, PostgreSQL style: "1048576", "16kB", "1MB" (units are powers of 1024, case-insensitive).
     */
    static long size(String name, String text) {
        Matcher m = SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw RestError.badJson(name + " must be a number of bytes or a size such as 16kB or 1MB, got '"
                    + text + "'");
        }
        long value = Long.parseLong(m.group(1));
        int shift = switch (m.group(2) == null ? "b" : m.group(2)) {
            case "kb" -> 10;
            case "mb" -> 20;
            case "gb" -> 30;
            case "tb" -> 40;
            default -> 0;
        };
        if (shift > 0 && value > (Long.MAX_VALUE >> shift)) {
            return Long.MAX_VALUE;
        }
        return value << shift;
    }
}
