package io.steward.health;

import io.steward.dcs.InMemoryKvStore;
import io.steward.dcs.KvDcs;
import io.steward.model.PgState;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Map;

import static io.steward.health.NodeStatusBuilder.NOW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The three MicroProfile checks over the in-memory DCS and a fake loop: status and the reason in their data. */
class HealthCheckBeansTest {

    private KvDcs dcs;
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

    @BeforeEach
    void cluster() throws Exception {
        dcs = new KvDcs(new InMemoryKvStore(), KvDcs.DEFAULT_NAMESPACE, "demo");
        dcs.casConfig(Map.of("ttl", 30, "loop_wait", 10, "retry_timeout", 10,
                "maximum_lag_on_failover", 1048576), 0);
        dcs.tryAcquireLeader("node1", Duration.ofSeconds(30));
        dcs.publishStatus(1000, Map.of());
    }

    @AfterEach
    void close() {
        dcs.close();
    }

    @Test
    void livenessFollowsTheLoopNotPostgres() {
        FakeLocalNode node = new FakeLocalNode(NodeStatusBuilder.leader().state(PgState.STOPPED).build());
        HaLoopLivenessCheck check = new HaLoopLivenessCheck(node, dcs, clock);
        assertUp(check.call(), "ticked 5.0s ago");

        node.setStatus(NodeStatusBuilder.leader().lastLoop(NOW.minusSeconds(45)).build());
        assertDown(check.call(), "last ticked 45.0s ago, limit 30.0s");
    }

    @Test
    void livenessIsUpWhilePausedEvenWithAStaleLoop() throws Exception {
        FakeLocalNode node = new FakeLocalNode(NodeStatusBuilder.replica().lastLoop(NOW.minusSeconds(3600)).build());
        HaLoopLivenessCheck check = new HaLoopLivenessCheck(node, dcs, clock);
        assertDown(check.call(), "limit 60.0s");

        long index = dcs.read().configIndex();
        assertTrue(dcs.casConfig(Map.of("ttl", 30, "pause", true), index));
        assertUp(check.call(), "paused");
    }

    @Test
    void readinessNeedsTheLeaseAsRunningPrimaryOrAStreamingReplicaWithinLag() throws Exception {
        FakeLocalNode node = new FakeLocalNode(NodeStatusBuilder.leader().build());
        LeaseReadinessCheck check = new LeaseReadinessCheck(node, dcs);
        assertUp(check.call(), "holds the leader lock as a running primary");

        node.setStatus(NodeStatusBuilder.leader().state(PgState.STOPPED).build());
        assertDown(check.call(), "not a running primary");

        node.setStatus(NodeStatusBuilder.replica().positions(1000, 500).build());
        assertUp(check.call(), "streaming replica");

        dcs.publishStatus(5L << 20, Map.of());
        assertDown(check.call(), "exceeds maximum allowable 1048576");

        node.setStatus(NodeStatusBuilder.replica().streaming(false).build());
        assertDown(check.call(), "not a streaming replica");
    }

    @Test
    void startupWaitsForTheDcsAndTheFirstLoop() {
        FakeLocalNode node = new FakeLocalNode(NodeStatusBuilder.replica().dcs(false, false).lastLoop(null).build());
        AgentStartupCheck check = new AgentStartupCheck(node);
        assertDown(check.call(), "has not joined");

        node.setStatus(NodeStatusBuilder.replica().lastLoop(null).build());
        assertDown(check.call(), "first HA loop has not completed");

        node.setStatus(NodeStatusBuilder.replica().build());
        assertUp(check.call(), "first HA loop completed");
    }

    private static void assertUp(HealthCheckResponse r, String reason) {
        assertEquals(HealthCheckResponse.Status.UP, r.getStatus(), String.valueOf(r.getData()));
        assertReason(r, reason);
    }

    private static void assertDown(HealthCheckResponse r, String reason) {
        assertEquals(HealthCheckResponse.Status.DOWN, r.getStatus(), String.valueOf(r.getData()));
        assertReason(r, reason);
    }

    private static void assertReason(HealthCheckResponse r, String reason) {
        Object actual = r.getData().orElseThrow().get("reason");
        assertTrue(String.valueOf(actual).contains(reason), "reason was '" + actual + "', expected '" + reason + "'");
    }
}
