package io.steward.postgres;

/** One row of pg_stat_replication on a primary: a connected standby. */
public record ReplicationInfo(String applicationName, String clientAddress, String state, String syncState,
        Lsn sentLsn, Lsn flushLsn, Lsn replayLsn) {
}
