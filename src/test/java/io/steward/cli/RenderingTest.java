package io.steward.cli;

import io.steward.api.grpc.v1.Cluster;
import io.steward.api.grpc.v1.Member;
import io.steward.api.grpc.v1.ScheduledSwitchover;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RenderingTest {

    private static final Cluster CLUSTER = Cluster.newBuilder().setScope("demo").setLeader("node1").setPaused(true)
            .addMembers(Member.newBuilder().setName("node1").setRole("leader").setState("running").setTimeline(3)
                    .setHost("10.0.0.1").setPort(5432))
            .addMembers(Member.newBuilder().setName("node2").setRole("replica").setState("running").setTimeline(3)
                    .setHost("10.0.0.2").setPort(5433).setLagBytes(5L * 1024 * 1024 + 1000))
            .addMembers(Member.newBuilder().setName("node3").setRole("replica").setState("stopped")
                    .setLagBytes(-1))
            .build();

    @Test
    void tableHasTheReferenceColumnsAndTheMaintenanceLine() {
        String expected = """
                Cluster: demo
                +--------+---------------+---------+---------+----+-----------+
                | Member | Host          | Role    | State   | TL | Lag in MB |
                +--------+---------------+---------+---------+----+-----------+
                | node1  | 10.0.0.1:5432 | Leader  | running | 3  |           |
                | node2  | 10.0.0.2:5433 | Replica | running | 3  | 5         |
                | node3  |               | Replica | stopped | 0  | unknown   |
                +--------+---------------+---------+---------+----+-----------+
                Maintenance mode: on
                """;
        assertEquals(expected, ClusterRendering.table(CLUSTER));
    }

    @Test
    void notPausedHasNoMaintenanceLineAndShowsTheScheduledSwitchover() {
        Cluster c = CLUSTER.toBuilder().setPaused(false).setScheduledSwitchover(ScheduledSwitchover.newBuilder()
                .setLeader("node1").setCandidate("node2").setScheduledAt("2026-11-28T08:00:00Z")).build();
        String table = ClusterRendering.table(c);
        assertFalse(table.contains("Maintenance mode"));
        assertTrue(table.contains("Switchover scheduled at: 2026-11-28T08:00:00Z"), table);
        assertTrue(table.contains("to: node2"), table);
    }

    @Test
    void jsonFormatHasOneObjectPerMember() {
        String json = ClusterRendering.json(CLUSTER);
        assertTrue(json.contains("\"Member\" : \"node2\""), json);
        assertTrue(json.contains("\"Lag in MB\" : 5"), json);
        assertTrue(json.contains("\"Lag in MB\" : \"unknown\""), json);
        assertTrue(json.contains("\"Cluster\" : \"demo\""), json);
    }
}
