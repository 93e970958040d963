package io.steward.ha;

import io.steward.ha.Action.DropRequest;
import io.steward.ha.Action.Reinitialize;
import io.steward.ha.Action.RestartPostgres;
import io.steward.model.LocalRequest.Reinit;
import io.steward.model.LocalRequest.Restart;
import io.steward.model.LocalRequest;

/**
 * Operator requests addressed to this node (restart, reinitialize). Allowed while paused, except scheduled restarts,
 * which wait for the resume; a schedule overdue by more than 1.5 loop_wait is dropped.
 */
final class Requests {

    private Requests() {
    }

    /** The decision for the pending request, or null when there is none to act on this tick. */
    static Decision handle(Tick t) {
        LocalRequest r = t.local().request();
        if (r instanceof Reinit reinit) {
            return reinitialize(t, reinit);
        }
        if (r instanceof Restart restart) {
            return restart(t, restart);
        }
        return null;
    }

    private static Decision reinitialize(Tick t, Reinit r) {
        if (t.iHoldLock()) {
            return Decision.of("reinitialize refused: I am the leader, can not reinitialize",
                    new DropRequest("I am the leader, can not reinitialize"));
        }
        String source = r.fromLeader() ? t.leaderName() : t.cloneSource();
        if (source == null) {
            return Decision.of("reinitialize refused: no leader to reinitialize from",
                    new DropRequest("no leader to reinitialize from"));
        }
        return Decision.of("reinitializing from '" + source + "' as requested",
                new Reinitialize(source, t.followTarget()));
    }

    private static Decision restart(Tick t, Restart r) {
        if (r.scheduledAt() != null) {
            if (t.paused() || !t.due(r.scheduledAt())) {
                return null;
            }
            if (t.overdue(r.scheduledAt())) {
                String why = "scheduled restart at " + r.scheduledAt() + " dropped: overdue by more than 1.5 loop_wait";
                return Decision.of("found a stale scheduled restart (due at " + r.scheduledAt() + "), cleaning up",
                        new DropRequest(why));
            }
        }
        if (r.roleFilter() != null && r.roleFilter() != t.local().role()) {
            String why = "restart not needed: role is " + t.local().role().wire() + ", restart was requested for "
                    + r.roleFilter().wire();
            return Decision.of(why, new DropRequest(why));
        }
        if (r.pendingOnly() && !t.local().pendingRestart()) {
            String why = "restart not needed: no pending restart";
            return Decision.of(why, new DropRequest(why));
        }
        return Decision.of("restarting postgres as requested", new RestartPostgres());
    }
}
