package io.steward.ha;

import io.steward.model.ClusterView;
import io.steward.model.LocalRequest.Restart;
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
import static io.steward.ha.Fx.leaderless;
import static io.steward.ha.Fx.lsns;
import static io.steward.ha.Fx.primary;
import static io.steward.ha.Fx.replica;
import static io.steward.ha.Fx.stopped;
import static io.steward.ha.Fx.tagged;
import static io.steward.ha.Fx.tags;
import static io.steward.ha.Fx.withIntent;
import static io.steward.ha.Fx.withScheduledIntent;
import static io.steward.ha.NormalRows.I_LEAD;
import static io.steward.ha.NormalRows.STEADY;
import static io.steward.ha.Row.row;

/** Rows for the leader race (no lock) and for switchover/failover intents. */
final class RaceRows {

    static final String PROMOTED = "promoted self to leader by acquiring session lock";

    private RaceRows() {
    }

    static Stream<Row> rows() {
        return Stream.of(race(), intentsOnLeader(), intentsWithoutLeader()).flatMap(List::stream);
    }

    static List<Row> race() {
        ClusterView none = leaderless();
        return List.of(
                row("no lock, most advanced replica: acquire, then promote", none,
                        asReplica("node2", "node1").lsn(LSN + 10).peerLsns(lsns("node3", LSN)),
                        "AcquireLeader Promote", PROMOTED),
                row("no lock, a peer is more advanced: do not race", none,
                        asReplica("node2", "node1").peerLsns(lsns("node3", LSN + 10)), "",
                        "not racing for the leader lock: node3 is more advanced"),
                row("no lock, same LSN: alphabetically first wins (me)", none,
                        asReplica("node2", "node1").peerLsns(lsns("node3", LSN)), "AcquireLeader Promote", PROMOTED),
                row("no lock, same LSN: alphabetically first wins (peer)", none,
                        asReplica("node3", "node1").peerLsns(lsns("node2", LSN)), "",
                        "not racing for the leader lock: node2 is more advanced"),
                row("no lock, more advanced peer unreachable: race", none,
                        asReplica("node2", "node1").peerLsns(lsns()), "AcquireLeader Promote", PROMOTED),
                row("no lock, more advanced peer tagged nofailover: race",
                        cluster(null, replica("node2"), tagged(replica("node3"), "nofailover", true)),
                        asReplica("node2", "node1").peerLsns(lsns("node3", LSN + 10)),
                        "AcquireLeader Promote", PROMOTED),
                row("no lock, more advanced peer not running: race",
                        cluster(null, replica("node2"), stopped("node3")),
                        asReplica("node2", "node1").peerLsns(lsns("node3", LSN + 10)),
                        "AcquireLeader Promote", PROMOTED),
                row("no lock, nofailover tag: never race", none,
                        asReplica("node2", "node1").tags(tags("nofailover", true)), "",
                        "not racing for the leader lock: nofailover tag is set"),
                row("no lock, lag over maximum_lag_on_failover: never race", none,
                        asReplica("node2", "node1").lsn(LSN - 2_000_000), "",
                        "not racing for the leader lock: my replication lag (2000000 bytes) exceeds"
                                + " maximum_lag_on_failover (1048576)"),
                row("no lock, stopped: start read-only without a leader", none, asStopped("node2"),
                        "StartAsReplica(null)", "starting as a secondary without a leader"),
                row("no lock, starting: wait", none, asStopped("node2").state(PgState.STARTING),
                        "", "waiting for postgres to start"),
                row("no lock, running primary that is the best: take the lock", none,
                        asPrimary("node1").leaseValid(false).peerLsns(lsns("node2", LSN, "node3", LSN)),
                        "AcquireLeader", "acquired session lock as a leader"),
                row("no lock, running primary behind a replica: demote", none,
                        asPrimary("node1").leaseValid(false).peerLsns(lsns("node2", LSN + 10)),
                        "Demote(IMMEDIATE,null)", "demoted self because I am not the healthiest node"
                                + " (not racing for the leader lock: node2 is more advanced)"),
                row("no lock, restart request is served", none,
                        asReplica("node2", "node1").request(Restart.now()),
                        "RestartPostgres", "restarting postgres as requested"),
                row("no lock, scheduled intent is ignored: normal race",
                        withScheduledIntent(none, "node1", "node3", NOW.plusSeconds(600)),
                        asReplica("node2", "node1").peerLsns(lsns("node3", LSN)), "AcquireLeader Promote", PROMOTED));
    }

    static List<Row> intentsOnLeader() {
        String clear = "RenewLeader ClearFailover(7)";
        return List.of(
                row("switchover to a healthy candidate: graceful demote, release", withIntent(healthy(), "node1",
                        "node2"), asPrimary("node1"), "Demote(GRACEFUL,node2) ReleaseLeader",
                        "manual failover: demoted self to let node2 take over"),
                row("failover intent naming a candidate (no leader field)", withIntent(healthy(), null, "node3"),
                        asPrimary("node1"), "Demote(GRACEFUL,node3) ReleaseLeader",
                        "manual failover: demoted self to let node3 take over"),
                row("switchover without candidate: graceful demote, release", withIntent(healthy(), "node1", null),
                        asPrimary("node1"), "Demote(GRACEFUL,null) ReleaseLeader",
                        "manual failover: demoted self to let the most advanced replica take over"),
                row("switchover without candidate, nobody eligible: cleared",
                        withIntent(cluster("node1", primary("node1"), replica("node2", 1, "node1"),
                                tagged(replica("node3"), "nofailover", true)), "node1", null),
                        asPrimary("node1"), clear, "cleared failover key: no healthy member to switch over to"),
                row("stale intent made for another leader: cleared", withIntent(healthy(), "node5", "node2"),
                        asPrimary("node1"), clear,
                        "cleared stale failover key: it was made for leader node5, the leader is node1"),
                row("intent naming the leader as candidate: cleared", withIntent(healthy(), null, "node1"),
                        asPrimary("node1"), clear, "cleared failover key: the candidate node1 is already the leader"),
                row("completed switchover: the new leader clears the key", withIntent(healthy(), "node2", "node1"),
                        asPrimary("node1"), clear, "cleared failover key: the candidate node1 is already the leader"),
                row("candidate not a member: cleared", withIntent(healthy(), "node1", "node9"), asPrimary("node1"),
                        clear, "cleared failover key: candidate node9 is not a member of the cluster"),
                row("candidate stopped: cleared",
                        withIntent(cluster("node1", primary("node1"), stopped("node2")), "node1", "node2"),
                        asPrimary("node1"), clear,
                        "cleared failover key: candidate node2 is not a healthy replica, switchover is not possible"),
                row("candidate tagged nofailover: cleared",
                        withIntent(cluster("node1", primary("node1"), tagged(replica("node2"), "nofailover", true)),
                                "node1", "node2"), asPrimary("node1"), clear,
                        "cleared failover key: candidate node2 is not a healthy replica, switchover is not possible"),
                row("scheduled switchover not due: wait",
                        withScheduledIntent(healthy(), "node1", "node2", NOW.plusSeconds(60)), asPrimary("node1"),
                        STEADY, I_LEAD + "; switchover scheduled at " + NOW.plusSeconds(60)),
                row("scheduled switchover due: run it",
                        withScheduledIntent(healthy(), "node1", "node2", NOW.minusSeconds(2)), asPrimary("node1"),
                        "Demote(GRACEFUL,node2) ReleaseLeader", "manual failover: demoted self to let node2 take over"),
                row("scheduled switchover overdue (e.g. after resume): dropped",
                        withScheduledIntent(healthy(), "node1", "node2", NOW.minusSeconds(16)), asPrimary("node1"),
                        clear, "found a stale scheduled switchover (due at " + NOW.minusSeconds(16)
                                + "), cleaning up"));
    }

    static List<Row> intentsWithoutLeader() {
        ClusterView handedOver = cluster(null, replica("node1", LSN, null), replica("node2"), replica("node3"));
        return List.of(
                row("candidate sees the lock gone: acquire, promote", withIntent(handedOver, "node1", "node2"),
                        asReplica("node2", "node1").peerLsns(lsns("node1", LSN, "node3", LSN + 10)),
                        "AcquireLeader Promote", "manual failover: " + PROMOTED),
                row("named candidate tagged nofailover: it does not take the lock",
                        withIntent(handedOver, "node1", "node2"),
                        asReplica("node2", "node1").tags(tags("nofailover", true)), "",
                        "not racing for the leader lock: nofailover tag is set"),
                row("another healthy candidate is named: do not race", withIntent(handedOver, "node1", "node3"),
                        asReplica("node2", "node1").lsn(LSN + 10).peerLsns(lsns("node1", LSN, "node3", LSN)), "",
                        "manual failover: waiting for the candidate (node3) to take the leader lock"),
                row("named candidate unreachable: race without the former leader",
                        withIntent(handedOver, "node1", "node3"),
                        asReplica("node2", "node1").peerLsns(lsns("node1", LSN + 10)),
                        "AcquireLeader Promote", PROMOTED),
                row("switchover to the best: the former leader waits for others",
                        withIntent(handedOver, "node1", null),
                        asReplica("node1", null).peerLsns(lsns("node2", LSN, "node3", LSN)), "",
                        "manual failover: waiting for another member (node2) to take the leader lock"),
                row("switchover to the best: nobody else eligible, the former leader takes it back",
                        withIntent(handedOver, "node1", null), asReplica("node1", null).peerLsns(lsns()),
                        "AcquireLeader Promote", PROMOTED),
                row("switchover to the best: a more advanced former leader is not a competitor",
                        withIntent(handedOver, "node1", null),
                        asReplica("node2", "node1").peerLsns(lsns("node1", LSN + 10, "node3", LSN)),
                        "AcquireLeader Promote", PROMOTED));
    }
}
