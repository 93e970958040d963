package io.steward.ha;

import io.steward.ha.Action.AcquireLeader;
import io.steward.ha.Action.Demote;
import io.steward.ha.Action.DemoteKind;
import io.steward.ha.Action.Promote;
import io.steward.ha.Action.StartAsReplica;
import io.steward.ha.Candidates.Candidate;
import io.steward.model.FailoverIntent;
import io.steward.model.LocalView;
import io.steward.model.PgState;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Nobody holds the leader lock. Not paused: only the most advanced eligible node races for it (compare-and-set),
 * then promotes; a pending switchover/failover intent narrows the race. Paused: see {@link PausedWithoutLock}.
 */
final class LeaderRace {

    static final String LOST = "following new leader after trying and failing to obtain lock";

    private LeaderRace() {
    }

    static Decision handle(Tick t) {
        Decision requested = Requests.handle(t);
        if (requested != null) {
            return requested;
        }
        if (t.paused()) {
            return PausedWithoutLock.handle(t);
        }
        LocalView l = t.local();
        if (!l.isRunning()) {
            return l.state() == PgState.STARTING || l.state() == PgState.NOT_RESPONDING
                    ? Decision.of("waiting for postgres to start")
                    : Decision.of("starting as a secondary without a leader", new StartAsReplica(null));
        }
        FailoverIntent f = t.cluster().failover();
        if (f != null && !f.isScheduled()) {
            return withIntent(t, f);
        }
        return race(t, null);
    }

    /** An unscheduled switchover/failover is under way: its candidate goes first, the former leader last. */
    private static Decision withIntent(Tick t, FailoverIntent f) {
        String candidate = f.candidate();
        if (candidate != null) {
            if (candidate.equals(t.me()) && !t.local().tags().nofailover()) {
                return takeLock(t, "manual failover: ");
            }
            if (!candidate.equals(t.me()) && reachableAndHealthy(t, candidate)) {
                return Decision.of("manual failover: waiting for the candidate (" + candidate
                        + ") to take the leader lock");
            }
        }
        return race(t, f.leader());
    }

    private static boolean reachableAndHealthy(Tick t, String name) {
        return t.peerLsns().containsKey(name)
                && t.cluster().member(name).map(Candidates::eligibleMember).orElse(false);
    }

    /**
     * The leader race. {@code formerLeader} (the one that handed over in a switchover) races only when nobody else
     * is eligible.
     */
    private static Decision race(Tick t, String formerLeader) {
        LocalView l = t.local();
        if (l.tags().nofailover()) {
            return notRacing(t, "not racing for the leader lock: nofailover tag is set");
        }
        if (t.lagTooBig()) {
            return notRacing(t, "not racing for the leader lock: my replication lag (" + t.myLag()
                    + " bytes) exceeds maximum_lag_on_failover (" + t.settings().maximumLagOnFailover() + ")");
        }
        Set<String> exclude = new HashSet<>(Set.of(t.me()));
        if (formerLeader != null) {
            exclude.add(formerLeader);
        }
        List<Candidate> others = Candidates.rank(t.cluster().members(), t.peerLsns(), t.cluster().optime(),
                t.settings().maximumLagOnFailover(), exclude);
        if (t.me().equals(formerLeader) && !others.isEmpty()) {
            return Decision.of("manual failover: waiting for another member (" + others.get(0).name()
                    + ") to take the leader lock");
        }
        Candidate mine = new Candidate(t.me(), l.lsn());
        if (!others.isEmpty() && Candidates.better(others.get(0), mine)) {
            return notRacing(t, "not racing for the leader lock: " + others.get(0).name() + " is more advanced");
        }
        return takeLock(t, "");
    }

    /** A primary that may not lead and has no lock must stop being one; a replica just waits. */
    private static Decision notRacing(Tick t, String why) {
        if (t.local().isRunningPrimary()) {
            return Decision.of("demoted self because I am not the healthiest node (" + why + ")",
                    new Demote(DemoteKind.IMMEDIATE, null));
        }
        return Decision.of(why);
    }

    static Decision takeLock(Tick t, String prefix) {
        if (t.local().isRunningPrimary()) {
            return Decision.of(prefix + "acquired session lock as a leader", new AcquireLeader()).ifLost(LOST);
        }
        return Decision.of(prefix + "promoted self to leader by acquiring session lock",
                new AcquireLeader(), new Promote()).ifLost(LOST);
    }
}
