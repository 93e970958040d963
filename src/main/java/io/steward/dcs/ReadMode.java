package io.steward.dcs;

/** How fresh a {@link KvStore} read must be. */
public enum ReadMode {
    /** Reflects every write committed before the read started (Raft ReadIndex). Use for decisions. */
    LINEARIZABLE,
    /** This peer's applied state, possibly behind; never blocks on a quorum. Use for display. */
    LOCAL
}
