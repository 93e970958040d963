package io.steward.model;

import java.time.Instant;

/**
 * The {@code failover} key: a planned switchover (leader set, candidate optional) or a failover (candidate set).
 *
 * @param leader      the current leader the request was made against, or null for a failover
 * @param candidate   the member that should take over, or null for "the best one"
 * @param scheduledAt when to run it, or null for now
 * @param index       modification index of the key (for compare-and-set)
 */
public record FailoverIntent(String leader, String candidate, Instant scheduledAt, long index) {

    public boolean isScheduled() {
        return scheduledAt != null;
    }
}
