package io.steward.ha;

import io.steward.model.ClusterView;
import io.steward.model.DynamicConfig;

import java.time.Duration;
import java.util.Objects;

/**
 * The settings HA decisions depend on. The loop passes this node's local (bootstrap/file) values;
 * {@link HaDecider#decide} merges the cluster's dynamic configuration over them with {@link #effective(ClusterView)}
 * (the loop may call it too, e.g. for its own sleep). The DCS {@code config} wins once it exists (configIndex > 0).
 *
 * @param removeDataDirectoryOnRewindFailure wipe and clone again when pg_rewind fails, or reinitialize a diverged
 *                                           node when pg_rewind is disabled
 */
public record HaSettings(String name, Duration ttl, Duration loopWait, Duration retryTimeout,
                         long maximumLagOnFailover, Duration primaryStartTimeout, boolean useSlots,
                         boolean removeDataDirectoryOnRewindFailure, boolean usePgRewind) {

    public HaSettings {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(ttl, "ttl");
        Objects.requireNonNull(loopWait, "loopWait");
        Objects.requireNonNull(retryTimeout, "retryTimeout");
        Objects.requireNonNull(primaryStartTimeout, "primaryStartTimeout");
    }

    /** This node's defaults: the dynamic configuration defaults, pg_rewind on, no wiping. */
    public static HaSettings defaults(String name) {
        DynamicConfig d = DynamicConfig.DEFAULTS;
        return new HaSettings(name, d.ttl(), d.loopWait(), d.retryTimeout(), d.maximumLagOnFailover(),
                d.primaryStartTimeout(), d.useSlots(), false, true);
    }

    /** The values in force: the cluster's dynamic configuration when it has one, these values otherwise. */
    public HaSettings effective(ClusterView cluster) {
        if (cluster.configIndex() <= 0) {
            return this;
        }
        DynamicConfig c = cluster.config();
        return new HaSettings(name, c.ttl(), c.loopWait(), c.retryTimeout(), c.maximumLagOnFailover(),
                c.primaryStartTimeout(), c.useSlots(), removeDataDirectoryOnRewindFailure, usePgRewind);
    }

    public HaSettings withPgRewind(boolean use, boolean removeOnFailure) {
        return new HaSettings(name, ttl, loopWait, retryTimeout, maximumLagOnFailover, primaryStartTimeout, useSlots,
                removeOnFailure, use);
    }
}
