package io.steward.ha;

import io.steward.ha.Action.CancelLongAction;
import io.steward.ha.Action.Demote;
import io.steward.ha.Action.DemoteKind;
import io.steward.ha.Action.ReleaseLeader;
import io.steward.ha.Action.RenewLeader;
import io.steward.model.ClusterView;
import io.steward.model.LocalView;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The HA brain: from what the DCS says about the cluster and what this node sees of itself, the steps to take this
 * tick and one human line explaining them. Pure: no I/O, no clock, no sleep; the inputs are immutable records and
 * are not changed. While the cluster is paused every message starts with {@value #PAUSE_PREFIX}.
 *
 * <p>Situations are checked in this order: DCS unreachable; a long action running; sanity (system id, checks after a
 * resume); empty data directory; no initialize key; this node holds the lock; another node does; nobody does.
 */
public final class HaDecider {

    public static final String PAUSE_PREFIX = "PAUSE: ";

    private HaDecider() {
    }

    public static Decision decide(ClusterView cluster, LocalView local, HaSettings settings, Instant now) {
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(local, "local");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(now, "now");
        if (!settings.name().equals(local.name())) {
            throw new IllegalArgumentException("settings are for member '" + settings.name()
                    + "' but the local view is of '" + local.name() + "'");
        }
        Tick t = new Tick(cluster, local, settings.effective(cluster), now);
        Decision d = route(t).withDefaultRaceLostLine();
        return t.paused() ? d.prefixed(PAUSE_PREFIX) : d;
    }

    /**
     * Whether the facts the first loop after a resume must check are known: the data directory's system id and,
     * when another node holds the lock, whether this node's timeline diverged from it. The loop keeps
     * {@code LocalView.justResumed} set until this is true.
     */
    public static boolean resumeChecksComplete(ClusterView cluster, LocalView local) {
        if (local.dataDirEmpty()) {
            return true;
        }
        boolean followsSomeone = cluster.hasLeader() && !cluster.isLeader(local.name());
        return local.systemId() != null && (!followsSomeone || local.rewindNeeded() != null);
    }

    private static Decision route(Tick t) {
        if (!t.local().dcsReachable()) {
            return whenDcsUnreachable(t);
        }
        if (t.local().runnerBusy() != null) {
            return whenLongActionRunning(t);
        }
        Decision refused = Sanity.check(t);
        if (refused != null) {
            return refused;
        }
        if (t.local().dataDirEmpty()) {
            return Bootstrap.withEmptyDataDir(t);
        }
        if (t.cluster().initialize() == null && !t.cluster().hasLeader() && !t.paused()) {
            return Bootstrap.withoutInitializeKey(t);
        }
        if (t.iHoldLock()) {
            return LeaderHandler.handle(t);
        }
        if (t.cluster().hasLeader()) {
            return FollowerHandler.handle(t);
        }
        return LeaderRace.handle(t);
    }

    /** The cluster view is stale. A primary must stop being one before its lease can expire elsewhere. */
    private static Decision whenDcsUnreachable(Tick t) {
        if (t.paused() || !t.local().isRunningPrimary()) {
            return Decision.of("DCS is not accessible");
        }
        List<Action> steps = new ArrayList<>();
        if (t.local().runnerBusy() != null) {
            steps.add(new CancelLongAction());
        }
        steps.add(new Demote(DemoteKind.IMMEDIATE, null));
        return Decision.of("demoted self because DCS is not accessible and I was a leader", steps);
    }

    /** The runner holds a long action: the lock holder keeps renewing, a primary that lost the lock stops. */
    private static Decision whenLongActionRunning(Tick t) {
        String busy = t.local().runnerBusy();
        boolean mayRenew = t.local().leaseValid() || t.paused() || !t.local().isRunningPrimary();
        if (t.iHoldLock() && mayRenew) {
            return Decision.of("updated leader lock during " + busy, new RenewLeader());
        }
        boolean lostLock = t.iHoldLock() || t.cluster().hasLeader();
        if (!t.paused() && lostLock && t.local().isRunningPrimary()) {
            List<Action> steps = new ArrayList<>(List.of(new CancelLongAction(),
                    new Demote(DemoteKind.IMMEDIATE, null)));
            if (t.iHoldLock()) {
                steps.add(new ReleaseLeader());
            }
            return Decision.of("lost leader lock during " + busy, steps);
        }
        return Decision.of(busy + " in progress");
    }
}
