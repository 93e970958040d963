package io.steward.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Decides whether a stopped data directory diverged from the leader, and runs crash recovery and pg_rewind. */
final class Rewinder {
    /** The leader's identity and position, read over SQL. */
    record LeaderPosition(String systemId, int timeline, Lsn lsn, TimelineHistory history) {
    }

    private static final String LEADER_SQL = """
            SELECT (SELECT system_identifier FROM pg_control_system()),
                   pg_is_in_recovery(),
                   CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn()::text
                        ELSE pg_current_wal_lsn()::text END,
                   CASE WHEN pg_is_in_recovery() THEN (SELECT timeline_id FROM pg_control_checkpoint())
                        ELSE ('x' || substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8))::bit(32)::int END
            """;

    private final PgSettings settings;
    private final PgBinaries binaries;
    private final ProcessRunner runner;
    private final DataDirectory dir;
    private final PgConnector connector;

    Rewinder(PgSettings settings, PgBinaries binaries, ProcessRunner runner, DataDirectory dir,
            PgConnector connector) {
        this.settings = settings;
        this.binaries = binaries;
        this.runner = runner;
        this.dir = dir;
        this.connector = connector;
    }

    /**
     * Where our WAL ends.
     *
     * @param endIsRecordStart true when {@code end} is the start of the last record (a shutdown checkpoint), false
     *     when it is an end position
     */
    record LocalPosition(String systemId, int timeline, Lsn end, boolean endIsRecordStart) {
        /** From the control file of a cleanly shut down data directory. */
        static LocalPosition of(ControlData cd) {
            return new LocalPosition(cd.systemId(), cd.endTimeline(), cd.endLsn(),
                    !cd.endLsn().isAfter(cd.checkpointLsn()));
        }

        /** From a running server: a primary's write position, a replica's last received or replayed position. */
        static LocalPosition of(PgStatus st) {
            Lsn end = st.lsn();
            for (Lsn l : new Lsn[] {st.receivedLsn(), st.replayedLsn()}) {
                if (l != null && (end == null || l.isAfter(end))) {
                    end = l;
                }
            }
            return new LocalPosition(st.systemId(), st.timeline(), end == null ? Lsn.ZERO : end, false);
        }
    }

    /** Compares where our WAL ends with the leader's timeline history and position. */
    RewindCheck check(LocalPosition local, Upstream leader) {
        LeaderPosition lp = leaderPosition(leader);
        if (!lp.systemId().equals(local.systemId())) {
            return impossible("system identifier " + local.systemId() + " differs from the leader's "
                    + lp.systemId());
        }
        int tl = local.timeline();
        Lsn end = local.end();
        boolean endIsRecordStart = local.endIsRecordStart();
        if (tl == lp.timeline()) {
            return end.isAfter(lp.lsn()) ? impossible("same timeline " + tl + " but our WAL (" + end
                    + ") is ahead of the leader's (" + lp.lsn() + ")")
                    : new RewindCheck(RewindCheck.Verdict.NOT_NEEDED, "same timeline " + tl + ", behind the leader");
        }
        if (tl > lp.timeline()) {
            return impossible("our timeline " + tl + " is newer than the leader's " + lp.timeline());
        }
        return lp.history().switchpointOf(tl)
                .map(sp -> diverged(end, sp, endIsRecordStart)
                        ? new RewindCheck(RewindCheck.Verdict.NEEDED, "our WAL ends at " + end + " on timeline " + tl
                                + ", past the leader's switch point " + sp)
                        : new RewindCheck(RewindCheck.Verdict.NOT_NEEDED, "our WAL ends at " + end + " on timeline "
                                + tl + ", before the leader's switch point " + sp))
                .orElseGet(() -> new RewindCheck(RewindCheck.Verdict.NEEDED,
                        "our timeline " + tl + " is not in the leader's history"));
    }

    /**
     * Runs crash recovery in single-user mode so the control file shows a clean shutdown with the true end of WAL.
     * Single-user mode refuses standby mode, so the signal files are set aside meanwhile and put back afterwards.
     */
    void crashRecovery(Duration timeout) {
        boolean standby = dir.hasFile(ConfigRenderer.STANDBY_SIGNAL);
        boolean recovery = dir.hasFile(ConfigRenderer.RECOVERY_SIGNAL);
        dir.deleteFile(ConfigRenderer.STANDBY_SIGNAL);
        dir.deleteFile(ConfigRenderer.RECOVERY_SIGNAL);
        try {
            runner.runChecked("crash recovery in single-user mode", List.of(binaries.path("postgres"), "--single",
                    "-F", "-D", dir.path().toString(), "-c", "archive_mode=off", "postgres"), Map.of(), timeout);
        } finally {
            if (standby) {
                dir.writeFile(ConfigRenderer.STANDBY_SIGNAL, "");
            }
            if (recovery) {
                dir.writeFile(ConfigRenderer.RECOVERY_SIGNAL, "");
            }
        }
    }

    /** Runs pg_rewind against the leader; throws {@link PgRewindFailed} with its output on failure. */
    void rewind(Upstream leader, Duration timeout) {
        PgCredentials su = settings.superuser();
        String source = "host=" + ConfigRenderer.conninfoValue(leader.host()) + " port=" + leader.port()
                + " user=" + ConfigRenderer.conninfoValue(su.username()) + " dbname=postgres connect_timeout=5";
        Map<String, String> env = su.password() == null ? Map.of() : Map.of("PGPASSWORD", su.password());
        ProcessRunner.Result r = runner.run(List.of(binaries.path("pg_rewind"), "-D", dir.path().toString(),
                "--source-server=" + source), env, timeout);
        if (!r.ok()) {
            throw new PgRewindFailed("pg_rewind from " + leader + " failed (exit code " + r.exitCode() + ")",
                    r.output());
        }
    }

    LeaderPosition leaderPosition(Upstream leader) {
        try (Connection c = connector.to(leader); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(LEADER_SQL)) {
            rs.next();
            int timeline = rs.getInt(4);
            TimelineHistory history = timeline > 1 ? history(c, timeline) : new TimelineHistory(List.of());
            return new LeaderPosition(Long.toUnsignedString(rs.getLong(1)), timeline, Lsn.parse(rs.getString(3)),
                    history);
        } catch (SQLException e) {
            throw new PostgresUnavailable("cannot read the position of leader " + leader + ": " + e.getMessage(), e);
        }
    }

    private static TimelineHistory history(Connection c, int timeline) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_read_file('pg_wal/' || ? || '.history')")) {
            ps.setString(1, String.format("%08X", timeline));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return TimelineHistory.parse(rs.getString(1));
            }
        }
    }

    /**
     * A checkpoint record starting at the switch point already diverges (the leader wrote something else there); a
     * minimum recovery point is an end position, so it diverges only when past the switch point.
     */
    private static boolean diverged(Lsn end, Lsn switchpoint, boolean endIsRecordStart) {
        return endIsRecordStart ? end.compareTo(switchpoint) >= 0 : end.isAfter(switchpoint);
    }

    private static RewindCheck impossible(String reason) {
        return new RewindCheck(RewindCheck.Verdict.IMPOSSIBLE, reason);
    }
}
