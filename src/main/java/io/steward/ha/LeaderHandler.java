package io.steward.ha;

import io.steward.ha.Action.Demote;
import io.steward.ha.Action.DemoteKind;
import io.steward.ha.Action.Promote;
import io.steward.ha.Action.PublishHistory;
import io.steward.ha.Action.PublishStatus;
import io.steward.ha.Action.ReleaseLeader;
import io.steward.ha.Action.RenewLeader;
import io.steward.ha.Action.StartAsReplica;
import io.steward.ha.Action.StopMode;
import io.steward.ha.Action.StopPostgres;
import io.steward.ha.Action.SyncSlots;
import io.steward.ha.Action.WriteInitialize;
import io.steward.model.HistoryEntry;
import io.steward.model.LocalView;
import io.steward.model.PgState;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** This node holds the leader lock. */
final class LeaderHandler {

    private LeaderHandler() {
    }

    static Decision handle(Tick t) {
        LocalView l = t.local();
        if (!l.leaseValid() && !t.paused() && l.isRunningPrimary()) {
            return Decision.of("demoted self because the leader lease could not be renewed in time",
                    new Demote(DemoteKind.IMMEDIATE, null), new ReleaseLeader());
        }
        Decision requested = Requests.handle(t);
        if (requested != null) {
            return requested.after(new RenewLeader());
        }
        if (!l.isRunning()) {
            return t.paused()
                    ? Decision.of("removed leader lock because postgres is not running", new ReleaseLeader())
                    : primaryNotRunning(t);
        }
        if (!l.isRunningPrimary()) {
            return t.paused()
                    ? Decision.of("removed leader lock because postgres is not primary", new ReleaseLeader())
                    : Decision.of("promoted self to leader because I had the session lock",
                    new RenewLeader(), new Promote());
        }
        Decision intent = LeaderIntents.handle(t);
        return intent != null ? intent : stayLeader(t, "");
    }

    /**
     * The lock holder's PostgreSQL is down: start it again (read-only; promoted on a later tick) while renewing,
     * until primary_start_timeout has passed since it went down; then release the lock if another member can take
     * over, or keep trying if none can.
     */
    private static Decision primaryNotRunning(Tick t) {
        LocalView l = t.local();
        Duration down = l.pgDownSince() == null ? Duration.ZERO : Duration.between(l.pgDownSince(), t.now());
        boolean timedOut = down.compareTo(t.settings().primaryStartTimeout()) >= 0;
        boolean starting = l.state() == PgState.STARTING || l.state() == PgState.NOT_RESPONDING;
        if (!timedOut) {
            return starting
                    ? Decision.of("waiting for postgres to start as primary", new RenewLeader())
                    : Decision.of("starting primary after failure", new RenewLeader(), new StartAsReplica(null));
        }
        boolean failoverPossible = !Candidates.rank(t.cluster().members(), t.cluster().optime(),
                t.settings().maximumLagOnFailover(), Set.of(t.me())).isEmpty();
        if (failoverPossible) {
            return Decision.of("released leader lock because postgres did not start within primary_start_timeout",
                    new StopPostgres(StopMode.IMMEDIATE), new ReleaseLeader());
        }
        return starting
                ? Decision.of("primary start has timed out, but continuing to wait because failover is not possible",
                new RenewLeader())
                : Decision.of("primary start has timed out, but starting again because failover is not possible",
                new RenewLeader(), new StartAsReplica(null));
    }

    /** The steady state of a running primary with the lock; {@code note} is appended to the message. */
    static Decision stayLeader(Tick t, String note) {
        List<Action> steps = new ArrayList<>();
        steps.add(new RenewLeader());
        steps.add(new PublishStatus(t.local().lsn()));
        if (historyBehind(t)) {
            steps.add(new PublishHistory());
        }
        if (t.cluster().initialize() == null && t.local().systemId() != null) {
            steps.add(new WriteInitialize(t.local().systemId()));
        }
        if (t.settings().useSlots()) {
            steps.add(new SyncSlots(t.slotsForFollowers(), !t.paused()));
        }
        return Decision.of("no action. I am (" + t.me() + "), the leader with the lock" + note, steps);
    }

    /** The published history does not yet record the switch to our current timeline. */
    private static boolean historyBehind(Tick t) {
        long tl = t.local().timeline();
        if (tl <= 1) {
            return false;
        }
        List<HistoryEntry> h = t.cluster().history();
        long last = h.isEmpty() ? 0 : h.get(h.size() - 1).timeline();
        return last < tl - 1;
    }
}
