package io.steward.loop;

import io.steward.dcs.Dcs;
import io.steward.dcs.DcsUnavailable;
import io.steward.ha.Action;
import io.steward.ha.Decision;
import io.steward.ha.HaSettings;
import io.steward.model.ClusterView;
import io.steward.postgres.PostgresInstance;
import io.steward.postgres.StopMode;
import io.steward.postgres.Upstream;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Carries out a decision's actions in order: the only place where the HA loop changes PostgreSQL or writes the DCS.
 * A lost race stops the list. The first long action hands itself and everything after it to the single-slot runner,
 * so the loop keeps ticking (and the leader renewing) while it runs.
 */
final class ActionExecutor {

    private static final Logger LOG = Logger.getLogger(ActionExecutor.class);
    static final String BOOTSTRAP_PLACEHOLDER = "bootstrapping";

    private final String name;
    private final Dcs dcs;
    private final PostgresInstance pg;
    private final LeaseKeeper lease;
    private final SingleSlotRunner runner;
    private final Callbacks callbacks;
    private final LocalRequests requests;
    private final Map<String, Object> bootstrapConfig;
    private final Duration startTimeout;

    /** PostgreSQL's role changes, and the standby facts (upstream, divergence, rewind backoff) they leave. */
    final RoleChanges roles;

    ActionExecutor(String name, Dcs dcs, PostgresInstance pg, LeaseKeeper lease, SingleSlotRunner runner,
                   Callbacks callbacks, LocalRequests requests, Map<String, Object> bootstrapConfig,
                   Duration startTimeout, Clock clock) {
        this.name = name;
        this.dcs = dcs;
        this.pg = pg;
        this.lease = lease;
        this.runner = runner;
        this.callbacks = callbacks;
        this.requests = requests;
        this.bootstrapConfig = bootstrapConfig;
        this.startTimeout = startTimeout;
        this.roles = new RoleChanges(name, pg, lease, callbacks, requests, startTimeout, clock);
    }

    /** The facts an action needs beyond its own fields. */
    record Context(ClusterView cluster, HaSettings settings) {
    }

    /** Runs the decision. Returns false when a race step was lost (the rest of the list is skipped). */
    boolean execute(Decision decision, Context ctx) throws Exception {
        List<Action> actions = decision.actions();
        Deferred deferred = new Deferred();
        try {
            for (int i = 0; i < actions.size(); i++) {
                Action a = actions.get(i);
                if (isLong(a)) {
                    List<Action> rest = List.copyOf(actions.subList(i, actions.size()));
                    if (!runner.trySubmit(label(a), () -> runAll(rest, ctx, decision))) {
                        LOG.debugf("runner busy with %s; %s waits", runner.busy(), label(a));
                    }
                    return true;
                }
                if (!run(a, ctx, deferred)) {
                    LOG.info(decision.ifRaceLost() == null ? "race lost at " + a.describe() : decision.ifRaceLost());
                    return false;
                }
            }
            return true;
        } finally {
            startDemotedStandby(deferred, true);
        }
    }

    private void runAll(List<Action> actions, Context ctx, Decision decision) throws Exception {
        Deferred deferred = new Deferred();
        try {
            for (Action a : actions) {
                if (!run(a, ctx, deferred)) {
                    LOG.info(decision.ifRaceLost() == null ? "race lost at " + a.describe() : decision.ifRaceLost());
                    return;
                }
            }
        } finally {
            startDemotedStandby(deferred, false);
        }
    }

    /**
     * A demotion stops PostgreSQL at once but starts it again as a standby only after the rest of the list has run:
     * the lease release that follows a graceful demotion then reaches the candidate without waiting for the restart.
     */
    static final class Deferred {
        boolean standbyStart;
        Upstream upstream;
    }

    private void startDemotedStandby(Deferred d, boolean viaRunner) throws Exception {
        if (!d.standbyStart) {
            return;
        }
        Upstream up = d.upstream;
        SingleSlotRunner.Task start = () -> pg.demote(up, startTimeout);
        if (!viaRunner || !runner.trySubmit("start", start)) {
            start.run();
        }
    }

    static boolean isLong(Action a) {
        return a instanceof Action.InitializeCluster || a instanceof Action.CloneFrom
                || a instanceof Action.StartAsReplica || a instanceof Action.RestartPostgres
                || a instanceof Action.Promote || a instanceof Action.Rewind || a instanceof Action.Reinitialize;
    }

    static String label(Action a) {
        if (a instanceof Action.InitializeCluster) {
            return "bootstrap";
        } else if (a instanceof Action.CloneFrom) {
            return "clone";
        } else if (a instanceof Action.StartAsReplica) {
            return "start";
        } else if (a instanceof Action.RestartPostgres) {
            return "restart";
        } else if (a instanceof Action.Promote) {
            return "promote";
        } else if (a instanceof Action.Rewind) {
            return "rewind";
        } else if (a instanceof Action.Reinitialize) {
            return "reinitialize";
        }
        return a.describe();
    }

    /** One action; false only when it is a race and the race was lost. */
    private boolean run(Action a, Context ctx, Deferred deferred) throws Exception {
        Duration ttl = ctx.settings().ttl();
        if (a instanceof Action.AcquireLeader) {
            return acquire(ttl);
        } else if (a instanceof Action.RenewLeader) {
            return renew(ttl);
        } else if (a instanceof Action.ReleaseLeader) {
            lease.lost();
            dcs.releaseLeader(name);
        } else if (a instanceof Action.InitializeCluster) {
            return bootstrap(ttl);
        } else if (a instanceof Action.WriteInitialize x) {
            if (!dcs.initialize(x.systemId())) {
                return false;
            }
            seedConfig();
        } else if (a instanceof Action.ClearFailover x) {
            return dcs.casFailover(null, x.index());
        } else {
            runPostgresAction(a, ctx, deferred);
        }
        return true;
    }

    private void runPostgresAction(Action a, Context ctx, Deferred deferred) throws Exception {
        if (a instanceof Action.CloneFrom x) {
            roles.clone(x.source(), x.upstream(), ctx);
        } else if (a instanceof Action.StartAsReplica x) {
            roles.startAsReplica(x.upstream(), ctx);
        } else if (a instanceof Action.StopPostgres x) {
            pg.stop(x.mode() == Action.StopMode.IMMEDIATE ? StopMode.IMMEDIATE : StopMode.FAST, startTimeout);
            callbacks.fire("on_stop", "replica");
        } else if (a instanceof Action.RestartPostgres) {
            restart();
        } else if (a instanceof Action.Promote) {
            roles.promote(ctx);
        } else if (a instanceof Action.Demote x) {
            roles.demote(x.kind(), x.upstream(), ctx, deferred);
        } else if (a instanceof Action.Follow x) {
            roles.follow(x.upstream(), ctx);
        } else if (a instanceof Action.Rewind x) {
            roles.rewindAndFollow(x.source(), ctx);
        } else if (a instanceof Action.Reinitialize x) {
            roles.reinitialize(x.source(), x.upstream(), ctx);
        } else if (a instanceof Action.PublishStatus x) {
            dcs.publishStatus(x.optime(), Map.of());
        } else if (a instanceof Action.PublishHistory) {
            dcs.publishHistory(pg.timelineHistory());
        } else if (a instanceof Action.SyncSlots x) {
            pg.syncSlots(x.slots(), !x.dropAllowed());
        } else if (a instanceof Action.Warn x) {
            LOG.warn(x.text());
        } else if (a instanceof Action.CancelLongAction) {
            runner.cancel();
        } else if (a instanceof Action.DropRequest x) {
            requests.complete(x.outcome(), false);
        } else {
            throw new IllegalStateException("no executor for " + a.describe());
        }
    }

    private boolean renew(Duration ttl) throws DcsUnavailable {
        long sent = lease.beforeSend();
        boolean ok = dcs.renewLeader(name, ttl);
        if (ok) {
            lease.confirmed(sent, ttl);
        } else {
            lease.lost();
        }
        return ok;
    }

    private boolean acquire(Duration ttl) throws DcsUnavailable {
        long sent = lease.beforeSend();
        boolean ok = dcs.tryAcquireLeader(name, ttl);
        if (ok) {
            lease.confirmed(sent, ttl);
        }
        return ok;
    }

    /** Wins the initialize key, runs initdb and starts, takes the lease, then records the real system id. */
    private boolean bootstrap(Duration ttl) throws Exception {
        if (!dcs.initialize(BOOTSTRAP_PLACEHOLDER)) {
            return false;
        }
        boolean acquired = false;
        try {
            LOG.info("bootstrapping a new cluster");
            pg.bootstrap(startTimeout);
            acquired = acquire(ttl);
            if (!acquired) {
                throw new IllegalStateException("another member took the leader lock during bootstrap");
            }
            String sysid = pg.status().systemId();
            dcs.cancelInitialize(BOOTSTRAP_PLACEHOLDER);
            dcs.initialize(sysid);
            seedConfig();
            roles.upstream = null;
            callbacks.fire("on_start", "primary");
            LOG.infof("initialized a new cluster (system ID %s)", sysid);
            return true;
        } catch (Exception e) {
            LOG.errorf("bootstrap failed, giving the initialize key back: %s", e.getMessage());
            pg.stop(StopMode.IMMEDIATE, startTimeout);
            pg.wipeDataDirectory();
            if (acquired) {
                lease.lost();
                dcs.releaseLeader(name);
            }
            dcs.cancelInitialize(BOOTSTRAP_PLACEHOLDER);
            throw e;
        }
    }

    /** Writes the bootstrap dynamic configuration if the cluster has none yet. */
    private void seedConfig() throws DcsUnavailable {
        if (dcs.casConfig(bootstrapConfig, 0)) {
            LOG.info("wrote the initial dynamic configuration");
        }
    }

    private void restart() {
        try {
            pg.restart(StopMode.FAST, startTimeout);
            callbacks.fire("on_restart", pg.status().role().wire());
            requests.complete("restarted successfully", true);
        } catch (RuntimeException e) {
            requests.complete("restart failed: " + e.getMessage(), false);
            throw e;
        }
    }

}
