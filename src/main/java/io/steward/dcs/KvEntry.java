package io.steward.dcs;

import java.time.Duration;

/**
 * One key of the replicated store.
 *
 * @param modIndex the index of the entry's last change (the Raft log index in the Ratis store); always positive
 * @param ttl      the lease duration given with the last put, or null when the key does not expire
 */
public record KvEntry(String key, String value, long modIndex, Duration ttl) {

    public boolean isLease() {
        return ttl != null;
    }
}
