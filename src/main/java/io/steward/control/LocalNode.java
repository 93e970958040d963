package io.steward.control;

import java.time.Instant;

/**
 * The control plane's view of this agent's own HA loop. The loop implements it; the control plane never changes
 * PostgreSQL's role itself, it only leaves requests here (or intent in the DCS) and wakes the loop.
 */
public interface LocalNode {

    String name();

    NodeStatus status();

    /** Run an HA tick now instead of waiting for loop_wait. */
    void wake();

    /**
     * Asks the loop to restart PostgreSQL on this node (in the single-slot runner). Refused with
     * {@link ControlException} (FAILED_PRECONDITION) when another long action is running or the role filter does not
     * match; with {@code pendingOnly} and no pending restart it is a no-op that says so in the returned text.
     *
     * @param role        only restart if the node has this role ("primary"/"replica"), or null for any
     * @param scheduledAt run at this time, or null for now
     * @return a human result, e.g. "restarted successfully" or "restart scheduled"
     */
    String requestRestart(boolean pendingOnly, String role, Instant scheduledAt, java.time.Duration timeout);

    /** Cancels a scheduled restart on this node. False if none was scheduled. */
    boolean cancelScheduledRestart();

    /** Asks the loop to reinitialize this node from the leader (or any running member unless fromLeader). */
    String requestReinitialize(boolean force, boolean fromLeader, boolean wait, java.time.Duration timeout);

    /** Re-reads the local configuration and reloads PostgreSQL's configuration. */
    String reload();
}
