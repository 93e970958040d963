package io.steward.control;

import io.steward.model.PgRole;
import io.steward.model.PgState;
import io.steward.model.Tags;

import java.time.Instant;
import java.util.List;

/**
 * What this agent knows about its own node right now, as the HA loop last observed it (for /patroni, health checks
 * and GetMember). Immutable snapshot.
 *
 * @param lsn              write LSN on a primary, max(received, replayed) on a replica, 0 if unknown
 * @param holdsLease       this node holds the leader lease and its own deadline has not passed
 * @param lastLoop         when the HA loop last completed a tick (null before the first)
 * @param dcsJoined        the embedded DCS peer is up and has a leader
 * @param replication      pg_stat_replication rows (primary only)
 */
public record NodeStatus(String name, String scope, PgState state, PgRole role, long timeline, long lsn,
                         long receivedLsn, long replayedLsn, String systemId, String serverVersion,
                         boolean pendingRestart, boolean walReceiverStreaming, String upstream, boolean paused,
                         boolean holdsLease, String leaderName, String haMessage, Instant lastLoop,
                         Instant postmasterStart, boolean dcsJoined, boolean dcsReachable, Tags tags,
                         List<Replica> replication, String runnerBusy, Instant scheduledRestart, boolean witness) {

    /** One row of pg_stat_replication on the primary. */
    public record Replica(String applicationName, String clientAddr, String state, String syncState, long sentLsn,
                          long replayLsn) {
    }

    public boolean isRunning() {
        return state == PgState.RUNNING;
    }
}
