package io.steward.postgres;

/** Whether this node's data directory can follow the leader as it is, needs pg_rewind, or must be re-cloned. */
public record RewindCheck(Verdict verdict, String reason) {
    public enum Verdict {
        /** our WAL is a prefix of the leader's history: follow as is */
        NOT_NEEDED,
        /** we have WAL the leader does not (diverged on an older timeline): pg_rewind */
        NEEDED,
        /** pg_rewind cannot help (other system, we are ahead on the same or a newer timeline): re-clone */
        IMPOSSIBLE
    }
}
