package io.steward.ha;

import io.steward.model.ClusterView;
import io.steward.model.LocalRequest.Reinit;
import io.steward.model.LocalRequest.Restart;
import io.steward.model.PgRole;
import io.steward.model.PgState;

import java.util.List;
import java.util.stream.Stream;

import static io.steward.ha.Fx.LSN;
import static io.steward.ha.Fx.NOW;
import static io.steward.ha.Fx.asPrimary;
import static io.steward.ha.Fx.asReplica;
import static io.steward.ha.Fx.asStopped;
import static io.steward.ha.Fx.cluster;
import static io.steward.ha.Fx.healthy;
import static io.steward.ha.Fx.primary;
import static io.steward.ha.Fx.replica;
import static io.steward.ha.Fx.stopped;
import static io.steward.ha.Fx.tagged;
import static io.steward.ha.Fx.tags;
import static io.steward.ha.Row.row;

/** Rows for a node that follows another lock holder, and operator requests. */
final class FollowerRows {

    static final String FOLLOWING = "no action. I am (node2), a secondary, and following a leader (node1)";

    private FollowerRows() {
    }

    static Stream<Row> rows() {
        return Stream.of(following(), divergence(), requests()).flatMap(List::stream);
    }

    static List<Row> following() {
        ClusterView cascade = cluster("node1", primary("node1"), replica("node2"),
                tagged(replica("node3", LSN, "node2"), "replicatefrom", "node2"));
        return List.of(
                row("replica streaming from the leader", healthy(), asReplica("node2", "node1"), "", FOLLOWING),
                row("replica still pointing at the old leader: re-point", healthy(), asReplica("node2", "node5"),
                        "Follow(node1)", "changing primary_conninfo to follow (node1)"),
                row("replica without primary_conninfo: point it at the leader", healthy(), asReplica("node2", null),
                        "Follow(node1)", "changing primary_conninfo to follow (node1)"),
                row("cascading replica following its replicatefrom member", healthy(),
                        asReplica("node2", "node3").tags(tags("replicatefrom", "node3")), "",
                        "no action. I am (node2), a secondary, and replicating from (node3) in cascade"),
                row("cascading replica whose source is down: follow the leader",
                        cluster("node1", primary("node1"), replica("node2"), stopped("node3")),
                        asReplica("node2", "node3").tags(tags("replicatefrom", "node3")),
                        "Follow(node1)", "changing primary_conninfo to follow (node1)"),
                row("replica feeding a cascading replica keeps its slot", cascade, asReplica("node2", "node1"),
                        "SyncSlots(node3)", FOLLOWING),
                row("stopped replica: start it following the leader", healthy(), asStopped("node2"),
                        "StartAsReplica(node1)", "starting as a secondary following (node1)"),
                row("stopped cascading replica: start it following its source", healthy(),
                        asStopped("node2").tags(tags("replicatefrom", "node3")),
                        "StartAsReplica(node3)", "starting as a secondary following (node3)"),
                row("replica starting up: wait", healthy(), asStopped("node2").state(PgState.STARTING),
                        "", "waiting for postgres to start"),
                row("old primary running without the lock: demote at once", healthy(), asPrimary("node2"),
                        "Demote(IMMEDIATE,null)", "demoted self because I do not have the lock and I was a leader"));
    }

    static List<Row> divergence() {
        return List.of(
                row("running replica on a diverged timeline: pg_rewind", healthy(),
                        asReplica("node2", "node1").rewindNeeded(true), "Rewind(node1)",
                        "running pg_rewind from node1"),
                row("stopped former primary on a diverged timeline: pg_rewind", healthy(),
                        asStopped("node2").rewindNeeded(true), "Rewind(node1)", "running pg_rewind from node1"),
                row("pg_rewind failed before: wait until the backoff ends", healthy(),
                        asStopped("node2").rewindNeeded(true).rewindBackoff(2, NOW.plusSeconds(40)), "",
                        "pg_rewind from node1 failed 2 time(s) in a row; next attempt at 2026-11-28T06:00:40Z"
                                + " (reinitialize this member to rebuild it now)"),
                row("pg_rewind failed before, backoff over: try again", healthy(),
                        asStopped("node2").rewindNeeded(true).rewindBackoff(2, NOW.minusSeconds(1)), "Rewind(node1)",
                        "running pg_rewind from node1"),
                row("pg_rewind backoff ends exactly now: try again", healthy(),
                        asStopped("node2").rewindNeeded(true).rewindBackoff(1, NOW), "Rewind(node1)",
                        "running pg_rewind from node1"),
                row("pg_rewind with wipe on failure", healthy(), asStopped("node2").rewindNeeded(true),
                        s -> s.withPgRewind(true, true), "Rewind(node1,wipe)", "running pg_rewind from node1"),
                row("diverged, pg_rewind off, wiping allowed: reinitialize", healthy(),
                        asStopped("node2").rewindNeeded(true), s -> s.withPgRewind(false, true),
                        "Reinitialize(node1,node1)",
                        "reinitializing from node1 because the timeline diverged and pg_rewind is off"),
                row("diverged, pg_rewind off, wiping not allowed: warn and wait", healthy(),
                        asStopped("node2").rewindNeeded(true), s -> s.withPgRewind(false, false), "Warn",
                        "timeline diverged from the leader (node1) but pg_rewind is off; reinitialize this member"),
                row("first loop after resume: system id unknown", healthy(),
                        asReplica("node2", "node1").systemId(null).justResumed(true), "",
                        "first loop after resume: system ID of the data directory is unknown;"
                                + " refusing to act until it is read"),
                row("first loop after resume: timeline not yet checked", healthy(),
                        asReplica("node2", "node1").rewindNeeded(null).justResumed(true), "",
                        "first loop after resume: timeline not yet checked against the leader (node1);"
                                + " refusing to act until it is"),
                row("first loop after resume: diverged timeline found, rewind", healthy(),
                        asStopped("node2").rewindNeeded(true).justResumed(true), "Rewind(node1)",
                        "running pg_rewind from node1"),
                row("after resume: a stopped replica is started", healthy(), asStopped("node2").justResumed(true),
                        "StartAsReplica(node1)", "starting as a secondary following (node1)"),
                row("after resume: a parallel primary is demoted", healthy(),
                        asPrimary("node3").justResumed(true).rewindNeeded(true),
                        "Demote(IMMEDIATE,null)", "demoted self because I do not have the lock and I was a leader"));
    }

    static List<Row> requests() {
        return List.of(
                row("restart request on a replica", healthy(), asReplica("node2", "node1").request(Restart.now()),
                        "RestartPostgres", "restarting postgres as requested"),
                row("restart request on the leader: keep renewing", healthy(),
                        asPrimary("node1").request(Restart.now()), "RenewLeader RestartPostgres",
                        "restarting postgres as requested"),
                row("pending-only restart without pending changes: dropped", healthy(),
                        asReplica("node2", "node1").request(new Restart(true, null, null)), "DropRequest",
                        "restart not needed: no pending restart"),
                row("pending-only restart with pending changes", healthy(),
                        asReplica("node2", "node1").pendingRestart(true).request(new Restart(true, null, null)),
                        "RestartPostgres", "restarting postgres as requested"),
                row("restart for primaries only, on a replica: dropped", healthy(),
                        asReplica("node2", "node1").request(new Restart(false, PgRole.PRIMARY, null)),
                        "DropRequest", "restart not needed: role is replica, restart was requested for primary"),
                row("scheduled restart not due yet", healthy(),
                        asReplica("node2", "node1").request(new Restart(false, null, NOW.plusSeconds(60))),
                        "", FOLLOWING),
                row("scheduled restart due", healthy(),
                        asReplica("node2", "node1").request(new Restart(false, null, NOW.minusSeconds(5))),
                        "RestartPostgres", "restarting postgres as requested"),
                row("scheduled restart overdue by more than 1.5 loop_wait: dropped", healthy(),
                        asReplica("node2", "node1").request(new Restart(false, null, NOW.minusSeconds(16))),
                        "DropRequest", "found a stale scheduled restart (due at " + NOW.minusSeconds(16)
                                + "), cleaning up"),
                row("reinitialize request on a replica", healthy(), asReplica("node2", "node1")
                        .request(new Reinit(true)), "Reinitialize(node1,node1)",
                        "reinitializing from 'node1' as requested"),
                row("reinitialize request, clonefrom member preferred",
                        cluster("node1", primary("node1"), replica("node2"),
                                tagged(replica("node3"), "clonefrom", true)),
                        asReplica("node2", "node1").request(new Reinit(false)), "Reinitialize(node3,node1)",
                        "reinitializing from 'node3' as requested"),
                row("reinitialize request refused on the leader", healthy(),
                        asPrimary("node1").request(new Reinit(false)), "RenewLeader DropRequest",
                        "reinitialize refused: I am the leader, can not reinitialize"),
                row("request waits while a long action runs", healthy(),
                        asReplica("node2", "node1").runnerBusy("restart").request(Restart.now()), "",
                        "restart in progress"));
    }
}
