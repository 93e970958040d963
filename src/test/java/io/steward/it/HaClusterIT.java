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
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Normal operation on a real 3-node cluster: bootstrap, switchover, failover, unplanned failover and rejoin. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HaClusterIT {

    static ClusterHarness cluster;
    static PrimaryMonitor monitor;
    static Haproxy haproxy;

    @BeforeAll
    static void start() throws Exception {
        cluster = new ClusterHarness(3);
        cluster.startAll();
        monitor = new PrimaryMonitor(cluster);
        haproxy = new Haproxy(cluster);
    }

    @AfterAll
    static void stop() throws Exception {
        if (haproxy != null) {
            haproxy.close();
        }
        PrimaryMonitor.finish(monitor, cluster);
    }

    @Test
    @Order(1)
    void bootstrapsOnePrimaryAndTwoStreamingReplicas() throws Exception {
        ClusterHarness.Node primary = cluster.awaitHealthy(Duration.ofSeconds(150));
        cluster.execute(primary, "CREATE TABLE t(id int primary key, note text)");
        cluster.execute(primary, "INSERT INTO t VALUES (1, 'bootstrap')");
        cluster.awaitTrue(Duration.ofSeconds(20), "HAProxy routes writes to the primary", () -> {
            try {
                return String.valueOf(primary.pgPort).equals(writeThroughHaproxy(100));
            } catch (java.sql.SQLException e) {
                return false;
            }
        });
        for (ClusterHarness.Node n : cluster.dbNodes()) {
            cluster.awaitTrue(Duration.ofSeconds(30), "row replicated to " + n.name,
                    () -> query(n, "SELECT note FROM t WHERE id = 1").equals("bootstrap"));
        }
        JsonNode clusterDoc = cluster.getJson(primary, "/cluster");
        assertEquals(3, clusterDoc.get("members").size(), clusterDoc.toString());
        String sysid = query(primary, "SELECT system_identifier::text FROM pg_control_system()");
        for (ClusterHarness.Node n : cluster.dbNodes()) {
            assertEquals(sysid, query(n, "SELECT system_identifier::text FROM pg_control_system()"));
        }
    }

    @Test
    @Order(2)
    void switchoverToNamedCandidate() throws Exception {
        ClusterHarness.Node old = cluster.awaitHealthy(Duration.ofSeconds(60));
        ClusterHarness.Node candidate = cluster.dbNodes().stream().filter(n -> n != old).findFirst().orElseThrow();
        HttpResponse<String> r = cluster.send(old, "POST", "/switchover",
                "{\"leader\":\"" + old.name + "\",\"candidate\":\"" + candidate.name + "\"}");
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().contains(candidate.name), r.body());
        ClusterHarness.Node now = cluster.awaitHealthy(Duration.ofSeconds(90));
        assertEquals(candidate.name, now.name);
        cluster.execute(now, "INSERT INTO t VALUES (2, 'after switchover')");
        cluster.awaitTrue(Duration.ofSeconds(30), "old primary replays the new primary's writes",
                () -> query(old, "SELECT count(*) FROM t WHERE id = 2").equals("1"));
    }

    @Test
    @Order(3)
    void refusedRequestsChangeNothing() throws Exception {
        ClusterHarness.Node primary = cluster.awaitHealthy(Duration.ofSeconds(60));
        JsonNode before = cluster.getJson(primary, "/config");
        HttpResponse<String> toLeader = cluster.send(primary, "POST", "/failover",
                "{\"candidate\":\"" + primary.name + "\"}");
        assertTrue(toLeader.statusCode() >= 400 && toLeader.statusCode() < 500, toLeader.body());
        HttpResponse<String> unknown = cluster.send(primary, "POST", "/switchover",
                "{\"leader\":\"" + primary.name + "\",\"candidate\":\"nosuchnode\"}");
        assertTrue(unknown.statusCode() >= 400 && unknown.statusCode() < 500, unknown.body());
        HttpResponse<String> malformed = cluster.send(primary, "PATCH", "/config", "{\"ttl\": ");
        assertEquals(400, malformed.statusCode(), malformed.body());
        assertEquals(before, cluster.getJson(primary, "/config"));
        assertEquals(List.of(primary), cluster.primaries());
    }

    @Test
    @Order(4)
    void failoverToNamedCandidate() throws Exception {
        ClusterHarness.Node old = cluster.awaitHealthy(Duration.ofSeconds(60));
        ClusterHarness.Node candidate = cluster.dbNodes().stream().filter(n -> n != old).findFirst().orElseThrow();
        HttpResponse<String> r = cluster.send(old, "POST", "/failover", "{\"candidate\":\"" + candidate.name + "\"}");
        assertEquals(200, r.statusCode(), r.body());
        ClusterHarness.Node now = cluster.awaitHealthy(Duration.ofSeconds(90));
        assertEquals(candidate.name, now.name);
    }

    @Test
    @Order(5)
    void unplannedFailoverAfterKillingPrimaryAgentAndPostgres() throws Exception {
        ClusterHarness.Node old = cluster.awaitHealthy(Duration.ofSeconds(60));
        cluster.execute(old, "INSERT INTO t VALUES (3, 'before crash')");
        for (ClusterHarness.Node n : cluster.dbNodes()) {
            cluster.awaitTrue(Duration.ofSeconds(30), "row 3 on " + n.name,
                    () -> query(n, "SELECT count(*) FROM t WHERE id = 3").equals("1"));
        }
        cluster.killAgent(old);
        cluster.killPostmaster(old, true);
        ClusterHarness.Node now = cluster.awaitSinglePrimary(Duration.ofSeconds(60));
        assertNotEquals(old.name, now.name);
        cluster.awaitTrue(Duration.ofSeconds(30), "writes through HAProxy reach the new primary", () -> {
            try {
                return String.valueOf(now.pgPort).equals(writeThroughHaproxy(4));
            } catch (java.sql.SQLException e) {
                return false;
            }
        });
        cluster.start(old);
        cluster.awaitHealthy(Duration.ofSeconds(120));
        assertEquals(now.name, cluster.primaries().get(0).name);
        cluster.awaitTrue(Duration.ofSeconds(30), "old primary rejoined and replays new writes",
                () -> query(old, "SELECT count(*) FROM t WHERE id = 4").equals("1"));
    }

    @Test
    @Order(6)
    void generatedPythonClientPausesAndResumes() throws Exception {
        ClusterHarness.Node primary = cluster.awaitHealthy(Duration.ofSeconds(60));
        ProcessResult r = run(List.of("/usr/bin/python3", "src/test/python/pause_client.py", "src/main/proto",
                "127.0.0.1:" + primary.restPort));
        assertEquals(0, r.code, r.output);
        assertTrue(r.output.contains("paused after pause: True"), r.output);
        assertTrue(r.output.contains("second pause refused: FAILED_PRECONDITION"), r.output);
    }

    @Test
    @Order(7)
    void stewardctlAgainstTheLiveCluster() throws Exception {
        ClusterHarness.Node any = cluster.dbNodes().get(0);
        ProcessResult list = stewardctl(any, "list");
        assertEquals(0, list.code, list.output);
        for (ClusterHarness.Node n : cluster.dbNodes()) {
            assertTrue(list.output.contains(n.name), list.output);
        }
        assertTrue(list.output.contains("Leader"), list.output);
        ProcessResult pause = stewardctl(any, "pause", "--wait");
        assertEquals(0, pause.code, pause.output);
        ProcessResult paused = stewardctl(any, "list");
        assertTrue(paused.output.contains("Maintenance mode: on"), paused.output);
        ProcessResult again = stewardctl(any, "pause");
        assertEquals(1, again.code, again.output);
        assertTrue(again.output.contains("already paused"), again.output);
        ProcessResult resume = stewardctl(any, "resume", "--wait");
        assertEquals(0, resume.code, resume.output);
        ProcessResult bad = stewardctl(any, "switchover", "--candidate", "nosuchnode");
        assertEquals(1, bad.code, bad.output);
        assertEquals(List.of(cluster.awaitHealthy(Duration.ofSeconds(30))), cluster.primaries());
    }

    record ProcessResult(int code, String output) {
    }

    static ProcessResult stewardctl(ClusterHarness.Node n, String... args) throws Exception {
        String app = "target/quarkus-app/";
        List<String> cmd = new java.util.ArrayList<>(List.of(
                java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                app + "app/*:" + app + "lib/main/*:" + app + "lib/boot/*", "io.steward.cli.Stewardctl",
                "-c", n.config().toString()));
        cmd.addAll(List.of(args));
        return run(cmd);
    }

    static ProcessResult run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new ProcessResult(-1, out + "\n(timed out)");
        }
        return new ProcessResult(p.exitValue(), out);
    }

    /** Inserts a row through HAProxy's write port and returns the port of the server that took it. */
    static String writeThroughHaproxy(int id) throws java.sql.SQLException {
        java.util.Properties props = new java.util.Properties();
        props.setProperty("user", "postgres");
        props.setProperty("password", "it-secret");
        props.setProperty("connectTimeout", "2");
        props.setProperty("socketTimeout", "5");
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + haproxy.writePort + "/postgres", props);
             java.sql.Statement s = c.createStatement()) {
            s.execute("INSERT INTO t VALUES (" + id + ", 'through haproxy') ON CONFLICT DO NOTHING");
            try (java.sql.ResultSet rs = s.executeQuery("SELECT inet_server_port()")) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    static String query(ClusterHarness.Node n, String sql) {
        return cluster.queryOrError(n, sql);
    }
}
