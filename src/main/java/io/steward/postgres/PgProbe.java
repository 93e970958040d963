package io.steward.postgres;

import io.steward.model.PgRole;
import io.steward.model.PgState;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** SQL probes of a running server (local or another member). Every query runs under the connector's timeouts. */
final class PgProbe {
    private static final String STATUS_SQL = """
            SELECT pg_is_in_recovery(),
                   CASE WHEN pg_is_in_recovery() THEN NULL ELSE pg_current_wal_lsn()::text END,
                   pg_last_wal_receive_lsn()::text,
                   pg_last_wal_replay_lsn()::text,
                   CASE WHEN pg_is_in_recovery() THEN NULL
                        ELSE ('x' || substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8))::bit(32)::int END,
                   (SELECT timeline_id FROM pg_control_checkpoint()),
                   (SELECT system_identifier FROM pg_control_system()),
                   current_setting('server_version_num')::int,
                   EXISTS (SELECT 1 FROM pg_settings WHERE pending_restart)
            """;
    private static final String WAL_RECEIVER_SQL = """
            SELECT status, received_tli, sender_host, sender_port, slot_name, flushed_lsn::text
              FROM pg_stat_wal_receiver
            """;
    private static final String REPLICATION_SQL = """
            SELECT application_name, client_addr::text, state, sync_state,
                   sent_lsn::text, flush_lsn::text, replay_lsn::text
              FROM pg_stat_replication ORDER BY application_name
            """;

    private final PgConnector connector;
    /** One superuser connection reused by every probe: a new one per probe costs a backend fork and a SCRAM login. */
    private Connection cached;

    PgProbe(PgConnector connector) {
        this.connector = connector;
    }

    /** A probe body run on the cached connection. */
    @FunctionalInterface
    interface SqlBody<T> {
        T run(Statement st) throws SQLException;
    }

    /**
     * Runs {@code body} on the cached connection, opening one when there is none. A failure on a connection that
     * was cached (the server restarted meanwhile) is retried once on a fresh one.
     */
    synchronized <T> T withLocal(SqlBody<T> body) throws SQLException {
        boolean fresh = cached == null;
        if (fresh) {
            cached = connector.local();
        }
        try (Statement st = cached.createStatement()) {
            return body.run(st);
        } catch (SQLException e) {
            disconnect();
            if (fresh) {
                throw e;
            }
            cached = connector.local();
            try (Statement st = cached.createStatement()) {
                return body.run(st);
            } catch (SQLException again) {
                disconnect();
                throw again;
            }
        }
    }

    /** Closes the cached connection (before a shutdown, which an open client would hold up). */
    synchronized void disconnect() {
        if (cached != null) {
            try {
                cached.close();
            } catch (SQLException ignored) {
                // already broken
            }
            cached = null;
        }
    }

    /** Full status of the local server, which must answer SQL (else {@link PostgresUnavailable}). */
    PgStatus local(long postmasterPid) {
        try {
            return withLocal(st -> status(st, postmasterPid));
        } catch (SQLException e) {
            throw new PostgresUnavailable("status query failed: " + e.getMessage(), e);
        }
    }

    private static PgStatus status(Statement st, long postmasterPid) throws SQLException {
        {
            Optional<WalReceiverInfo> wr = walReceiver(st);
            try (ResultSet rs = st.executeQuery(STATUS_SQL)) {
                rs.next();
                boolean recovery = rs.getBoolean(1);
                Lsn replayed = Lsn.parse(rs.getString(4));
                Lsn lsn = recovery ? replayed : Lsn.parse(rs.getString(2));
                int timeline = recovery ? wr.map(WalReceiverInfo::receivedTimeline).filter(t -> t > 0)
                        .orElse(rs.getInt(6)) : rs.getInt(5);
                return new PgStatus(PgState.RUNNING, recovery ? PgRole.REPLICA : PgRole.PRIMARY, timeline, lsn,
                        Lsn.parse(rs.getString(3)), replayed, Long.toUnsignedString(rs.getLong(7)), rs.getInt(8),
                        rs.getBoolean(9), wr.map(WalReceiverInfo::streaming).orElse(false),
                        wr.map(WalReceiverInfo::senderHost).orElse(null),
                        wr.map(WalReceiverInfo::senderPort).orElse(0), postmasterPid,
                        recovery ? "running as a replica" : "running as a primary");
            }
        }
    }

    Optional<WalReceiverInfo> walReceiver() {
        try {
            return withLocal(PgProbe::walReceiver);
        } catch (SQLException e) {
            throw new PostgresUnavailable("reading pg_stat_wal_receiver failed: " + e.getMessage(), e);
        }
    }

    List<ReplicationInfo> replication() {
        try {
            return withLocal(st -> {
                List<ReplicationInfo> rows = new ArrayList<>();
                try (ResultSet rs = st.executeQuery(REPLICATION_SQL)) {
                    while (rs.next()) {
                        rows.add(new ReplicationInfo(rs.getString(1), rs.getString(2), rs.getString(3),
                                rs.getString(4), Lsn.parse(rs.getString(5)), Lsn.parse(rs.getString(6)),
                                Lsn.parse(rs.getString(7))));
                    }
                }
                return List.copyOf(rows);
            });
        } catch (SQLException e) {
            throw new PostgresUnavailable("reading pg_stat_replication failed: " + e.getMessage(), e);
        }
    }

    private static Optional<WalReceiverInfo> walReceiver(Statement st) throws SQLException {
        try (ResultSet rs = st.executeQuery(WAL_RECEIVER_SQL)) {
            if (!rs.next()) {
                return Optional.empty();
            }
            return Optional.of(new WalReceiverInfo(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getInt(4),
                    rs.getString(5), Lsn.parse(rs.getString(6))));
        }
    }
}
