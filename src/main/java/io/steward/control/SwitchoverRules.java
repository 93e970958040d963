package io.steward.control;

import io.steward.model.ClusterView;
import io.steward.model.FailoverIntent;
import io.steward.model.Member;

import java.time.Instant;

import static io.steward.control.ControlException.Kind.ALREADY_EXISTS;
import static io.steward.control.ControlException.Kind.FAILED_PRECONDITION;
import static io.steward.control.ControlException.Kind.INVALID_ARGUMENT;

/**
 * Validation of switchover and failover requests against the cluster as read from the DCS. Pure: each check either
 * passes or throws the refusal the operator sees; nothing is written.
 */
final class SwitchoverRules {

    private SwitchoverRules() {
    }

    /** Returns the intent to write for a switchover, or throws the reason it is refused. */
    static FailoverIntent switchover(ClusterView view, String leader, String candidate, Instant scheduledAt,
                                     Instant now) {
        requireNoPendingIntent(view);
        if (view.isPaused() && scheduledAt != null) {
            throw refused("Can't schedule switchover in the paused state");
        }
        if (view.isPaused() && candidate == null) {
            throw refused("Switchover is possible only to a specific candidate in a paused state");
        }
        if (!view.hasLeader()) {
            throw refused("Cluster has no leader, switchover is not possible (use failover)");
        }
        String current = view.leader().name();
        if (leader != null && !leader.equals(current)) {
            throw refused("Member " + leader + " is not the leader (the leader is " + current + ")");
        }
        if (scheduledAt != null && !scheduledAt.isAfter(now)) {
            throw new ControlException(INVALID_ARGUMENT, "Can't schedule switchover in the past (" + scheduledAt
                    + " is before now, " + now + ")");
        }
        if (candidate != null) {
            requireEligible(view, candidate, "already the leader");
        } else if (view.members().stream().noneMatch(m -> eligible(view, m))) {
            throw refused("No candidate available for switchover: no running member without nofailover besides "
                    + "the leader");
        }
        return new FailoverIntent(current, candidate, scheduledAt, 0);
    }

    /** Returns the intent to write for a failover, or throws the reason it is refused. */
    static FailoverIntent failover(ClusterView view, String candidate) {
        if (candidate == null || candidate.isBlank()) {
            throw new ControlException(INVALID_ARGUMENT, "Failover requires a candidate");
        }
        requireNoPendingIntent(view);
        requireEligible(view, candidate, "already the leader");
        return new FailoverIntent(null, candidate, null, 0);
    }

    private static void requireNoPendingIntent(ClusterView view) {
        FailoverIntent pending = view.failover();
        if (pending == null) {
            return;
        }
        String when = pending.isScheduled() ? " scheduled at " + pending.scheduledAt() : "";
        String to = pending.candidate() == null ? "" : " to " + pending.candidate();
        throw new ControlException(ALREADY_EXISTS, "A switchover" + to + when + " is already pending; cancel it first");
    }

    private static void requireEligible(ClusterView view, String candidate, String leaderReason) {
        Member m = view.member(candidate).orElseThrow(
                () -> refused("Member " + candidate + " does not exist"));
        if (view.isLeader(candidate)) {
            throw refused("Member " + candidate + " is " + leaderReason);
        }
        if (!m.isRunning()) {
            throw refused("Member " + candidate + " is not running (state: " + m.state().wire() + ")");
        }
        if (m.tags().nofailover()) {
            throw refused("Member " + candidate + " has the nofailover tag");
        }
    }

    private static boolean eligible(ClusterView view, Member m) {
        return !view.isLeader(m.name()) && m.isRunning() && !m.tags().nofailover();
    }

    private static ControlException refused(String message) {
        return new ControlException(FAILED_PRECONDITION, message);
    }
}
