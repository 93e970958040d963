package io.steward.control;

import java.time.Instant;
import java.util.Map;

/**
 * One member as shown to operators.
 *
 * @param role             "leader" for the lease holder, otherwise the probed role ("primary", "replica", "unknown")
 * @param state            PostgreSQL's state in the reference's words ("running", "stopped", ...)
 * @param lsn              the position the member last reported, 0 when unknown
 * @param lagBytes         bytes behind the leader's position; 0 for the leader, null when unknown
 * @param host             host of the member's PostgreSQL connection URL, null when it has none
 * @param port             port of that URL, 0 when unknown
 */
public record MemberInfo(String name, String role, String state, long timeline, long lsn, Long lagBytes,
                         Map<String, Object> tags, boolean pause, String apiUrl, String host, int port,
                         String replicationState, boolean pendingRestart, Instant scheduledRestart) {

    public MemberInfo {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }

    public boolean isLeader() {
        return "leader".equals(role);
    }
}
