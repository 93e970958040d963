package io.steward.loop;

import io.steward.ha.Action;
import io.steward.model.Member;
import io.steward.postgres.PostgresInstance;
import io.steward.postgres.ReplicationInfo;
import io.steward.postgres.StopMode;
import io.steward.postgres.Upstream;
import org.jboss.logging.Logger;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * PostgreSQL's role changes on this node (promote, demote, follow, pg_rewind, clone, start as a standby,
 * reinitialize), run by the {@link ActionExecutor}, and what they leave behind for the next observation: the member
 * this standby follows, whether its WAL may have diverged from the leader's, and the spacing of failed rewinds.
 */
final class RoleChanges {

    private static final Logger LOG = Logger.getLogger(RoleChanges.class);
    private static final Duration SWITCHOVER_CATCH_UP = Duration.ofSeconds(10);

    private final String name;
    private final PostgresInstance pg;
    private final LeaseKeeper lease;
    private final Callbacks callbacks;
    private final LocalRequests requests;
    private final Duration startTimeout;
    private final Clock clock;

    /** The member this node's primary_conninfo points at (null when primary or unknown). */
    volatile String upstream;
    /** This node ran as a primary that is no longer the leader: its WAL may have diverged from the new leader's. */
    volatile boolean mayHaveDiverged;
    /** Failed pg_rewind attempts in a row and when the next may run. */
    final RewindBackoff rewinds = new RewindBackoff();

    RoleChanges(String name, PostgresInstance pg, LeaseKeeper lease, Callbacks callbacks, LocalRequests requests,
                Duration startTimeout, Clock clock) {
        this.name = name;
        this.pg = pg;
        this.lease = lease;
        this.callbacks = callbacks;
        this.requests = requests;
        this.startTimeout = startTimeout;
        this.clock = clock;
    }

    void clone(String source, String target, ActionExecutor.Context ctx) throws Exception {
        pg.createReplica(upstreamOf(source, ctx), startTimeout);
        afterFreshCopy(source, target, ctx);
        callbacks.fire("on_start", "replica");
    }

    /**
     * After the data directory was copied from {@code source} (clone or reinitialize): repoint at {@code target} when
     * that is another member. A fresh copy cannot have diverged, and a rewind backoff no longer applies to it.
     */
    private void afterFreshCopy(String source, String target, ActionExecutor.Context ctx) {
        upstream = source;
        if (target != null && !target.equals(source)) {
            pg.follow(upstreamOf(target, ctx), startTimeout);
            upstream = target;
        }
        mayHaveDiverged = false;
        rewinds.reset();
    }

    void startAsReplica(String target, ActionExecutor.Context ctx) throws Exception {
        if (target == null) {
            pg.demote(null, startTimeout);
            upstream = null;
        } else {
            followOrRewind(target, ctx);
        }
        callbacks.fire("on_start", "replica");
    }

    /** Standby of {@code target}: through pg_rewind when this node may have diverged from the leader it follows. */
    private void followOrRewind(String target, ActionExecutor.Context ctx) {
        if (mayHaveDiverged && target.equals(leaderName(ctx))) {
            rewindAndFollow(target, ctx);
        } else {
            pg.follow(upstreamOf(target, ctx), startTimeout);
            upstream = target;
        }
    }

    void promote(ActionExecutor.Context ctx) {
        if (!lease.valid() && !ctx.cluster().isPaused()) {
            LOG.warn("not promoting: the leader lease is no longer valid on this node");
            return;
        }
        int timeline = pg.promote(startTimeout);
        upstream = null;
        mayHaveDiverged = false;
        createSlotsForEveryone(ctx);
        LOG.infof("promoted to primary on timeline %d", timeline);
        callbacks.fire("on_role_change", "primary");
    }

    /** Right after promotion, so the other members can stream at once instead of retrying until the next tick. */
    private void createSlotsForEveryone(ActionExecutor.Context ctx) {
        if (!ctx.settings().useSlots()) {
            return;
        }
        Set<String> names = new HashSet<>();
        for (Member m : ctx.cluster().members()) {
            if (!m.name().equals(name)) {
                names.add(PostgresInstance.slotNameFor(m.name()));
            }
        }
        try {
            pg.syncSlots(names, true);
        } catch (RuntimeException e) {
            LOG.warnf("creating replication slots after promotion failed: %s", e.getMessage());
        }
    }

    void demote(Action.DemoteKind kind, String target, ActionExecutor.Context ctx, ActionExecutor.Deferred deferred)
            throws Exception {
        Upstream up = target == null ? null : upstreamOf(target, ctx);
        switch (kind) {
            case GRACEFUL -> {
                boolean caughtUp = target != null && awaitStreaming(target);
                pg.stop(StopMode.FAST, startTimeout);
                mayHaveDiverged = !caughtUp;
            }
            case IMMEDIATE -> {
                pg.stop(StopMode.IMMEDIATE, startTimeout);
                mayHaveDiverged = true;
            }
            case OFFLINE -> {
                pg.stop(StopMode.FAST, startTimeout);
                mayHaveDiverged = true;
            }
        }
        if (kind != Action.DemoteKind.OFFLINE) {
            deferred.standbyStart = true;
            deferred.upstream = up;
        }
        upstream = target;
        callbacks.fire("on_role_change", "replica");
    }

    /**
     * Before a graceful switchover: waits (bounded) until the candidate streams from this primary, so the shutdown
     * checkpoint reaches it and nothing acknowledged is lost.
     */
    private boolean awaitStreaming(String candidate) throws InterruptedException {
        String app = PostgresInstance.slotNameFor(candidate);
        long deadline = System.nanoTime() + SWITCHOVER_CATCH_UP.toNanos();
        while (System.nanoTime() - deadline < 0) {
            try {
                for (ReplicationInfo r : pg.replication()) {
                    if ((candidate.equals(r.applicationName()) || app.equals(r.applicationName()))
                            && "streaming".equals(r.state())) {
                        return true;
                    }
                }
            } catch (RuntimeException e) {
                LOG.debugf("pg_stat_replication not readable: %s", e.getMessage());
            }
            Thread.sleep(100);
        }
        LOG.warnf("candidate %s is not streaming from this primary; switching over anyway", candidate);
        return false;
    }

    void follow(String target, ActionExecutor.Context ctx) {
        followOrRewind(target, ctx);
        callbacks.fire("on_role_change", "replica");
    }

    /**
     * Rewinds this diverged node from {@code target} (when the check finds it diverged) and starts it as its standby.
     * Only a success clears the divergence; a failure keeps it and spaces out the next attempt.
     */
    void rewindAndFollow(String target, ActionExecutor.Context ctx) {
        try {
            pg.rewindAndFollow(upstreamOf(target, ctx), startTimeout);
        } catch (RuntimeException e) {
            rewinds.failed(clock.instant());
            LOG.errorf("pg_rewind from %s failed (%d in a row; next attempt not before %s): %s", target,
                    rewinds.failures(), rewinds.retryAt(), e.getMessage());
            throw e;
        }
        rewinds.reset();
        mayHaveDiverged = false;
        upstream = target;
    }

    void reinitialize(String source, String target, ActionExecutor.Context ctx) throws Exception {
        try {
            pg.reinitialize(upstreamOf(source, ctx), startTimeout);
            afterFreshCopy(source, target, ctx);
            requests.complete("reinitialized from " + source, true);
        } catch (Exception e) {
            requests.complete("reinitialize failed: " + e.getMessage(), false);
            throw e;
        }
    }

    private static String leaderName(ActionExecutor.Context ctx) {
        return ctx.cluster().hasLeader() ? ctx.cluster().leader().name() : null;
    }

    /** The PostgreSQL address of a member, from its member key's conn_url. */
    static Upstream upstreamOf(String member, ActionExecutor.Context ctx) {
        Member m = ctx.cluster().member(member).orElseThrow(() ->
                new IllegalStateException("member " + member + " has no member key; cannot connect to it"));
        if (m.connUrl() == null || m.connUrl().isBlank()) {
            throw new IllegalStateException("member " + member + " publishes no conn_url");
        }
        URI uri = URI.create(m.connUrl());
        return new Upstream(member, uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 5432);
    }
}
