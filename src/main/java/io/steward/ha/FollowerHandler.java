package io.steward.ha;

import io.steward.ha.Action.Demote;
import io.steward.ha.Action.DemoteKind;
import io.steward.ha.Action.Follow;
import io.steward.ha.Action.Reinitialize;
import io.steward.ha.Action.Rewind;
import io.steward.ha.Action.StartAsReplica;
import io.steward.ha.Action.SyncSlots;
import io.steward.ha.Action.Warn;
import io.steward.model.LocalView;
import io.steward.model.PgState;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Another node holds the leader lock: follow it (or the replicatefrom member), never run as a second primary. */
final class FollowerHandler {

    private FollowerHandler() {
    }

    static Decision handle(Tick t) {
        LocalView l = t.local();
        if (l.isRunningPrimary() && !t.paused()) {
            return Decision.of("demoted self because I do not have the lock and I was a leader",
                    new Demote(DemoteKind.IMMEDIATE, null));
        }
        Decision requested = Requests.handle(t);
        if (requested != null) {
            return requested;
        }
        if (l.isRunningPrimary()) {
            return Decision.of("continue to run as primary without lock", new Warn("parallel primary: " + t.me()
                    + " runs as primary while " + t.leaderName() + " holds the leader lock"));
        }
        if (!l.isRunning()) {
            return notRunning(t);
        }
        if (Boolean.TRUE.equals(l.rewindNeeded()) && !t.paused()) {
            return rewindOrReinitialize(t);
        }
        return runningReplica(t);
    }

    private static Decision notRunning(Tick t) {
        if (t.paused()) {
            return Decision.of("postgres is not running");
        }
        PgState s = t.local().state();
        if (s == PgState.STARTING || s == PgState.NOT_RESPONDING) {
            return Decision.of("waiting for postgres to start");
        }
        if (Boolean.TRUE.equals(t.local().rewindNeeded())) {
            return rewindOrReinitialize(t);
        }
        String target = t.followTarget();
        return Decision.of("starting as a secondary following (" + target + ")", new StartAsReplica(target));
    }

    /** Our timeline diverged from the leader's: pg_rewind, or clone again when pg_rewind is off and allowed. */
    private static Decision rewindOrReinitialize(Tick t) {
        String leader = t.leaderName();
        if (t.settings().usePgRewind()) {
            Instant retryAt = t.local().rewindRetryAt();
            if (retryAt != null && t.now().isBefore(retryAt)) {
                return Decision.of("pg_rewind from " + leader + " failed " + t.local().rewindFailures()
                        + " time(s) in a row; next attempt at " + retryAt + " (reinitialize this member to rebuild it"
                        + " now)");
            }
            return Decision.of("running pg_rewind from " + leader,
                    new Rewind(leader, t.settings().removeDataDirectoryOnRewindFailure()));
        }
        if (t.settings().removeDataDirectoryOnRewindFailure()) {
            return Decision.of("reinitializing from " + leader + " because the timeline diverged and pg_rewind is off",
                    new Reinitialize(leader, t.followTarget()));
        }
        return Decision.of("timeline diverged from the leader (" + leader + ") but pg_rewind is off;"
                + " reinitialize this member", new Warn("member " + t.me() + " needs pg_rewind or reinitialize"));
    }

    private static Decision runningReplica(Tick t) {
        String target = t.followTarget();
        String upstream = t.local().upstream();
        boolean repoint = t.paused()
                ? upstream != null && !upstream.equals(target)
                : !target.equals(upstream);
        if (repoint) {
            return Decision.of("changing primary_conninfo to follow (" + target + ")", new Follow(target));
        }
        List<Action> steps = new ArrayList<>();
        Set<String> slots = t.slotsForFollowers();
        if (t.settings().useSlots() && !slots.isEmpty()) {
            steps.add(new SyncSlots(slots, !t.paused()));
        }
        String following = target.equals(t.leaderName())
                ? "following a leader (" + target + ")"
                : "replicating from (" + target + ") in cascade";
        return Decision.of("no action. I am (" + t.me() + "), a secondary, and " + following, steps);
    }
}
