package io.steward.loop;

import io.steward.control.ControlException;
import io.steward.control.LocalNode;
import io.steward.control.NodeStatus;
import io.steward.dcs.Dcs;
import io.steward.dcs.DcsUnavailable;
import io.steward.ha.Decision;
import io.steward.ha.HaDecider;
import io.steward.ha.HaSettings;
import io.steward.model.ClusterView;
import io.steward.model.LocalRequest;
import io.steward.model.LocalView;
import io.steward.model.PgRole;
import io.steward.postgres.PgStatus;
import io.steward.postgres.PostgresInstance;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The HA loop of one agent: observe, decide, act, once per loop_wait or at once when the DCS says something relevant
 * changed. Implements {@link LocalNode} for the control plane, which only leaves requests here and wakes the loop.
 */
public final class HaLoop implements LocalNode, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(HaLoop.class);
    /** Keys whose every change is worth an immediate tick; the leader key only when it changes hands. */
    private static final List<String> WAKE_KEYS = List.of("config", "failover", "initialize");

    private final NodeIdentity id;
    private final Dcs dcs;
    private final PostgresInstance pg;
    private final HaSettings localSettings;
    private final Clock clock;
    private final LeaseKeeper lease = new LeaseKeeper();
    private final SingleSlotRunner runner;
    private final LocalRequests requests = new LocalRequests();
    private final Callbacks callbacks;
    private final ActionExecutor executor;
    private final Observer observer;
    private final MemberPublisher publisher;
    private final LeaseGuard guard;
    private final Map<String, String> localParameters;
    private final Object wakeLock = new Object();
    private final List<AutoCloseable> watches = new ArrayList<>();
    private boolean wakeRequested;
    private volatile boolean running;
    private volatile boolean adopted;
    /** Set while a tick runs a demotion: the stored status still shows the primary it is stopping. */
    private volatile boolean steppingDown;
    private volatile ClusterView lastCluster = ClusterView.EMPTY;
    private volatile NodeStatus status;
    private volatile PgStatus lastPg;
    private Thread thread;
    private String lastMessage;

    public HaLoop(NodeIdentity id, Dcs dcs, PostgresInstance pg, HaSettings localSettings,
                  Map<String, Object> bootstrapConfig, Map<String, String> callbackCommands,
                  Map<String, String> localParameters, Clock clock) {
        this.localParameters = Map.copyOf(localParameters);
        this.id = id;
        this.dcs = dcs;
        this.pg = pg;
        this.localSettings = localSettings;
        this.clock = clock;
        this.runner = new SingleSlotRunner(this::wake);
        this.callbacks = new Callbacks(callbackCommands, id.scope());
        this.executor = new ActionExecutor(id.name(), dcs, pg, lease, runner, callbacks, requests, bootstrapConfig,
                Duration.ofSeconds(120), clock);
        this.observer = new Observer(id.name(), id.tags(), new PeerProbe(Duration.ofSeconds(2)));
        this.publisher = new MemberPublisher(id);
        this.guard = new LeaseGuard(lease, () -> lastCluster.isPaused(), () -> lastPg);
        this.status = publisher.initialStatus();
    }

    public void start() {
        running = true;
        for (String key : WAKE_KEYS) {
            watches.add(dcs.watch(key, this::wake));
        }
        watches.add(dcs.watch("leader", this::onLeaderKeyChange));
        thread = new Thread(this::run, "steward-ha-loop");
        thread.setDaemon(true);
        thread.start();
        guard.start();
    }

    private void run() {
        while (running) {
            try {
                tick();
            } catch (Throwable t) {
                LOG.errorf(t, "HA loop tick failed: %s", t.getMessage());
            }
            waitForWake(effective(lastCluster).loopWait());
        }
    }

    private HaSettings effective(ClusterView cluster) {
        return localSettings.effective(cluster);
    }

    /** One tick: observe, decide, act, publish. */
    void tick() {
        ClusterView cluster;
        boolean reachable;
        try {
            cluster = dcs.read();
            reachable = true;
            lastCluster = cluster;
        } catch (DcsUnavailable e) {
            cluster = lastCluster;
            reachable = false;
            LOG.warnf("DCS is not accessible: %s", e.getMessage());
        }
        if (reachable && !adopted) {
            adoptLeaseAfterRestart(cluster);
        }
        if (reachable) {
            applyDynamicParameters(cluster);
        }
        PgStatus pgStatus = pg.status();
        lastPg = pgStatus;
        Instant now = clock.instant();
        LocalView local = observer.observe(cluster, reachable, pgStatus, pg.dataDirectoryEmpty(), executor, lease,
                runner.busy(), requests.pending(), now);
        Decision decision = HaDecider.decide(cluster, local, localSettings, now);
        report(decision);
        HaSettings settings = effective(cluster);
        steppingDown = decision.actions().stream().anyMatch(a -> a instanceof io.steward.ha.Action.Demote);
        try {
            if (!executor.execute(decision, new ActionExecutor.Context(cluster, settings))) {
                wake();
            }
        } catch (Exception e) {
            LOG.errorf("%s failed: %s", decision.message(), e.getMessage());
        }
        PgStatus after = pg.status();
        lastPg = after;
        if (reachable) {
            publish(cluster, settings, after);
        }
        status = publisher.status(cluster, reachable, after, decision.message(), runner.busy(),
                executor.roles.upstream, safeReplication(after), clock.instant(), requests.pending());
        steppingDown = false;
    }

    /**
     * An agent restarted while its PostgreSQL kept running as the leader: the lease key may still name it. One
     * compare-and-set renewal proves it still holds it and arms the local deadline from that renewal.
     */
    private void adoptLeaseAfterRestart(ClusterView cluster) {
        adopted = true;
        if (!cluster.isLeader(id.name())) {
            return;
        }
        Duration ttl = effective(cluster).ttl();
        long sent = lease.beforeSend();
        try {
            if (dcs.renewLeader(id.name(), ttl)) {
                lease.confirmed(sent, ttl);
                LOG.info("the leader lock still names this member; renewed it after the agent restarted");
            }
        } catch (DcsUnavailable e) {
            adopted = false;
        }
    }

    /** postgresql.parameters of the dynamic configuration, overridden by this node's own, rendered and reloaded. */
    private void applyDynamicParameters(ClusterView cluster) {
        if (cluster.configIndex() <= 0) {
            return;
        }
        Map<String, String> merged = new java.util.LinkedHashMap<>();
        cluster.config().postgresqlParameters().forEach((k, v) -> {
            if (v != null) {
                merged.put(k, String.valueOf(v));
            }
        });
        merged.putAll(localParameters);
        try {
            if (pg.applyParameters(merged)) {
                LOG.info("applied PostgreSQL parameters from the dynamic configuration");
                callbacks.fire("on_reload", String.valueOf(lastPg == null ? "unknown" : lastPg.role().wire()));
            }
        } catch (RuntimeException e) {
            LOG.warnf("could not apply the dynamic PostgreSQL parameters: %s", e.getMessage());
        }
    }

    private void publish(ClusterView cluster, HaSettings settings, PgStatus pgStatus) {
        try {
            dcs.touchMember(publisher.member(pgStatus, cluster.isPaused(), executor.roles.upstream, requests.pending()),
                    settings.ttl());
        } catch (DcsUnavailable e) {
            LOG.warnf("could not update the member key: %s", e.getMessage());
        }
    }

    private List<NodeStatus.Replica> safeReplication(PgStatus pgStatus) {
        try {
            return pgStatus.running() && pgStatus.role() == PgRole.PRIMARY ? MemberPublisher.replicas(pg.replication()) : List.of();
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    private void report(Decision d) {
        String msg = d.message();
        boolean warn = msg.contains("parallel primary") || d.actions().stream()
                .anyMatch(a -> a instanceof io.steward.ha.Action.Warn);
        if (!msg.equals(lastMessage) || warn) {
            if (warn) {
                LOG.warn(msg);
            } else {
                LOG.info(msg);
            }
        } else {
            LOG.debug(msg);
        }
        lastMessage = msg;
    }

    /**
     * Every renewal changes the leader key; waking on each would make the members tick in lock-step with the leader
     * (and the leader with the members' writes). Only a lease that changed hands or vanished wakes the loop.
     */
    private void onLeaderKeyChange() {
        ClusterView local = dcs.readLocal();
        String now = local.hasLeader() ? local.leader().name() : null;
        String before = lastCluster.hasLeader() ? lastCluster.leader().name() : null;
        if (!java.util.Objects.equals(now, before)) {
            wake();
        }
    }

    private void waitForWake(Duration timeout) {
        synchronized (wakeLock) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!wakeRequested && running) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                try {
                    wakeLock.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            wakeRequested = false;
        }
    }

    // ---- LocalNode ---------------------------------------------------------------------------------------------

    @Override
    public String name() {
        return id.name();
    }

    @Override
    public NodeStatus status() {
        return publisher.withLiveLease(status, lease.valid() && !steppingDown);
    }

    @Override
    public void wake() {
        synchronized (wakeLock) {
            wakeRequested = true;
            wakeLock.notifyAll();
        }
    }

    @Override
    public String requestRestart(boolean pendingOnly, String role, Instant scheduledAt, Duration timeout) {
        PgRole filter = role == null || role.isBlank() ? null : PgRole.fromWire(role);
        if (role != null && !role.isBlank() && filter == PgRole.UNKNOWN) {
            throw new ControlException(ControlException.Kind.INVALID_ARGUMENT,
                    "role must be primary or replica, not '" + role + "'");
        }
        var future = requests.submit(new LocalRequest.Restart(pendingOnly, filter, scheduledAt));
        wake();
        if (scheduledAt != null) {
            return "Restart scheduled";
        }
        return LocalRequests.await(future, timeout, "restart");
    }

    @Override
    public boolean cancelScheduledRestart() {
        return requests.cancelScheduledRestart();
    }

    @Override
    public String requestReinitialize(boolean force, boolean fromLeader, boolean wait, Duration timeout) {
        if (runner.busy() != null) {
            if (!force) {
                throw new ControlException(ControlException.Kind.FAILED_PRECONDITION,
                        runner.busy() + " already in progress");
            }
            runner.cancel();
        }
        var future = requests.submit(new LocalRequest.Reinit(fromLeader));
        wake();
        if (!wait) {
            return "reinitialize started";
        }
        return LocalRequests.await(future, timeout, "reinitialize");
    }

    @Override
    public String reload() {
        if (!pg.reload()) {
            throw new ControlException(ControlException.Kind.FAILED_PRECONDITION, "postgres is not running");
        }
        callbacks.fire("on_reload", status.role().wire());
        return "Reloaded configuration";
    }

    /**
     * Agent shutdown (SIGTERM). Not paused: stop PostgreSQL, then release the lease so failover is immediate.
     * Paused: leave PostgreSQL running and the lease to expire, as the specification says.
     */
    public void shutdown() {
        running = false;
        wake();
        guard.close();
        closeWatches();
        if (thread != null) {
            try {
                thread.join(Duration.ofSeconds(30).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (lastCluster.isPaused()) {
            LOG.info("paused: leaving PostgreSQL running and the leader lock to expire");
            return;
        }
        runner.cancel();
        try {
            pg.stop(io.steward.postgres.StopMode.FAST, Duration.ofSeconds(60));
        } catch (RuntimeException e) {
            LOG.warnf("stopping PostgreSQL at shutdown failed: %s", e.getMessage());
        }
        if (lease.held()) {
            lease.lost();
            try {
                dcs.releaseLeader(id.name());
                LOG.info("released the leader lock at shutdown");
            } catch (DcsUnavailable e) {
                LOG.warnf("could not release the leader lock: %s", e.getMessage());
            }
        }
        try {
            dcs.deleteMember(id.name());
        } catch (DcsUnavailable e) {
            LOG.debugf("could not delete the member key: %s", e.getMessage());
        }
    }

    private void closeWatches() {
        for (AutoCloseable w : watches) {
            try {
                w.close();
            } catch (Exception ignored) {
                // closing
            }
        }
        watches.clear();
    }

    @Override
    public void close() {
        running = false;
        wake();
        guard.close();
        closeWatches();
        runner.close();
        callbacks.close();
    }
}
