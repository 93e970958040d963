package io.steward.ha;

import io.steward.model.ClusterView;
import io.steward.model.LocalRequest.Reinit;
import io.steward.model.PgState;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static io.steward.ha.Fx.LSN;
import static io.steward.ha.Fx.NOW;
import static io.steward.ha.Fx.SYSID;
import static io.steward.ha.Fx.asEmpty;
import static io.steward.ha.Fx.asPrimary;
import static io.steward.ha.Fx.asReplica;
import static io.steward.ha.Fx.asStopped;
import static io.steward.ha.Fx.cluster;
import static io.steward.ha.Fx.healthy;
import static io.steward.ha.Fx.leaderless;
import static io.steward.ha.Fx.primary;
import static io.steward.ha.Fx.replica;
import static io.steward.ha.Fx.stopped;
import static io.steward.ha.Fx.tagged;
import static io.steward.ha.Fx.tags;
import static io.steward.ha.Fx.withDynamicStartTimeout;
import static io.steward.ha.Fx.withHistory;
import static io.steward.ha.Row.row;

/** Rows for normal (not paused) operation: bootstrap, the leader, safety. */
final class NormalRows {

    static final String STEADY = "RenewLeader PublishStatus(" + LSN + ") SyncSlots(node2,node3)";
    static final String I_LEAD = "no action. I am (node1), the leader with the lock";

    private NormalRows() {
    }

    static Stream<Row> rows() {
        return Stream.of(bootstrap(), leader(), leaderSafety()).flatMap(List::stream);
    }

    static List<Row> bootstrap() {
        ClusterView fresh = ClusterView.EMPTY;
        ClusterView initialized = cluster(null).withInitialize(SYSID);
        return List.of(
                row("empty data dir, no initialize key: race to bootstrap", fresh, asEmpty("node1"),
                        "InitializeCluster", "trying to bootstrap a new cluster"),
                row("empty data dir, nofailover: never bootstraps", fresh,
                        asEmpty("node1").tags(tags("nofailover", true)),
                        "", "waiting for leader to bootstrap"),
                row("empty data dir, initialized but no leader yet: wait", initialized, asEmpty("node2"),
                        "", "waiting for leader to bootstrap"),
                row("empty data dir, leader present: clone from leader", healthy(), asEmpty("node4"),
                        "CloneFrom(node1,node1)", "trying to bootstrap from leader 'node1'"),
                row("empty data dir, a running member offers clonefrom: clone from it",
                        cluster("node1", primary("node1"), replica("node2"),
                                tagged(replica("node3"), "clonefrom", true)),
                        asEmpty("node4"), "CloneFrom(node3,node1)", "trying to bootstrap from replica 'node3'"),
                row("empty data dir, clonefrom member stopped: clone from leader",
                        cluster("node1", primary("node1"), tagged(stopped("node3"), "clonefrom", true)),
                        asEmpty("node4"), "CloneFrom(node1,node1)", "trying to bootstrap from leader 'node1'"),
                row("empty data dir, replicatefrom a running member: clone, then follow it", healthy(),
                        asEmpty("node4").tags(tags("replicatefrom", "node3")),
                        "CloneFrom(node1,node3)", "trying to bootstrap from leader 'node1'"),
                row("empty data dir while holding the lock, postgres running: stop and release", healthy(),
                        asEmpty("node1").state(PgState.RUNNING), "StopPostgres(IMMEDIATE) ReleaseLeader",
                        "released leader key voluntarily as data dir empty and currently leader"),
                row("empty data dir while holding the lock, postgres down: release", healthy(), asEmpty("node1"),
                        "ReleaseLeader", "released leader key voluntarily as data dir empty and currently leader"),
                row("data present, no initialize key, running primary: take ownership", fresh, asPrimary("node1"),
                        "WriteInitialize(" + SYSID + ")",
                        "taking ownership of the cluster for the existing data directory (system ID " + SYSID + ")"),
                row("data present, no initialize key, stopped: take ownership", fresh, asStopped("node1"),
                        "WriteInitialize(" + SYSID + ")",
                        "taking ownership of the cluster for the existing data directory (system ID " + SYSID + ")"),
                row("data present, no initialize key, running replica: refuse", fresh, asReplica("node2", "node1"),
                        "", "no initialize key in DCS and postgres is running as replica;"
                                + " start the agent on the primary first"),
                row("data present, no initialize key, system id unknown", fresh, asPrimary("node1").systemId(null),
                        "", "data directory is not empty but its system ID is unknown;"
                                + " consider reinitializing this member"),
                row("data present, no initialize key, nofailover: wait", fresh,
                        asStopped("node1").tags(tags("nofailover", true)), "", "waiting for leader to bootstrap"),
                row("leader finds no initialize key: writes it after renewing", healthy().withInitialize(null),
                        asPrimary("node1"), "RenewLeader PublishStatus(" + LSN + ") WriteInitialize(" + SYSID
                                + ") SyncSlots(node2,node3)", I_LEAD));
    }

    static List<Row> leader() {
        ClusterView cascade = cluster("node1", primary("node1"), replica("node2"),
                tagged(replica("node3", LSN, "node2"), "replicatefrom", "node2"));
        return List.of(
                row("leader, healthy: renew, publish, keep slots", healthy(), asPrimary("node1"), STEADY, I_LEAD),
                row("leader without slots", healthy(), asPrimary("node1"),
                        s -> new HaSettings(s.name(), s.ttl(), s.loopWait(), s.retryTimeout(),
                                s.maximumLagOnFailover(), s.primaryStartTimeout(), false, false, true),
                        "RenewLeader PublishStatus(" + LSN + ")", I_LEAD),
                row("leader on a timeline the history does not record: publish history", withHistory(healthy(), 1),
                        asPrimary("node1").timeline(3),
                        "RenewLeader PublishStatus(" + LSN + ") PublishHistory SyncSlots(node2,node3)", I_LEAD),
                row("leader whose history is up to date", withHistory(healthy(), 1, 2),
                        asPrimary("node1").timeline(3), STEADY, I_LEAD),
                row("leader keeps no slot for a cascading replica", cascade, asPrimary("node1"),
                        "RenewLeader PublishStatus(" + LSN + ") SyncSlots(node2)", I_LEAD),
                row("lock holder running read-only: promote", healthy(), asReplica("node1", null).leaseValid(true),
                        "RenewLeader Promote", "promoted self to leader because I had the session lock"),
                row("leader postgres crashed: start it again while renewing", healthy(),
                        asPrimary("node1").state(PgState.CRASHED).pgDownSince(NOW.minusSeconds(20)),
                        "RenewLeader StartAsReplica(null)", "starting primary after failure"),
                row("leader postgres crashed, down time unknown: start it again", healthy(),
                        asPrimary("node1").state(PgState.STOPPED),
                        "RenewLeader StartAsReplica(null)", "starting primary after failure"),
                row("leader postgres starting: wait and renew", healthy(),
                        asPrimary("node1").state(PgState.STARTING).pgDownSince(NOW.minusSeconds(20)),
                        "RenewLeader", "waiting for postgres to start as primary"),
                row("leader postgres down past primary_start_timeout: release", healthy(),
                        asPrimary("node1").state(PgState.CRASHED).pgDownSince(NOW.minusSeconds(301)),
                        "StopPostgres(IMMEDIATE) ReleaseLeader",
                        "released leader lock because postgres did not start within primary_start_timeout"),
                row("leader down past timeout, nobody to fail over to: keep starting",
                        cluster("node1", primary("node1"), stopped("node2"),
                                tagged(replica("node3"), "nofailover", true)),
                        asPrimary("node1").state(PgState.START_FAILED).pgDownSince(NOW.minusSeconds(400)),
                        "RenewLeader StartAsReplica(null)",
                        "primary start has timed out, but starting again because failover is not possible"),
                row("leader starting past timeout, nobody to fail over to: keep waiting",
                        cluster("node1", primary("node1")),
                        asPrimary("node1").state(PgState.STARTING).pgDownSince(NOW.minusSeconds(400)),
                        "RenewLeader",
                        "primary start has timed out, but continuing to wait because failover is not possible"),
                row("leader postgres not responding: wait and renew", healthy(),
                        asPrimary("node1").state(PgState.NOT_RESPONDING).pgDownSince(NOW.minusSeconds(20)),
                        "RenewLeader", "waiting for postgres to start as primary"),
                row("leader postgres crashed and lease deadline passed: renewing decides", healthy(),
                        asPrimary("node1").state(PgState.CRASHED).leaseValid(false),
                        "RenewLeader StartAsReplica(null)", "starting primary after failure"),
                row("empty data dir with a reinitialize request: clone", healthy(),
                        asEmpty("node2").request(new Reinit(true)),
                        "Reinitialize(node1,node1)", "reinitializing from 'node1' as requested"),
                row("dynamic primary_start_timeout overrides the local one",
                        withDynamicStartTimeout(healthy(), Duration.ofSeconds(60)),
                        asPrimary("node1").state(PgState.CRASHED).pgDownSince(NOW.minusSeconds(61)),
                        "StopPostgres(IMMEDIATE) ReleaseLeader",
                        "released leader lock because postgres did not start within primary_start_timeout"));
    }

    static List<Row> leaderSafety() {
        return List.of(
                row("lease deadline passed while the DCS still names us: demote, then release", healthy(),
                        asPrimary("node1").leaseValid(false), "Demote(IMMEDIATE,null) ReleaseLeader",
                        "demoted self because the leader lease could not be renewed in time"),
                row("DCS unreachable on a primary: demote at once", healthy(),
                        asPrimary("node1").dcsReachable(false), "Demote(IMMEDIATE,null)",
                        "demoted self because DCS is not accessible and I was a leader"),
                row("DCS unreachable on a primary with a long action: cancel it, demote", healthy(),
                        asPrimary("node1").dcsReachable(false).runnerBusy("restart"),
                        "CancelLongAction Demote(IMMEDIATE,null)",
                        "demoted self because DCS is not accessible and I was a leader"),
                row("DCS unreachable on a replica: nothing to do", healthy(),
                        asReplica("node2", "node1").dcsReachable(false), "", "DCS is not accessible"),
                row("long action: the leader keeps renewing", healthy(), asPrimary("node1").runnerBusy("restart"),
                        "RenewLeader", "updated leader lock during restart"),
                row("long action on the holder whose postgres is down: renews even past the deadline", healthy(),
                        asPrimary("node1").state(PgState.STARTING).leaseValid(false)
                                .runnerBusy("starting primary after failure"),
                        "RenewLeader", "updated leader lock during starting primary after failure"),
                row("long action on a replica", healthy(), asStopped("node2").runnerBusy("basebackup"),
                        "", "basebackup in progress"),
                row("long action on a primary that lost the lock to another node", healthy(),
                        asPrimary("node2").runnerBusy("restart"), "CancelLongAction Demote(IMMEDIATE,null)",
                        "lost leader lock during restart"),
                row("long action on the holder past its lease deadline", healthy(),
                        asPrimary("node1").runnerBusy("restart").leaseValid(false),
                        "CancelLongAction Demote(IMMEDIATE,null) ReleaseLeader", "lost leader lock during restart"),
                row("long action with no lock anywhere (e.g. bootstrap)", leaderless(),
                        asPrimary("node1").runnerBusy("bootstrap"), "", "bootstrap in progress"),
                row("system id mismatch: refuse to act", healthy(), asReplica("node2", "node1").systemId("999"),
                        "", "system ID mismatch: the data directory belongs to a different cluster (999 != "
                                + SYSID + "); refusing to act"));
    }
}
