package io.steward.model;

import java.time.Duration;
import java.util.Map;

/**
 * The cluster-wide dynamic configuration (the {@code config} key). {@code raw} is the whole JSON document as a map,
 * so keys Steward does not interpret are kept; the typed fields are read from it.
 */
public record DynamicConfig(Duration ttl, Duration loopWait, Duration retryTimeout, long maximumLagOnFailover,
                            Duration primaryStartTimeout, boolean pause, boolean useSlots,
                            Map<String, Object> postgresqlParameters, Map<String, Object> raw) {

    public static final DynamicConfig DEFAULTS = new DynamicConfig(Duration.ofSeconds(30), Duration.ofSeconds(10),
            Duration.ofSeconds(10), 1_048_576L, Duration.ofSeconds(300), false, true, Map.of(), Map.of());

    public DynamicConfig {
        postgresqlParameters = postgresqlParameters == null ? Map.of() : Map.copyOf(postgresqlParameters);
        raw = raw == null ? Map.of() : raw;
    }

    public DynamicConfig withPause(boolean p) {
        return new DynamicConfig(ttl, loopWait, retryTimeout, maximumLagOnFailover, primaryStartTimeout, p, useSlots,
                postgresqlParameters, raw);
    }

    public DynamicConfig withTimings(Duration newTtl, Duration newLoopWait, Duration newRetryTimeout) {
        return new DynamicConfig(newTtl, newLoopWait, newRetryTimeout, maximumLagOnFailover, primaryStartTimeout,
                pause, useSlots, postgresqlParameters, raw);
    }
}
