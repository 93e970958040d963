package io.steward.postgres;

/**
 * One row of pg_stat_wal_receiver on a replica.
 *
 * @param status "streaming", "startup", "catchup", "waiting", "stopping"...
 */
public record WalReceiverInfo(String status, int receivedTimeline, String senderHost, int senderPort,
        String slotName, Lsn flushedLsn) {
    public boolean streaming() {
        return "streaming".equals(status);
    }
}
