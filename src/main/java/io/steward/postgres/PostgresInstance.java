package io.steward.postgres;

import io.steward.model.PgState;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Everything Steward does to one node's PostgreSQL, as verbs the HA loop calls. No HA decisions are made here.
 * Verbs that change PostgreSQL are serialised; probes are not, so they never wait behind a long clone.
 */
public final class PostgresInstance {
    private static final Logger LOG = Logger.getLogger(PostgresInstance.class);
    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(5);

    private volatile PgSettings settings;
    private final PgBinaries binaries;
    private final ProcessRunner runner;
    private final DataDirectory dir;
    private volatile ConfigRenderer renderer;
    private final PgConnector connector;
    private final PgProbe probe;
    private final Postmaster postmaster;
    private final Bootstrapper bootstrapper;
    private final ReplicaCloner cloner;
    private final Rewinder rewinder;
    private final StatusReader statusReader;
    /** The long action in progress (reported while PostgreSQL does not answer), or null. */
    private volatile PgState busy;

    /** @throws PgBinariesMissing when the PostgreSQL programs cannot be found */
    public PostgresInstance(PgSettings settings) {
        this.settings = settings;
        this.binaries = PgBinaries.resolve(settings.binDir());
        this.runner = new ProcessRunner(settings.runAs());
        this.dir = new DataDirectory(settings.dataDir(), runner);
        this.renderer = new ConfigRenderer(settings);
        this.connector = new PgConnector(settings);
        this.probe = new PgProbe(connector);
        this.postmaster = new Postmaster(settings, binaries, runner);
        this.bootstrapper = new Bootstrapper(settings, binaries, runner, dir);
        this.cloner = new ReplicaCloner(settings, binaries, runner, dir, connector);
        this.rewinder = new Rewinder(settings, binaries, runner, dir, connector);
        this.statusReader = new StatusReader(settings, binaries, runner, dir, postmaster, probe);
    }

    public PgSettings settings() {
        return settings;
    }

    public PgBinaries binaries() {
        return binaries;
    }

    /** The replication slot name other nodes' primaries keep for this member. */
    public static String slotNameFor(String memberName) {
        return ReplicationSlots.slotNameFor(memberName);
    }

    // ---- observation ------------------------------------------------------------------------------------------

    /** One observation of the local PostgreSQL; never throws for a server that is down or not answering. */
    public PgStatus status() {
        return statusReader.status(busy);
    }

    public PgState state() {
        return status().state();
    }

    /** pg_controldata of the data directory (meaningful while stopped). */
    public ControlData controlData() {
        return statusReader.controlData();
    }

    /** pg_stat_replication on this (primary) server. */
    public List<ReplicationInfo> replication() {
        return probe.replication();
    }

    /** pg_stat_wal_receiver on this (replica) server; empty when no WAL receiver runs. */
    public Optional<WalReceiverInfo> walReceiver() {
        return probe.walReceiver();
    }

    /** The postmaster's log lines since the last start. */
    public String logTail() {
        return postmaster.logTail();
    }

    /** True when the data directory is absent or empty (nothing to start: bootstrap or clone first). */
    public boolean dataDirectoryEmpty() {
        return dir.kind() == DataDirectory.Kind.EMPTY;
    }

    /**
     * Empties the data directory (only a PostgreSQL data directory or an empty one; never foreign content). For a
     * bootstrap that failed after initdb, so the race can be run again.
     */
    public synchronized void wipeDataDirectory() {
        dir.wipe();
    }

    /**
     * The timeline history of the current timeline, from {@code pg_wal/<timeline>.history}: one entry per past
     * timeline with the LSN where it ended and the reason PostgreSQL recorded. Empty on timeline 1.
     */
    public List<io.steward.model.HistoryEntry> timelineHistory() {
        int tl = status().timeline();
        java.nio.file.Path file = settings.dataDir().resolve("pg_wal").resolve(String.format("%08X.history", tl));
        if (tl <= 1 || !java.nio.file.Files.isRegularFile(file)) {
            return List.of();
        }
        try {
            List<io.steward.model.HistoryEntry> out = new java.util.ArrayList<>();
            for (String line : java.nio.file.Files.readAllLines(file)) {
                String[] parts = line.strip().split("\\s+", 3);
                if (parts.length < 2 || parts[0].startsWith("#")) {
                    continue;
                }
                out.add(new io.steward.model.HistoryEntry(Long.parseLong(parts[0]), Lsn.parse(parts[1]).value(),
                        parts.length > 2 ? parts[2] : "", null, null));
            }
            return List.copyOf(out);
        } catch (java.io.IOException | RuntimeException e) {
            throw new PostgresUnavailable("cannot read timeline history " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Replaces the configured parameters (dynamic configuration merged with the node's own). When they changed, the
     * configuration is rendered again and a running server reloads it; settings that need a restart then show as
     * pending_restart. Returns true when anything changed.
     */
    public synchronized boolean applyParameters(Map<String, String> parameters) {
        if (settings.parameters().equals(parameters)) {
            return false;
        }
        settings = settings.withParameters(parameters);
        renderer = new ConfigRenderer(settings);
        if (dir.kind() == DataDirectory.Kind.POSTGRES) {
            writeBaseConfig();
            postmaster.reload();
        }
        return true;
    }

    // ---- lifecycle --------------------------------------------------------------------------------------------

    /** initdb, Steward's configuration, start, roles, post-bootstrap SQL; leaves a running primary. */
    public synchronized StartResult bootstrap(Duration startTimeout) {
        return during(PgState.BOOTSTRAPPING, () -> {
            bootstrapper.initdb(COMMAND_TIMEOUT);
            writeConfig(null, false);
            StartResult started = postmaster.start(startTimeout, connector::localAnswers);
            if (started.state() != PgState.RUNNING) {
                throw new PgStartFailed("the new cluster did not accept connections within " + startTimeout,
                        postmaster.logTail());
            }
            bootstrapper.createRoles(connector);
            return started;
        });
    }

    /** Renders the configuration and starts the postmaster (as it is: primary, or standby if standby.signal). */
    public synchronized StartResult start(Duration timeout) {
        requirePostgresDataDirectory();
        if (postmaster.pid().isEmpty()) {
            writeBaseConfig();
        }
        return postmaster.start(timeout, connector::localAnswers);
    }

    public synchronized StopResult stop(StopMode mode, Duration timeout) {
        return stopPostmaster(mode, timeout);
    }

    public synchronized StartResult restart(StopMode mode, Duration timeout) {
        return during(PgState.RESTARTING, () -> {
            stopPostmaster(mode, timeout);
            return start(timeout);
        });
    }

    /** Re-renders the configuration and signals the postmaster to reload it; false when it is not running. */
    public synchronized boolean reload() {
        writeBaseConfig();
        return postmaster.reload();
    }

    // ---- roles ------------------------------------------------------------------------------------------------

    /**
     * Promotes this replica, waits until it leaves recovery, then checkpoints so the new timeline is in the control
     * file (a rewind of the old primary reads it from there).
     *
     * @return the new timeline
     */
    public synchronized int promote(Duration timeout) {
        try {
            // On the probes' open connection: a new login would add tens of milliseconds to the time in which no
            // server takes writes. pg_promote(wait => true) looks for the end of recovery only every 100 ms, so this
            // signals and polls instead. Idempotent, because a failed cached connection is retried on a fresh one.
            probe.withLocal(st -> {
                if (inRecovery(st)) {
                    st.execute("SELECT pg_promote(false)");
                }
                awaitNotInRecovery(st, timeout);
                return null;
            });
        } catch (SQLException e) {
            throw new PostgresUnavailable("promote failed: " + e.getMessage(), e);
        }
        dir.writeFile(ConfigRenderer.RECOVERY_CONF, renderer.primaryRecoveryConf());
        // Writes are already accepted; the checkpoint puts the new timeline into pg_control, which pg_rewind of the
        // former primary reads from this server.
        try (Connection c = connector.localLongRunning(); Statement st = c.createStatement()) {
            st.execute("CHECKPOINT");
        } catch (SQLException | PostgresUnavailable e) {
            LOG.warnf("CHECKPOINT after promotion failed (a rewind against this server waits for the next one): %s",
                    e.getMessage());
        }
        return probe.local(postmaster.pid().orElse(0)).timeline();
    }

    /** Stops (fast: clean shutdown checkpoint), configures as a standby of {@code leader} (may be null), starts. */
    public synchronized StartResult demote(Upstream leader, Duration timeout) {
        stopPostmaster(StopMode.FAST, timeout);
        writeConfig(leader, true);
        return postmaster.start(timeout, connector::localAnswers);
    }

    /**
     * Points this standby at {@code leader}: rewrites primary_conninfo and primary_slot_name, then reloads (PostgreSQL
     * 13+ applies them without a restart). A running primary is demoted; a stopped server is started.
     */
    public synchronized FollowResult follow(Upstream leader, Duration timeout) {
        requirePostgresDataDirectory();
        OptionalLong pid = postmaster.pid();
        if (pid.isEmpty()) {
            writeConfig(leader, true);
            return new FollowResult(FollowResult.Action.STARTED, postmaster.start(timeout, connector::localAnswers).pid());
        }
        boolean primary = !dir.hasFile(ConfigRenderer.STANDBY_SIGNAL);
        if (primary || binaries.majorVersion() < 13) {
            return new FollowResult(FollowResult.Action.RESTARTED, demote(leader, timeout).pid());
        }
        writeConfig(leader, true);
        postmaster.reload();
        return new FollowResult(FollowResult.Action.RELOADED, pid.getAsLong());
    }

    // ---- replicas ---------------------------------------------------------------------------------------------

    /**
     * Clones from the leader into the empty data directory and starts as its standby. {@code timeout} bounds the
     * clone, then the start.
     */
    public synchronized StartResult createReplica(Upstream leader, Duration timeout) {
        return during(PgState.CREATING_REPLICA, () -> {
            cloner.cloneFrom(leader, timeout);
            writeConfig(leader, true);
            return postmaster.start(timeout, connector::localAnswers);
        });
    }

    /** Stops, removes the data directory (only if it is PostgreSQL's or empty), clones again, starts as standby. */
    public synchronized StartResult reinitialize(Upstream leader, Duration timeout) {
        stopPostmaster(StopMode.IMMEDIATE, timeout);
        dir.wipe();
        return createReplica(leader, timeout);
    }

    /**
     * Compares this node with the leader: a running server by its SQL position; a stopped one by its control file,
     * after crash recovery in single-user mode when it was not shut down cleanly. Does not stop anything.
     */
    public synchronized RewindCheck checkRewind(Upstream leader, Duration timeout) {
        OptionalLong pid = postmaster.pid();
        if (pid.isPresent()) {
            return rewinder.check(Rewinder.LocalPosition.of(probe.local(pid.getAsLong())), leader);
        }
        return rewinder.check(Rewinder.LocalPosition.of(cleanControlData(timeout)), leader);
    }

    /**
     * Makes this (former primary) node a standby of {@code leader}: rewinds it when it diverged, re-clones when a
     * rewind is impossible or fails and {@link PgSettings#removeDataDirectoryOnRewindFailure()} allows it.
     *
     * @throws PgRewindFailed when the rewind is impossible or failed and re-cloning is not allowed
     */
    public synchronized StartResult rewindAndFollow(Upstream leader, Duration timeout) {
        return during(PgState.REWINDING, () -> {
            stopPostmaster(StopMode.FAST, timeout);
            RewindCheck check = checkRewind(leader, timeout);
            try {
                switch (check.verdict()) {
                    case NEEDED -> rewinder.rewind(leader, timeout);
                    case IMPOSSIBLE -> throw new PgRewindFailed("cannot rewind onto " + leader + ": " + check.reason(),
                            "");
                    case NOT_NEEDED -> { }
                }
            } catch (PgRewindFailed e) {
                if (!settings.removeDataDirectoryOnRewindFailure()) {
                    throw e;
                }
                return reinitialize(leader, timeout);
            }
            writeConfig(leader, true);
            return postmaster.start(timeout, connector::localAnswers);
        });
    }

    // ---- slots ------------------------------------------------------------------------------------------------

    /** On the primary: one physical slot per member in {@code members}; departed ones dropped unless paused. */
    public synchronized SlotSyncResult syncSlots(Set<String> members, boolean paused) {
        try {
            return probe.withLocal(st -> ReplicationSlots.sync(st.getConnection(), members, paused));
        } catch (SQLException e) {
            throw new PostgresUnavailable("replication slot synchronisation failed: " + e.getMessage(), e);
        }
    }

    /** Physical slot names on this server. */
    public Set<String> slots() {
        try {
            return probe.withLocal(st -> ReplicationSlots.physicalSlots(st.getConnection()).keySet());
        } catch (SQLException e) {
            throw new PostgresUnavailable("reading replication slots failed: " + e.getMessage(), e);
        }
    }

    // ---- internals --------------------------------------------------------------------------------------------

    /**
     * The control data, after crash recovery in single-user mode when a primary was not shut down cleanly (a
     * replica's minimum recovery point already tells where its WAL ends).
     */
    private ControlData cleanControlData(Duration timeout) {
        ControlData cd = controlData();
        if (cd.shutDownCleanly() || cd.inArchiveRecovery()) {
            return cd;
        }
        rewinder.crashRecovery(timeout);
        return controlData();
    }

    /** Drops the probes' cached connection first: an open client would hold up a smart or fast shutdown. */
    private StopResult stopPostmaster(StopMode mode, Duration timeout) {
        probe.disconnect();
        return postmaster.stop(mode, timeout);
    }

    /** Renders postgresql.conf and pg_hba.conf; the recovery files are left as they are. */
    private void writeBaseConfig() {
        dir.writeFile(ConfigRenderer.MAIN_CONF, renderer.postgresqlConf());
        dir.writeFile(ConfigRenderer.HBA, renderer.pgHba());
    }

    /** Renders all of Steward's files: as a standby of {@code upstream} (may be null), or as a primary. */
    private void writeConfig(Upstream upstream, boolean standby) {
        writeBaseConfig();
        if (standby) {
            dir.writeFile(ConfigRenderer.RECOVERY_CONF, renderer.recoveryConf(upstream));
            dir.writeFile(ConfigRenderer.STANDBY_SIGNAL, "");
        } else {
            dir.writeFile(ConfigRenderer.RECOVERY_CONF, renderer.primaryRecoveryConf());
            dir.deleteFile(ConfigRenderer.STANDBY_SIGNAL);
        }
    }

    /** Runs a long action, reporting {@code state} while PostgreSQL does not answer (the innermost one wins). */
    private <T> T during(PgState state, Supplier<T> action) {
        PgState outer = busy;
        busy = state;
        try {
            return action.get();
        } finally {
            busy = outer;
        }
    }

    private void requirePostgresDataDirectory() {
        if (dir.kind() != DataDirectory.Kind.POSTGRES) {
            throw new PgDataDirectoryCorrupt("cannot start: " + settings.dataDir()
                    + " holds no PostgreSQL data directory (no PG_VERSION)", "");
        }
        int v = dir.pgVersion();
        if (v != binaries.majorVersion()) {
            throw new PgDataDirectoryCorrupt("data directory " + settings.dataDir() + " is PostgreSQL " + v
                    + " but the binaries in " + binaries.binDir() + " are " + binaries.majorVersion(), "");
        }
    }

    private static boolean inRecovery(Statement st) throws SQLException {
        try (ResultSet rs = st.executeQuery("SELECT pg_is_in_recovery()")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    private static void awaitNotInRecovery(Statement st, Duration timeout) throws SQLException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!inRecovery(st)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new PostgresUnavailable("still in recovery " + timeout + " after pg_promote", null);
            }
            Postmaster.sleep(10);
        }
    }
}
