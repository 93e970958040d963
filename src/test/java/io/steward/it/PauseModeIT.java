package io.steward.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pause mode on a real 3-node cluster, as one story: every paused scenario of the specification, then resume.
 * Node roles move during the story, so each step names the nodes it finds.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PauseModeIT {

    static ClusterHarness cluster;
    static PrimaryMonitor monitor;
    static ClusterHarness.Node p;
    static ClusterHarness.Node r1;
    static ClusterHarness.Node r2;
    static final Duration LOOPS = Duration.ofSeconds(8); // four loop_waits

    @BeforeAll
    static void start() throws Exception {
        cluster = new ClusterHarness(3);
        cluster.startAll();
        p = cluster.awaitHealthy(Duration.ofSeconds(150));
        List<ClusterHarness.Node> replicas = cluster.dbNodes().stream().filter(n -> n != p).toList();
        r1 = replicas.get(0);
        r2 = replicas.get(1);
        cluster.execute(p, "CREATE TABLE t(id int primary key)");
        monitor = new PrimaryMonitor(cluster);
    }

    @AfterAll
    static void stop() {
        PrimaryMonitor.finish(monitor, cluster);
    }

    @Test
    @Order(1)
    void pauseIsSeenByEveryMember() throws Exception {
        HttpResponse<String> r = cluster.send(p, "PATCH", "/config", "{\"pause\": true}");
        assertEquals(200, r.statusCode(), r.body());
        for (ClusterHarness.Node n : cluster.dbNodes()) {
            cluster.awaitTrue(Duration.ofSeconds(10), n.name + " reports pause",
                    () -> json(n, "/patroni").path("pause").asBoolean(false));
        }
        HttpResponse<String> again = cluster.send(p, "PATCH", "/config", "{\"pause\": true}");
        assertEquals(200, again.statusCode(), "patching the same value is idempotent: " + again.body());
    }

    @Test
    @Order(2)
    void killedReplicaStaysDownUntilRestartedThroughTheApi() throws Exception {
        long pid = cluster.postmasterPid(r1);
        cluster.killPostmaster(r1, true);
        cluster.awaitTrue(Duration.ofSeconds(10), "r1 postmaster gone", () -> !ClusterHarness.processAlive(pid));
        cluster.awaitTrue(Duration.ofSeconds(15), "r1 member shows not running",
                () -> !"running".equals(memberState(r1)));
        sleepObserving(LOOPS, () -> assertFalse(ClusterHarness.processAlive(cluster.postmasterPid(r1)),
                "paused: a stopped PostgreSQL is not started"));
        assertEquals(503, cluster.status(r1, "/health"));
        HttpResponse<String> restart = cluster.send(r1, "POST", "/restart", "{}");
        assertEquals(200, restart.statusCode(), restart.body());
        cluster.awaitTrue(Duration.ofSeconds(60), "r1 streams again",
                () -> cluster.status(r1, "/replica?replication_state=streaming") == 200);
    }

    @Test
    @Order(3)
    void stoppedAgentLeavesPostgresRunningAndTakesTheLockBack() throws Exception {
        cluster.stopAgent(p);
        cluster.execute(p, "INSERT INTO t VALUES (1)");
        assertEquals("1", cluster.queryOne(p, "SELECT count(*) FROM t"));
        cluster.start(p);
        cluster.awaitTrue(Duration.ofSeconds(60), "restarted agent holds the lock again",
                () -> cluster.status(p, "/primary") == 200);
    }

    @Test
    @Order(4)
    void switchoverToNamedCandidateWhilePaused() throws Exception {
        HttpResponse<String> noCandidate = cluster.send(p, "POST", "/switchover", "{\"leader\":\"" + p.name + "\"}");
        assertTrue(noCandidate.statusCode() >= 400 && noCandidate.statusCode() < 500, noCandidate.body());
        assertTrue(noCandidate.body().contains("candidate"), noCandidate.body());
        HttpResponse<String> r = cluster.send(p, "POST", "/switchover",
                "{\"leader\":\"" + p.name + "\",\"candidate\":\"" + r1.name + "\"}");
        assertEquals(200, r.statusCode(), r.body());
        cluster.awaitTrue(Duration.ofSeconds(60), "r1 is primary", () -> cluster.status(r1, "/primary") == 200);
        cluster.awaitTrue(Duration.ofSeconds(60), "old primary is a streaming replica again",
                () -> cluster.status(p, "/replica?replication_state=streaming") == 200);
        // roles now: primary r1, replicas p and r2
    }

    @Test
    @Order(5)
    void stoppingThePrimaryReleasesTheLockWithoutFailover() throws Exception {
        // as an operator would before taking the primary down: both replicas stream from it and have replayed it all
        cluster.awaitTrue(Duration.ofSeconds(60), "both replicas caught up with r1", () -> query(r1,
                "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'"
                        + " AND replay_lsn >= pg_current_wal_lsn()").equals("2"));
        assertEquals(0, cluster.pgCtl(r1, "stop", "-m", "fast", "-w"));
        cluster.awaitTrue(Duration.ofSeconds(20), "leader lock released",
                () -> !json(p, "/cluster").path("members").toString().contains("\"leader\""));
        sleepObserving(LOOPS, () -> assertEquals(List.of(), cluster.primaries(), "paused: no failover"));
        assertEquals("true", query(p, "SELECT pg_is_in_recovery()::text"));
        assertEquals("true", query(r2, "SELECT pg_is_in_recovery()::text"));
    }

    @Test
    @Order(6)
    void manuallyPromotedReplicaTakesTheLockAndTheOtherFollows() throws Exception {
        assertEquals(0, cluster.pgCtl(r2, "promote", "-w"));
        cluster.awaitTrue(Duration.ofSeconds(30), "r2 takes the lock", () -> cluster.status(r2, "/primary") == 200);
        cluster.awaitTrue(Duration.ofSeconds(60), "p streams from r2",
                () -> query(r2, "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'").equals("1"));
        cluster.execute(r2, "INSERT INTO t VALUES (2)");
        cluster.awaitTrue(Duration.ofSeconds(30), "p replays r2's writes",
                () -> query(p, "SELECT count(*) FROM t").equals("2"));
    }

    @Test
    @Order(7)
    void parallelPrimaryIsLeftRunningAndOnlyTheLockHolderIsPrimary() throws Exception {
        assertEquals(0, cluster.pgCtl(r1, "start", "-w", "-t", "60"));
        cluster.awaitTrue(Duration.ofSeconds(30), "r1 answers as a primary",
                () -> query(r1, "SELECT pg_is_in_recovery()::text").equals("false"));
        sleepObserving(LOOPS, () -> {
            assertEquals("false", query(r1, "SELECT pg_is_in_recovery()::text"), "parallel primary not demoted");
            assertEquals("false", query(r2, "SELECT pg_is_in_recovery()::text"), "lock holder not demoted");
        });
        assertEquals(503, cluster.status(r1, "/primary"));
        assertEquals(200, cluster.status(r2, "/primary"));
    }

    @Test
    @Order(8)
    void resumeRestoresNormalManagement() throws Exception {
        cluster.killPostmaster(p, false);
        cluster.awaitTrue(Duration.ofSeconds(20), "p stopped", () -> !ClusterHarness.processAlive(cluster.postmasterPid(p)));
        HttpResponse<String> r = cluster.send(r2, "PATCH", "/config", "{\"pause\": null}");
        assertEquals(200, r.statusCode(), r.body());
        for (ClusterHarness.Node n : cluster.dbNodes()) {
            cluster.awaitTrue(Duration.ofSeconds(15), n.name + " no longer paused",
                    () -> !json(n, "/patroni").path("pause").asBoolean(false));
        }
        ClusterHarness.Node primary = cluster.awaitHealthy(Duration.ofSeconds(120));
        assertEquals(r2.name, primary.name);
        cluster.execute(r2, "INSERT INTO t VALUES (3)");
        for (ClusterHarness.Node n : List.of(p, r1)) {
            cluster.awaitTrue(Duration.ofSeconds(30), n.name + " replays the lock holder's writes",
                    () -> query(n, "SELECT count(*) FROM t WHERE id = 3").equals("1"));
        }
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    static JsonNode json(ClusterHarness.Node n, String path) {
        try {
            return cluster.getJson(n, path);
        } catch (Exception e) {
            return ClusterHarness.JSON.createObjectNode();
        }
    }

    static String memberState(ClusterHarness.Node n) {
        for (ClusterHarness.Node asker : cluster.dbNodes()) {
            for (JsonNode m : json(asker, "/cluster").path("members")) {
                if (n.name.equals(m.path("name").asText())) {
                    return m.path("state").asText();
                }
            }
        }
        return "";
    }

    static String query(ClusterHarness.Node n, String sql) {
        return cluster.queryOrError(n, sql);
    }

    /** Keeps checking {@code check} for {@code d}: the state must hold the whole time, not just at the end. */
    static void sleepObserving(Duration d, Runnable check) throws InterruptedException {
        long end = System.nanoTime() + d.toNanos();
        while (System.nanoTime() - end < 0) {
            check.run();
            Thread.sleep(500);
        }
    }
}
