package io.steward.postgres;

import java.util.HashMap;
import java.util.Map;

/**
 * What {@code pg_controldata} says about a data directory; readable while PostgreSQL is stopped.
 *
 * @param clusterState e.g. "shut down", "in production", "in archive recovery", "shut down in recovery"
 * @param checkpointLsn "Latest checkpoint location"
 * @param checkpointTimeline "Latest checkpoint's TimeLineID"
 * @param minRecoveryLsn "Minimum recovery ending location" (0/0 on a primary)
 * @param minRecoveryTimeline "Min recovery ending loc's timeline"
 */
public record ControlData(String systemId, String clusterState, Lsn checkpointLsn, int checkpointTimeline,
        Lsn minRecoveryLsn, int minRecoveryTimeline, int dataChecksumVersion, boolean walLogHints) {

    public boolean shutDownCleanly() {
        return "shut down".equals(clusterState) || "shut down in recovery".equals(clusterState);
    }

    public boolean inProduction() {
        return "in production".equals(clusterState);
    }

    public boolean inArchiveRecovery() {
        return "in archive recovery".equals(clusterState) || "shut down in recovery".equals(clusterState);
    }

    /**
     * Where this server's WAL ends, as far as the control file tells: the minimum recovery point of a replica when
     * it is later than the checkpoint, else the latest checkpoint.
     */
    public Lsn endLsn() {
        if (minRecoveryLsn != null && minRecoveryLsn.isAfter(checkpointLsn)) {
            return minRecoveryLsn;
        }
        return checkpointLsn;
    }

    /** The timeline {@link #endLsn()} is on. */
    public int endTimeline() {
        return minRecoveryLsn != null && minRecoveryLsn.isAfter(checkpointLsn) && minRecoveryTimeline > 0
                ? minRecoveryTimeline : checkpointTimeline;
    }

    /** Parses the output of pg_controldata (run with LC_ALL=C). */
    static ControlData parse(String output) {
        Map<String, String> kv = new HashMap<>();
        for (String line : output.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                kv.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
            }
        }
        String systemId = kv.get("Database system identifier");
        if (systemId == null) {
            throw new IllegalArgumentException("no system identifier in pg_controldata output");
        }
        return new ControlData(systemId, kv.getOrDefault("Database cluster state", "unknown"),
                Lsn.parse(kv.get("Latest checkpoint location")), intOf(kv.get("Latest checkpoint's TimeLineID")),
                Lsn.parse(kv.get("Minimum recovery ending location")),
                intOf(kv.get("Min recovery ending loc's timeline")),
                intOf(kv.get("Data page checksum version")), "on".equals(kv.get("wal_log_hints setting")));
    }

    private static int intOf(String s) {
        return s == null || s.isBlank() ? 0 : Integer.parseInt(s.trim());
    }
}
