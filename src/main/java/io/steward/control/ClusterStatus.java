package io.steward.control;

import io.steward.model.FailoverIntent;

import java.util.List;

/**
 * The cluster as shown to operators (GetCluster, GET /cluster, {@code stewardctl list}).
 *
 * @param scope               the cluster's name
 * @param leader              the holder of the leader lease, or null when nobody holds it
 * @param paused              maintenance mode is on ({@code pause: true} in the config key)
 * @param scheduledSwitchover the pending scheduled switchover, or null
 * @param members             every live member key, sorted by name
 */
public record ClusterStatus(String scope, String leader, boolean paused, FailoverIntent scheduledSwitchover,
                            List<MemberInfo> members) {

    public ClusterStatus {
        members = members == null ? List.of() : List.copyOf(members);
    }
}
