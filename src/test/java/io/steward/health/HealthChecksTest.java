package io.steward.health;

import io.steward.control.NodeStatus;
import io.steward.health.HealthChecks.ReplicaFilter;
import io.steward.health.HealthChecks.Verdict;
import io.steward.model.ClusterView;
import io.steward.model.DynamicConfig;
import io.steward.model.Leader;
import io.steward.model.PgRole;
import io.steward.model.PgState;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.stream.Stream;

import static io.steward.health.NodeStatusBuilder.NOW;
import static io.steward.health.NodeStatusBuilder.leader;
import static io.steward.health.NodeStatusBuilder.replica;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One row per situation: every health decision, normal and paused, with its reason as part of the oracle. */
class HealthChecksTest {

    /** node1 holds the lock, the leader's optime is 1000, ttl 30s, maximum_lag_on_failover 1 MiB. */
    static final ClusterView NORMAL = ClusterView.EMPTY.withLeader(new Leader("node1", 1)).withOptime(1000);
    static final ClusterView PAUSED = NORMAL.withConfig(DynamicConfig.DEFAULTS.withPause(true));
    static final ClusterView UNLOCKED_PAUSED = PAUSED.withLeader(null);

    static ReplicaFilter lag(long bytes) {
        return new ReplicaFilter(bytes, null, Map.of());
    }

    static ReplicaFilter state(String s) {
        return new ReplicaFilter(Long.MAX_VALUE, s, Map.of());
    }

    static ReplicaFilter tag(String k, String v) {
        return new ReplicaFilter(Long.MAX_VALUE, null, Map.of(k, v));
    }

    static Arguments row(String situation, NodeStatusBuilder node, ClusterView view,
                         BiFunction<NodeStatus, ClusterView, Verdict> check, int status, String reason) {
        return Arguments.of(situation, node.build(), view, check, status, reason);
    }

    static Stream<Arguments> rows() {
        BiFunction<NodeStatus, ClusterView, Verdict> primary = HealthChecks::primary;
        BiFunction<NodeStatus, ClusterView, Verdict> leaderCheck = HealthChecks::leader;
        BiFunction<NodeStatus, ClusterView, Verdict> replicaCheck = (s, v) -> HealthChecks.replica(s, v,
                ReplicaFilter.NONE);
        BiFunction<NodeStatus, ClusterView, Verdict> readOnly = (s, v) -> HealthChecks.readOnly(s, v,
                ReplicaFilter.NONE);
        BiFunction<NodeStatus, ClusterView, Verdict> health = (s, v) -> HealthChecks.health(s, ReplicaFilter.NONE);
        BiFunction<NodeStatus, ClusterView, Verdict> liveness = (s, v) -> HealthChecks.liveness(s, v, NOW);
        BiFunction<NodeStatus, ClusterView, Verdict> readiness = (s, v) -> HealthChecks.readiness(s, v, null, false);
        return Stream.of(
                row("/primary: lock holder running as primary", leader(), NORMAL, primary, 200, "with the leader lock"),
                row("/primary: parallel primary without the lock", leader().name("node3").holdsLease(false), NORMAL,
                        primary, 503, "without the leader lock (held by node1)"),
                row("/primary paused: parallel primary without the lock", leader().name("node3").holdsLease(false)
                        .paused(true), PAUSED, primary, 503, "without the leader lock"),
                row("/primary paused, DCS unreachable: the running primary keeps serving",
                        leader().holdsLease(false).paused(true).dcs(true, false), PAUSED, primary, 200,
                        "DCS is unreachable"),
                row("/primary not paused, DCS unreachable, lease lost", leader().holdsLease(false).dcs(true, false),
                        NORMAL, primary, 503, "without the leader lock"),
                row("/primary: replica", replica(), NORMAL, primary, 503, "as replica, not as primary"),
                row("/primary: lock holder whose PostgreSQL is stopped", leader().state(PgState.STOPPED), NORMAL,
                        primary, 503, "not running (stopped)"),
                row("/primary paused: lock holder demoted by hand", leader().role(PgRole.REPLICA).paused(true),
                        PAUSED, primary, 503, "not as primary"),
                row("/leader: lock holder", leader(), NORMAL, leaderCheck, 200, "holds the leader lock"),
                row("/leader: lock holder with PostgreSQL stopped", leader().state(PgState.STOPPED), NORMAL,
                        leaderCheck, 200, "holds the leader lock"),
                row("/leader: replica", replica(), NORMAL, leaderCheck, 503, "does not hold"),
                row("/leader paused: nobody holds the lock", leader().holdsLease(false).paused(true),
                        UNLOCKED_PAUSED, leaderCheck, 503, "nobody holds it"),
                row("/replica: streaming replica", replica(), NORMAL, replicaCheck, 200, "running replica"),
                row("/replica paused: streaming replica", replica().paused(true), PAUSED, replicaCheck, 200,
                        "running replica"),
                row("/replica: noloadbalance", replica().tags(Map.of("noloadbalance", true)), NORMAL, replicaCheck,
                        503, "noloadbalance"),
                row("/replica: the primary", leader(), NORMAL, replicaCheck, 503, "not as replica"),
                row("/replica: stopped replica", replica().state(PgState.STOPPED), NORMAL, replicaCheck, 503,
                        "not running"),
                row("/replica paused: crashed replica", replica().state(PgState.CRASHED).paused(true), PAUSED,
                        replicaCheck, 503, "not running (crashed)"),
                row("/replica?lag=16kB: 1000 bytes behind", replica().positions(0, 0), NORMAL,
                        (s, v) -> HealthChecks.replica(s, v, lag(16 * 1024)), 200, "replay lag 1000 bytes"),
                row("/replica?lag=16kB: 100000 bytes behind", replica().positions(0, 0), NORMAL.withOptime(100_000),
                        (s, v) -> HealthChecks.replica(s, v, lag(16 * 1024)), 503, "exceeds 16384"),
                row("/replica?lag=0: received but not replayed", replica().positions(1000, 900), NORMAL,
                        (s, v) -> HealthChecks.replica(s, v, lag(0)), 503, "replay lag 100 bytes"),
                row("/replica?lag: unknown leader optime is no lag", replica().positions(0, 0), NORMAL.withOptime(0),
                        (s, v) -> HealthChecks.replica(s, v, lag(0)), 200, "replay lag 0"),
                row("/replica?replication_state=streaming: streaming", replica(), NORMAL,
                        (s, v) -> HealthChecks.replica(s, v, state("streaming")), 200, "running replica"),
                row("/replica?replication_state=streaming: archive recovery", replica().streaming(false), NORMAL,
                        (s, v) -> HealthChecks.replica(s, v, state("streaming")), 503,
                        "replication state is in archive recovery, not streaming"),
                row("/replica?tag_dc=east: matching tag", replica().tags(Map.of("dc", "east")), NORMAL,
                        (s, v) -> HealthChecks.replica(s, v, tag("dc", "east")), 200, "running replica"),
                row("/replica?tag_dc=west: other tag value", replica().tags(Map.of("dc", "east")), NORMAL,
                        (s, v) -> HealthChecks.replica(s, v, tag("dc", "west")), 503, "tag dc is east, not west"),
                row("/replica?tag_nofailover=true: boolean tag", replica().tags(Map.of("nofailover", true)), NORMAL,
                        (s, v) -> HealthChecks.replica(s, v, tag("nofailover", "true")), 200, "running replica"),
                row("/read-only: lock holder", leader(), NORMAL, readOnly, 200, "with the leader lock"),
                row("/read-only: replica", replica(), NORMAL, readOnly, 200, "running replica"),
                row("/read-only: parallel primary", leader().name("node3").holdsLease(false), NORMAL, readOnly, 503,
                        "not as replica"),
                row("/read-only: noloadbalance replica", replica().tags(Map.of("noloadbalance", "true")), NORMAL,
                        readOnly, 503, "noloadbalance"),
                row("/health: running primary", leader(), NORMAL, health, 200, "running as primary"),
                row("/health: running replica", replica(), NORMAL, health, 200, "running as replica"),
                row("/health: stopped", replica().state(PgState.STOPPED), NORMAL, health, 503, "not running"),
                row("/health paused: stopped by hand", leader().state(PgState.STOPPED).paused(true), PAUSED, health,
                        503, "not running (stopped)"),
                row("/health paused: parallel primary is running", leader().holdsLease(false).paused(true), PAUSED,
                        health, 200, "running as primary"),
                row("/sync: replica (no synchronous mode)", replica(), NORMAL, (s, v) -> HealthChecks.sync(), 503,
                        "no synchronous"),
                row("/async: replica", replica(), NORMAL, (s, v) -> HealthChecks.async(s, v, ReplicaFilter.NONE), 200,
                        "running replica"),
                row("/async: primary", leader(), NORMAL, (s, v) -> HealthChecks.async(s, v, ReplicaFilter.NONE), 503,
                        "not as replica"),
                row("/standby-leader: never", leader(), NORMAL, (s, v) -> HealthChecks.standbyLeader(), 503,
                        "standby"),
                row("/liveness: primary ticked 5s ago", leader(), NORMAL, liveness, 200, "limit 30.0s"),
                row("/liveness: primary ticked 31s ago", leader().lastLoop(NOW.minusSeconds(31)), NORMAL, liveness,
                        503, "last ticked 31.0s ago, limit 30.0s"),
                row("/liveness: replica ticked 31s ago (2*ttl)", replica().lastLoop(NOW.minusSeconds(31)), NORMAL,
                        liveness, 200, "limit 60.0s"),
                row("/liveness: replica ticked 61s ago", replica().lastLoop(NOW.minusSeconds(61)), NORMAL, liveness,
                        503, "limit 60.0s"),
                row("/liveness: PostgreSQL stopped, loop ticking", leader().state(PgState.STOPPED), NORMAL, liveness,
                        200, "ticked"),
                row("/liveness: loop never ticked", replica().lastLoop(null), NORMAL, liveness, 503, "not completed"),
                row("/liveness paused: loop stale for an hour", leader().paused(true)
                        .lastLoop(NOW.minus(Duration.ofHours(1))), PAUSED, liveness, 200, "paused"),
                row("/liveness paused (DCS view only): loop never ticked", replica().lastLoop(null), PAUSED, liveness,
                        200, "paused"),
                row("/readiness: lock holder", leader(), NORMAL, readiness, 200, "holds the leader lock"),
                row("/readiness: streaming replica within 1MiB", replica(), NORMAL, readiness, 200, "apply lag 0"),
                row("/readiness: replica 2MiB behind", replica().positions(0, 0), NORMAL.withOptime(2 << 20),
                        readiness, 503, "exceeds maximum allowable 1048576"),
                row("/readiness?lag=4MB: replica 2MiB behind", replica().positions(0, 0), NORMAL.withOptime(2 << 20),
                        (s, v) -> HealthChecks.readiness(s, v, 4L << 20, false), 200, "within 4194304"),
                row("/readiness?mode=write: received all, replayed none", replica().positions(2 << 20, 0),
                        NORMAL.withOptime(2 << 20), (s, v) -> HealthChecks.readiness(s, v, null, true), 200,
                        "write lag 0"),
                row("/readiness: archive recovery", replica().streaming(false), NORMAL, readiness, 503,
                        "not a streaming replica"),
                row("/readiness: stopped replica", replica().state(PgState.STOPPED), NORMAL, readiness, 503,
                        "not running"),
                row("/readiness: parallel primary", leader().holdsLease(false), NORMAL, readiness, 503,
                        "not a streaming replica"),
                row("/readiness: DCS unreachable, leader position unknown", replica().dcs(true, false),
                        NORMAL.withOptime(0), readiness, 503, "DCS is not accessible"),
                row("lease readiness: lock holder running as primary", leader(), NORMAL,
                        HealthChecks::leaseReadiness, 200, "as a running primary"),
                row("lease readiness: lock holder with PostgreSQL stopped", leader().state(PgState.STOPPED), NORMAL,
                        HealthChecks::leaseReadiness, 503, "not a running primary"),
                row("lease readiness: replica received within 1MiB", replica().positions(1000, 0),
                        NORMAL.withOptime(1000), HealthChecks::leaseReadiness, 200, "WAL lag 0"),
                row("lease readiness: replica 2MiB behind", replica().positions(0, 0), NORMAL.withOptime(2 << 20),
                        HealthChecks::leaseReadiness, 503, "exceeds"),
                row("startup: DCS not joined", leader().dcs(false, false), NORMAL,
                        (s, v) -> HealthChecks.startup(s), 503, "not joined"),
                row("startup: joined, first loop pending", leader().lastLoop(null), NORMAL,
                        (s, v) -> HealthChecks.startup(s), 503, "first HA loop has not completed"),
                row("startup: joined and looped", replica(), NORMAL, (s, v) -> HealthChecks.startup(s), 200,
                        "first HA loop completed"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void decides(String situation, NodeStatus node, ClusterView view,
                 BiFunction<NodeStatus, ClusterView, Verdict> check, int status, String reason) {
        Verdict verdict = check.apply(node, view);
        assertEquals(status, verdict.status(), situation + ": " + verdict.reason());
        assertTrue(verdict.reason().contains(reason), situation + ": reason was '" + verdict.reason() + "'");
    }

    @ParameterizedTest(name = "lag {0} behind optime {1} is {2}")
    @MethodSource("lags")
    void lagBehindNeverNegative(long position, long optime, long expected) {
        assertEquals(expected, HealthChecks.lagBehind(optime, position));
    }

    static List<Arguments> lags() {
        return List.of(Arguments.of(0L, 0L, 0L), Arguments.of(10L, 5L, 0L), Arguments.of(5L, 10L, 5L),
                Arguments.of(0L, Long.MAX_VALUE, Long.MAX_VALUE));
    }
}
