package io.steward.model;

import java.time.Instant;

/**
 * One member key ({@code members/<name>}) as published by that member's agent.
 *
 * @param lsn              the position the member last reported: write LSN on a primary, replayed (or received,
 *                         whichever is greater) on a replica; 0 when unknown
 * @param replicationState "streaming" when the WAL receiver is connected, "in archive recovery" otherwise, null on a
 *                         primary
 * @param upstream         name of the member this replica is configured to follow, null if none
 * @param scheduledRestart when a scheduled restart of this member is due, or null
 */
public record Member(String name, String connUrl, String apiUrl, PgState state, PgRole role, long timeline, long lsn,
                     String replicationState, String upstream, Tags tags, boolean pause, boolean pendingRestart,
                     String version, Instant scheduledRestart) {

    public Member {
        tags = tags == null ? Tags.NONE : tags;
        state = state == null ? PgState.UNKNOWN : state;
        role = role == null ? PgRole.UNKNOWN : role;
    }

    public boolean isRunning() {
        return state == PgState.RUNNING;
    }

    public boolean isRunningPrimary() {
        return isRunning() && role == PgRole.PRIMARY;
    }

    public boolean isRunningReplica() {
        return isRunning() && role == PgRole.REPLICA;
    }

    public Member withState(PgState s) {
        return new Member(name, connUrl, apiUrl, s, role, timeline, lsn, replicationState, upstream, tags, pause,
                pendingRestart, version, scheduledRestart);
    }

    public Member withRole(PgRole r) {
        return new Member(name, connUrl, apiUrl, state, r, timeline, lsn, replicationState, upstream, tags, pause,
                pendingRestart, version, scheduledRestart);
    }

    public Member withLsn(long l) {
        return new Member(name, connUrl, apiUrl, state, role, timeline, l, replicationState, upstream, tags, pause,
                pendingRestart, version, scheduledRestart);
    }

    public Member withPause(boolean p) {
        return new Member(name, connUrl, apiUrl, state, role, timeline, lsn, replicationState, upstream, tags, p,
                pendingRestart, version, scheduledRestart);
    }

    public Member withTags(Tags t) {
        return new Member(name, connUrl, apiUrl, state, role, timeline, lsn, replicationState, upstream, t, pause,
                pendingRestart, version, scheduledRestart);
    }

    public Member withTimeline(long tl) {
        return new Member(name, connUrl, apiUrl, state, role, tl, lsn, replicationState, upstream, tags, pause,
                pendingRestart, version, scheduledRestart);
    }

    public Member withUpstream(String up, String replState) {
        return new Member(name, connUrl, apiUrl, state, role, timeline, lsn, replState, up, tags, pause,
                pendingRestart, version, scheduledRestart);
    }
}
