package io.steward.postgres;

import io.steward.model.PgRole;
import io.steward.model.PgState;

/**
 * One observation of the local PostgreSQL. When the server answers SQL every field comes from it; when it is stopped
 * systemId, timeline and lsn come from pg_controldata (lsn = latest checkpoint) and role from standby.signal.
 *
 * @param lsn on a primary the current write position; on a replica the replayed position
 * @param postmasterPid 0 when no postmaster runs
 * @param message a human explanation of the state (why not responding, stale pid file, ...)
 */
public record PgStatus(PgState state, PgRole role, int timeline, Lsn lsn, Lsn receivedLsn, Lsn replayedLsn,
        String systemId, int version, boolean pendingRestart, boolean walReceiverStreaming, String upstreamHost,
        int upstreamPort, long postmasterPid, String message) {

    public boolean running() {
        return state == PgState.RUNNING;
    }

    static PgStatus down(PgState state, PgRole role, ControlData cd, long pid, String message) {
        return new PgStatus(state, role, cd == null ? 0 : cd.checkpointTimeline(),
                cd == null ? null : cd.checkpointLsn(), null, null, cd == null ? null : cd.systemId(), 0, false,
                false, null, 0, pid, message);
    }
}
