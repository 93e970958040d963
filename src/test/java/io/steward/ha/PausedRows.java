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
import static io.steward.ha.Fx.SYSID;
import static io.steward.ha.Fx.asEmpty;
import static io.steward.ha.Fx.asPrimary;
import static io.steward.ha.Fx.asReplica;
import static io.steward.ha.Fx.asStopped;
import static io.steward.ha.Fx.cluster;
import static io.steward.ha.Fx.healthy;
import static io.steward.ha.Fx.leaderless;
import static io.steward.ha.Fx.paused;
import static io.steward.ha.Fx.primary;
import static io.steward.ha.Fx.replica;
import static io.steward.ha.Fx.withIntent;
import static io.steward.ha.Fx.withScheduledIntent;
import static io.steward.ha.Row.row;

/** Rows for a paused cluster: every message starts with "PAUSE: ". */
final class PausedRows {

    static final String STEADY = "RenewLeader PublishStatus(" + LSN + ") SyncSlots(node2,node3,keep)";
    static final String I_LEAD = "PAUSE: no action. I am (node1), the leader with the lock";
    static final String FOLLOWING = "PAUSE: no action. I am (node2), a secondary, and following a leader (node1)";

    private PausedRows() {
    }

    static Stream<Row> rows() {
        return Stream.of(lockHolder(), others(), noLock(), operator()).flatMap(List::stream);
    }

    static List<Row> lockHolder() {
        ClusterView c = paused(healthy());
        return List.of(
                row("paused leader renews, keeps slots without dropping", c, asPrimary("node1"), STEADY, I_LEAD),
                row("paused leader past its lease deadline: no demotion, renews", c,
                        asPrimary("node1").leaseValid(false), STEADY, I_LEAD),
                row("paused leader whose postgres stopped: releases the lock, no restart", c,
                        asPrimary("node1").state(PgState.STOPPED).pgDownSince(NOW.minusSeconds(5)), "ReleaseLeader",
                        "PAUSE: removed leader lock because postgres is not running"),
                row("paused leader demoted by hand: releases the lock, no promotion", c,
                        asReplica("node1", null).leaseValid(true), "ReleaseLeader",
                        "PAUSE: removed leader lock because postgres is not primary"),
                row("paused leader with an empty data dir: releases the lock", c, asEmpty("node1"), "ReleaseLeader",
                        "PAUSE: released leader key voluntarily as data dir empty and currently leader"),
                row("paused leader, DCS unreachable: no demotion", c, asPrimary("node1").dcsReachable(false), "",
                        "PAUSE: DCS is not accessible"),
                row("paused leader during a long action past its deadline: renews", c,
                        asPrimary("node1").runnerBusy("restart").leaseValid(false), "RenewLeader",
                        "PAUSE: updated leader lock during restart"),
                row("paused leader: scheduled switchover does not run",
                        withScheduledIntent(c, "node1", "node2", NOW.minusSeconds(2)), asPrimary("node1"), STEADY,
                        I_LEAD + "; scheduled switchover at " + NOW.minusSeconds(2) + " postponed while paused"),
                row("paused leader: switchover without candidate refused and cleared",
                        withIntent(c, "node1", null), asPrimary("node1"), "RenewLeader ClearFailover(7)",
                        "PAUSE: cleared failover key: switchover is possible only to a specific candidate"
                                + " in a paused state"),
                row("paused leader: switchover to a named candidate demotes and restarts as replica",
                        withIntent(c, "node1", "node2"), asPrimary("node1"), "Demote(GRACEFUL,node2) ReleaseLeader",
                        "PAUSE: manual failover: demoted self to let node2 take over"),
                row("paused leader: scheduled restart does not run", c,
                        asPrimary("node1").request(new Restart(false, null, NOW.minusSeconds(2))), STEADY, I_LEAD));
    }

    static List<Row> others() {
        ClusterView c = paused(healthy());
        return List.of(
                row("paused replica streaming", c, asReplica("node2", "node1"), "", FOLLOWING),
                row("paused stopped replica: not started", c, asStopped("node2"), "",
                        "PAUSE: postgres is not running"),
                row("paused crashed replica: not started", c, asStopped("node2").state(PgState.CRASHED), "",
                        "PAUSE: postgres is not running"),
                row("paused parallel primary: left running, warned", c, asPrimary("node3"), "Warn",
                        "PAUSE: continue to run as primary without lock"),
                row("paused empty data dir with a leader: no clone", c, asEmpty("node4"), "",
                        "PAUSE: running with empty data directory"),
                row("paused empty data dir, no cluster: no bootstrap", paused(ClusterView.EMPTY), asEmpty("node1"),
                        "", "PAUSE: running with empty data directory"),
                row("paused replica with a diverged timeline: no rewind", c,
                        asReplica("node2", "node1").rewindNeeded(true), "", FOLLOWING),
                row("paused: a new lock holder appears, replica re-points to it",
                        paused(cluster("node2", primary("node2"), replica("node3", LSN, "node1"))),
                        asReplica("node3", "node1"), "Follow(node2)",
                        "PAUSE: changing primary_conninfo to follow (node2)"),
                row("paused replica without primary_conninfo: left alone", c, asReplica("node2", null), "",
                        FOLLOWING),
                row("paused replica, DCS unreachable", c, asReplica("node2", "node1").dcsReachable(false), "",
                        "PAUSE: DCS is not accessible"),
                row("paused replica during a long action", c, asReplica("node2", "node1").runnerBusy("restart"), "",
                        "PAUSE: restart in progress"),
                row("paused primary without lock during a long action: not demoted", c,
                        asPrimary("node3").runnerBusy("restart"), "", "PAUSE: restart in progress"),
                row("paused, system id mismatch", c, asReplica("node2", "node1").systemId("999"), "",
                        "PAUSE: system ID mismatch: the data directory belongs to a different cluster (999 != "
                                + SYSID + "); refusing to act"));
    }

    static List<Row> noLock() {
        ClusterView c = paused(cluster(null, primary("node1"), replica("node2"), replica("node3")));
        return List.of(
                row("paused, no lock, running primary with matching system id: takes the lock", c,
                        asPrimary("node1").leaseValid(false), "AcquireLeader",
                        "PAUSE: acquired session lock as a leader"),
                row("paused, no lock, running primary, no initialize key: warns", c.withInitialize(null),
                        asPrimary("node1").leaseValid(false), "Warn",
                        "PAUSE: continue to run as primary without lock: the cluster has no initialize key"),
                row("paused, no lock, running primary with unknown system id: warns", c,
                        asPrimary("node1").leaseValid(false).systemId(null), "Warn",
                        "PAUSE: continue to run as primary without lock: the system ID of the data directory"
                                + " is unknown"),
                row("paused, no lock, replica: never promoted", c, asReplica("node2", "node1").lsn(LSN + 99), "",
                        "PAUSE: no action. I am (node2), a secondary, and there is no leader lock"),
                row("paused, no lock, stopped: not started", c, asStopped("node2"), "",
                        "PAUSE: postgres is not running"),
                row("paused, no lock, data present but no initialize key: no ownership taken",
                        paused(ClusterView.EMPTY), asStopped("node1"), "", "PAUSE: postgres is not running"),
                row("paused manual failover: the named replica promotes without a running primary",
                        withIntent(paused(leaderless()), null, "node2"), asReplica("node2", "node1"),
                        "AcquireLeader Promote", "PAUSE: manual failover: promoted self to leader by acquiring"
                                + " session lock"),
                row("paused manual failover: the named primary takes the lock",
                        withIntent(c, null, "node1"), asPrimary("node1").leaseValid(false), "AcquireLeader",
                        "PAUSE: manual failover: acquired session lock as a leader"),
                row("paused manual failover: another primary may not take the lock",
                        withIntent(c, null, "node2"), asPrimary("node1").leaseValid(false), "Warn",
                        "PAUSE: manual failover: waiting for the candidate (node2) to take the leader lock"),
                row("paused manual failover: other replicas wait",
                        withIntent(c, null, "node2"), asReplica("node3", "node1").lsn(LSN + 50), "",
                        "PAUSE: manual failover: waiting for the candidate (node2) to take the leader lock"),
                row("paused manual failover: the candidate is stopped", withIntent(c, null, "node2"),
                        asStopped("node2"), "",
                        "PAUSE: manual failover: I am the candidate but postgres is not running"),
                row("paused, scheduled switchover without leader: ignored",
                        withScheduledIntent(c, null, "node2", NOW.minusSeconds(1)), asReplica("node2", "node1"), "",
                        "PAUSE: no action. I am (node2), a secondary, and there is no leader lock"));
    }

    static List<Row> operator() {
        ClusterView c = paused(healthy());
        return List.of(
                row("paused restart request starts a stopped replica", c, asStopped("node2").request(Restart.now()),
                        "RestartPostgres", "PAUSE: restarting postgres as requested"),
                row("paused restart request on the leader whose postgres stopped", c,
                        asPrimary("node1").state(PgState.STOPPED).request(Restart.now()),
                        "RenewLeader RestartPostgres", "PAUSE: restarting postgres as requested"),
                row("paused restart request filtered by role", c,
                        asStopped("node2").request(new Restart(false, PgRole.PRIMARY, null)), "DropRequest",
                        "PAUSE: restart not needed: role is replica, restart was requested for primary"),
                row("paused reinitialize request", c, asReplica("node2", "node1").request(new Reinit(true)),
                        "Reinitialize(node1,node1)", "PAUSE: reinitializing from 'node1' as requested"),
                row("paused reinitialize request into an empty data dir", c,
                        asEmpty("node2").request(new Reinit(true)), "Reinitialize(node1,node1)",
                        "PAUSE: reinitializing from 'node1' as requested"),
                row("paused reinitialize without any leader: refused", paused(leaderless()),
                        asReplica("node2", "node1").request(new Reinit(true)), "DropRequest",
                        "PAUSE: reinitialize refused: no leader to reinitialize from"),
                row("paused restart request on a parallel primary", c, asPrimary("node3").request(Restart.now()),
                        "RestartPostgres", "PAUSE: restarting postgres as requested"));
    }
}
