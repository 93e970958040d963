package io.steward.ha;

import io.steward.ha.Action.ClearFailover;
import io.steward.ha.Action.Demote;
import io.steward.ha.Action.DemoteKind;
import io.steward.ha.Action.ReleaseLeader;
import io.steward.ha.Action.RenewLeader;
import io.steward.model.FailoverIntent;
import io.steward.model.Member;

import java.util.Optional;
import java.util.Set;

/**
 * A switchover/failover intent seen by the running primary that holds the lock: run it (graceful demote, release)
 * when it is due and someone can take over, wait while it is scheduled, or clear it when it cannot apply.
 */
final class LeaderIntents {

    private LeaderIntents() {
    }

    /** The decision for the pending intent, or null when there is none. */
    static Decision handle(Tick t) {
        FailoverIntent f = t.cluster().failover();
        if (f == null) {
            return null;
        }
        String invalid = whyInvalid(t, f);
        if (invalid != null) {
            return clear(t, f, invalid);
        }
        if (f.isScheduled()) {
            if (t.paused()) {
                return LeaderHandler.stayLeader(t, "; scheduled switchover at " + f.scheduledAt()
                        + " postponed while paused");
            }
            if (t.overdue(f.scheduledAt())) {
                return clear(t, f, "found a stale scheduled switchover (due at " + f.scheduledAt()
                        + "), cleaning up");
            }
            if (!t.due(f.scheduledAt())) {
                return LeaderHandler.stayLeader(t, "; switchover scheduled at " + f.scheduledAt());
            }
        }
        return runSwitchover(t, f);
    }

    /** Why the intent cannot apply to this leader, or null. */
    private static String whyInvalid(Tick t, FailoverIntent f) {
        if (t.me().equals(f.candidate())) {
            return "cleared failover key: the candidate " + t.me() + " is already the leader";
        }
        if (f.leader() != null && !f.leader().equals(t.me())) {
            return "cleared stale failover key: it was made for leader " + f.leader() + ", the leader is " + t.me();
        }
        if (f.candidate() != null && t.cluster().member(f.candidate()).isEmpty()) {
            return "cleared failover key: candidate " + f.candidate() + " is not a member of the cluster";
        }
        if (f.candidate() == null && t.paused()) {
            return "cleared failover key: switchover is possible only to a specific candidate in a paused state";
        }
        return null;
    }

    private static Decision runSwitchover(Tick t, FailoverIntent f) {
        if (f.candidate() != null) {
            Optional<Member> c = t.cluster().member(f.candidate());
            if (c.isEmpty() || !Candidates.healthyReplica(c.get())) {
                return clear(t, f, "cleared failover key: candidate " + f.candidate()
                        + " is not a healthy replica, switchover is not possible");
            }
            return Decision.of("manual failover: demoted self to let " + f.candidate() + " take over",
                    new Demote(DemoteKind.GRACEFUL, f.candidate()), new ReleaseLeader());
        }
        boolean anyone = !Candidates.rank(t.cluster().members(), t.cluster().optime(),
                t.settings().maximumLagOnFailover(), Set.of(t.me())).isEmpty();
        if (!anyone) {
            return clear(t, f, "cleared failover key: no healthy member to switch over to");
        }
        return Decision.of("manual failover: demoted self to let the most advanced replica take over",
                new Demote(DemoteKind.GRACEFUL, null), new ReleaseLeader());
    }

    private static Decision clear(Tick t, FailoverIntent f, String message) {
        return Decision.of(message, new RenewLeader(), new ClearFailover(f.index()));
    }
}
