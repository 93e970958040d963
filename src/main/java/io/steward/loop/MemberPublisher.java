package io.steward.loop;

import io.steward.control.NodeStatus;
import io.steward.model.ClusterView;
import io.steward.model.LocalRequest;
import io.steward.model.Member;
import io.steward.model.PgRole;
import io.steward.model.PgState;
import io.steward.postgres.PgStatus;
import io.steward.postgres.ReplicationInfo;

import java.time.Instant;
import java.util.List;

/** Renders what this node observed into its member key and into the status the API serves. */
final class MemberPublisher {

    private final NodeIdentity id;

    MemberPublisher(NodeIdentity id) {
        this.id = id;
    }

    Member member(PgStatus pg, boolean paused, String upstream, LocalRequest pending) {
        String replicationState = null;
        if (pg.running() && pg.role() != PgRole.PRIMARY) {
            replicationState = pg.walReceiverStreaming() ? "streaming" : "in archive recovery";
        }
        Instant scheduledRestart = pending instanceof LocalRequest.Restart r ? r.scheduledAt() : null;
        return new Member(id.name(), id.connUrl(), id.apiUrl(), pg.state(), pg.role(), pg.timeline(),
                Observer.positionOf(pg), replicationState, pg.role() == PgRole.PRIMARY ? null : upstream, id.tags(),
                paused, pg.pendingRestart(), pg.version() > 0 ? Integer.toString(pg.version()) : null,
                scheduledRestart);
    }

    NodeStatus status(ClusterView cluster, boolean dcsReachable, PgStatus pg, String message, String busy,
                      String upstream, List<NodeStatus.Replica> replicas, Instant now, LocalRequest pending) {
        Instant scheduledRestart = pending instanceof LocalRequest.Restart r ? r.scheduledAt() : null;
        return new NodeStatus(id.name(), id.scope(), pg.state(), pg.role(), pg.timeline(), Observer.positionOf(pg),
                Observer.value(pg.receivedLsn()), Observer.value(pg.replayedLsn()), pg.systemId(),
                pg.version() > 0 ? Integer.toString(pg.version()) : null, pg.pendingRestart(),
                pg.walReceiverStreaming(), pg.role() == PgRole.PRIMARY ? null : upstream, cluster.isPaused(),
                false, cluster.hasLeader() ? cluster.leader().name() : null, message, now, null, true,
                dcsReachable, id.tags(), replicas, busy, scheduledRestart, false);
    }

    NodeStatus initialStatus() {
        return new NodeStatus(id.name(), id.scope(), PgState.UNKNOWN, PgRole.UNKNOWN, 0, 0, 0, 0, null, null,
                false, false, null, false, false, null, "starting", null, null, false, false, id.tags(),
                List.of(), null, null, false);
    }

    /** The stored status with the lease validity as of now (a released or expired lease shows at once). */
    NodeStatus withLiveLease(NodeStatus s, boolean leaseValid) {
        boolean holds = leaseValid && id.name().equals(s.leaderName());
        if (holds == s.holdsLease()) {
            return s;
        }
        return new NodeStatus(s.name(), s.scope(), s.state(), s.role(), s.timeline(), s.lsn(), s.receivedLsn(),
                s.replayedLsn(), s.systemId(), s.serverVersion(), s.pendingRestart(), s.walReceiverStreaming(),
                s.upstream(), s.paused(), holds, s.leaderName(), s.haMessage(), s.lastLoop(), s.postmasterStart(),
                s.dcsJoined(), s.dcsReachable(), s.tags(), s.replication(), s.runnerBusy(), s.scheduledRestart(),
                s.witness());
    }

    static List<NodeStatus.Replica> replicas(List<ReplicationInfo> rows) {
        return rows.stream().map(r -> new NodeStatus.Replica(r.applicationName(), r.clientAddress(), r.state(),
                r.syncState(), Observer.value(r.sentLsn()), Observer.value(r.replayLsn()))).toList();
    }
}
