package io.steward.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The lease's safety rules on one real cluster of two database nodes and one DCS-only witness, as one story:
 * bootstrap, hand-over on SIGTERM, failover kept possible by the witness's vote, and quorum loss, where the primary
 * must stop being writable on its own before anyone else could take the lease. Roles move during the story, so each
 * step names the nodes it finds.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SafetyIT {

    static final int TTL = 10;
    static ClusterHarness cluster;
    static PrimaryMonitor monitor;
    static ClusterHarness.Node witness;
    static int nextRow = 1;

    @BeforeAll
    static void start() throws Exception {
        cluster = new ClusterHarness(2, 1, TTL, 2, 3);
        witness = cluster.node("witness1");
        cluster.startAll();
        monitor = new PrimaryMonitor(cluster);
    }

    @AfterAll
    static void stop() {
        PrimaryMonitor.finish(monitor, cluster);
    }

    @Test
    @Order(1)
    void bootstrapsOnePrimaryOneReplicaAndAWitnessThatOnlyVotes() throws Exception {
        ClusterHarness.Node primary = cluster.awaitHealthy(Duration.ofSeconds(120));
        ClusterHarness.Node replica = other(primary);
        cluster.execute(primary, "CREATE TABLE t(id int primary key)");
        assertTrue(Files.readAllLines(witness.config()).stream().noneMatch(l -> l.startsWith("postgresql:")),
                "the witness's configuration has no postgresql section");
        int id = write(primary);
        awaitRow(replica, id);
        cluster.awaitTrue(Duration.ofSeconds(15), "the witness's DCS copy names both database members and the leader",
                () -> memberNames(witness).equals(List.of("node1", "node2"))
                        && primary.name.equals(leaderName(witness)));
        assertEquals(memberNames(primary), memberNames(witness), "/cluster on the witness equals the primary's");
        JsonNode status = cluster.getJson(witness, "/patroni");
        assertTrue(status.path("ha_message").asText().contains("witness"), status.toString());
        assertFalse(status.has("xlog"), "a witness reports no PostgreSQL: " + status);
        assertEquals(503, cluster.status(witness, "/primary"));
        assertEquals(503, cluster.status(witness, "/replica"));
    }

    @Test
    @Order(2)
    void sigtermHandsOverWithoutWaitingForTheLease() throws Exception {
        ClusterHarness.Node old = cluster.awaitHealthy(Duration.ofSeconds(60));
        ClusterHarness.Node next = other(old);
        long postmaster = cluster.postmasterPid(old);
        long t0 = System.nanoTime();
        cluster.stopAgent(old);
        assertFalse(old.agentAlive(), "the agent exits on SIGTERM");
        assertFalse(ClusterHarness.processAlive(postmaster), "the agent stopped its PostgreSQL before exiting");
        cluster.awaitTrue(Duration.ofSeconds(60), next.name + " becomes primary",
                () -> cluster.status(next, "/primary") == 200);
        System.out.printf("SafetyIT: SIGTERM hand-over %s -> %s took %d ms (ttl %d s)%n", old.name, next.name,
                millisSince(t0), TTL);
        assertTrue(Files.readString(old.log()).contains("released the leader lock at shutdown"),
                "the stopped agent released the lock instead of letting it expire");
        int id = write(next);
        cluster.start(old);
        cluster.awaitTrue(Duration.ofSeconds(90), old.name + " rejoins as a streaming replica",
                () -> cluster.status(old, "/replica?replication_state=streaming") == 200);
        awaitRow(old, id);
        assertEquals(List.of(next), cluster.primaries());
    }

    @Test
    @Order(3)
    void witnessKeepsTheQuorumWhenThePrimaryDies() throws Exception {
        ClusterHarness.Node old = cluster.awaitHealthy(Duration.ofSeconds(60));
        ClusterHarness.Node next = other(old);
        int before = write(old);
        awaitRow(next, before);
        long t0 = System.nanoTime();
        cluster.killAgent(old);
        cluster.killPostmaster(old, true);
        cluster.awaitTrue(Duration.ofSeconds(60), next.name + " takes over with the witness's vote",
                () -> cluster.status(next, "/primary") == 200);
        System.out.printf("SafetyIT: failover after SIGKILL of %s took %d ms (ttl %d s)%n", old.name,
                millisSince(t0), TTL);
        int after = write(next);
        cluster.awaitTrue(Duration.ofSeconds(20), "old postmaster gone",
                () -> !ClusterHarness.processAlive(cluster.postmasterPid(old)));
        cluster.start(old);
        cluster.awaitTrue(Duration.ofSeconds(120), old.name + " rejoins as a streaming replica",
                () -> cluster.status(old, "/replica?replication_state=streaming") == 200);
        awaitRow(old, after);
        assertEquals("1", query(old, "SELECT count(*) FROM t WHERE id = " + before));
        assertEquals(List.of(next), cluster.primaries());
    }

    @Test
    @Order(4)
    void primaryStepsDownOnQuorumLossAndTheClusterRecovers() throws Exception {
        ClusterHarness.Node primary = cluster.awaitHealthy(Duration.ofSeconds(60));
        ClusterHarness.Node replica = other(primary);
        int committed = write(primary);
        awaitRow(replica, committed);
        long t0 = System.nanoTime();
        cluster.killAgent(witness);
        cluster.killAgent(replica);
        cluster.awaitTrue(Duration.ofSeconds(TTL + 10), primary.name + " stops being a writable primary",
                () -> !writable(primary));
        System.out.printf("SafetyIT: after quorum loss %s stopped accepting writes in %d ms (ttl %d s)%n",
                primary.name, millisSince(t0), TTL);
        assertEquals(503, cluster.status(primary, "/primary"),
                () -> "no lock holder without a quorum: " + json(primary, "/patroni") + "\n" + cluster.logTails());
        observe(Duration.ofSeconds(6), () -> {
            assertFalse(writable(primary), "no writes without a quorum");
            assertNotEquals(200, cluster.status(primary, "/primary"), "no lock holder without a quorum");
        });
        cluster.start(witness);
        cluster.start(replica);
        ClusterHarness.Node now = cluster.awaitHealthy(Duration.ofSeconds(120));
        System.out.printf("SafetyIT: quorum back, %s is primary %d ms after the loss%n", now.name, millisSince(t0));
        assertEquals(1, cluster.primaries().size());
        int id = write(now);
        awaitRow(other(now), id);
        awaitRow(other(now), committed);
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    static ClusterHarness.Node other(ClusterHarness.Node n) {
        return cluster.dbNodes().stream().filter(o -> o != n).findFirst().orElseThrow();
    }

    /** Inserts the next row on the node (it must accept it) and returns its id. */
    static int write(ClusterHarness.Node n) throws java.sql.SQLException {
        int id = nextRow++;
        cluster.execute(n, "INSERT INTO t VALUES (" + id + ")");
        return id;
    }

    /** True when the node accepts a write right now (a probe row in its own transaction, rolled back). */
    static boolean writable(ClusterHarness.Node n) {
        try (java.sql.Connection c = cluster.connect(n); java.sql.Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("INSERT INTO t VALUES (-1) ON CONFLICT DO NOTHING");
            c.rollback();
            return true;
        } catch (java.sql.SQLException e) {
            return false;
        }
    }

    static void awaitRow(ClusterHarness.Node n, int id) {
        cluster.awaitTrue(Duration.ofSeconds(30), "row " + id + " on " + n.name,
                () -> query(n, "SELECT count(*) FROM t WHERE id = " + id).equals("1"));
    }

    static JsonNode json(ClusterHarness.Node n, String path) {
        try {
            return cluster.getJson(n, path);
        } catch (Exception e) {
            return ClusterHarness.JSON.createObjectNode();
        }
    }

    static List<String> memberNames(ClusterHarness.Node asker) {
        List<String> names = new ArrayList<>();
        for (JsonNode m : json(asker, "/cluster").path("members")) {
            names.add(m.path("name").asText());
        }
        return names;
    }

    static String leaderName(ClusterHarness.Node asker) {
        for (JsonNode m : json(asker, "/cluster").path("members")) {
            if ("leader".equals(m.path("role").asText())) {
                return m.path("name").asText();
            }
        }
        return "";
    }

    static String query(ClusterHarness.Node n, String sql) {
        return cluster.queryOrError(n, sql);
    }

    static long millisSince(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    /** Keeps checking {@code check} for {@code d}: the state must hold the whole time, not just at the end. */
    static void observe(Duration d, Runnable check) throws InterruptedException {
        long end = System.nanoTime() + d.toNanos();
        while (System.nanoTime() - end < 0) {
            check.run();
            Thread.sleep(500);
        }
    }
}
