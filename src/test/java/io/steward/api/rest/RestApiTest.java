package io.steward.api.rest;

import io.restassured.http.ContentType;
import io.steward.control.ControlException;
import io.steward.health.NodeStatusBuilder;
import io.steward.model.ClusterView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The operator endpoints over HTTP against a real ControlService and the in-memory DCS: every success path, and
 * every refusal answers the documented status and body and leaves the DCS exactly as it was.
 */
class RestApiTest {

    private RestFixture f;

    @BeforeEach
    void start() throws Exception {
        f = new RestFixture(RestFixture.settings());
    }

    @AfterEach
    void stop() throws Exception {
        f.close();
    }

    private void refused(String method, String path, String body, int status, String text) throws Exception {
        ClusterView before = f.snapshot();
        var request = f.api().contentType(ContentType.JSON);
        if (body != null) {
            request = request.body(body);
        }
        request.request(method, path).then().statusCode(status).body(containsString(text));
        assertEquals(before, f.snapshot(), method + " " + path + " " + body + " changed the DCS");
        assertEquals(List.of(), f.node.requests, "the local loop received a request");
    }

    @Test
    void getAndPatchConfig() throws Exception {
        f.api().get("/config").then().statusCode(200).body("ttl", equalTo(30)).body("loop_wait", equalTo(10));
        f.api().contentType(ContentType.JSON).body("{\"loop_wait\": 5, \"postgresql\": {\"parameters\":"
                        + " {\"work_mem\": \"8MB\"}}}").patch("/config").then().statusCode(200)
                .body("loop_wait", equalTo(5)).body("ttl", equalTo(30))
                .body("postgresql.parameters.work_mem", equalTo("8MB"));
        assertEquals(5, f.snapshot().config().loopWait().toSeconds());

        f.api().contentType(ContentType.JSON).body("{\"pause\": true}").patch("/config").then().statusCode(200);
        assertTrue(f.snapshot().isPaused());
        f.api().contentType(ContentType.JSON).body("{\"pause\": null}").patch("/config").then().statusCode(200)
                .body("pause", equalTo(null));
        assertFalse(f.snapshot().isPaused());
        assertFalse(f.snapshot().config().raw().containsKey("pause"));
    }

    @Test
    void putConfigReplacesTheDocument() throws Exception {
        f.api().contentType(ContentType.JSON).body("{\"ttl\": 40, \"loop_wait\": 10, \"retry_timeout\": 10}")
                .put("/config").then().statusCode(200).body("ttl", equalTo(40));
        ClusterView v = f.snapshot();
        assertEquals(40, v.config().ttl().toSeconds());
        assertFalse(v.config().raw().containsKey("maximum_lag_on_failover"));
    }

    @ParameterizedTest(name = "{0} /config {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "PATCH|{\"ttl\": |400|invalid JSON",
        "PATCH|[1, 2]|400|must be a JSON object",
        "PATCH||400|empty body",
        "PATCH|{\"ttl\": \"abc\"}|400|ttl",
        "PATCH|{\"ttl\": 5}|400|ttl",
        "PATCH|{\"pause\": \"sometimes\"}|400|pause",
        "PATCH|{\"a\": 1, \"a\": 2}|400|invalid JSON",
        "PUT|not json|400|invalid JSON",
        "PUT|{\"loop_wait\": -1}|400|loop_wait"})
    void badConfigIsRefusedWithAJsonErrorAndNoChange(String method, String body, int status, String text)
            throws Exception {
        ClusterView before = f.snapshot();
        var request = f.api().contentType(ContentType.JSON);
        if (body != null) {
            request = request.body(body);
        }
        request.request(method, "/config").then().statusCode(status).contentType("application/json")
                .body("error", containsString(text));
        assertEquals(before, f.snapshot());
    }

    @Test
    void concurrentConfigChangeIsAConflict() throws Exception {
        f.dcs.beforeNextCasConfig(() -> {
            try {
                f.patchConfigDirectly(Map.of("loop_wait", 7));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        f.api().contentType(ContentType.JSON).body("{\"loop_wait\": 5}").patch("/config").then().statusCode(409)
                .body("error", containsString("concurrently"));
        assertEquals(7, f.snapshot().config().loopWait().toSeconds());
    }

    @Test
    void dcsUnavailableIs503() throws Exception {
        f.dcs.setUnavailable(true);
        f.api().contentType(ContentType.JSON).body("{\"loop_wait\": 5}").patch("/config").then().statusCode(503)
                .body("error", containsString("DCS unavailable"));
        f.api().contentType(ContentType.JSON).body("{\"leader\": \"node1\", \"candidate\": \"node2\"}")
                .post("/switchover").then().statusCode(503).body(containsString("DCS unavailable"));
        f.api().get("/config").then().statusCode(503).body("error", containsString("DCS unavailable"));
        f.dcs.setUnavailable(false);
        assertEquals(10, f.snapshot().config().loopWait().toSeconds());
        assertNull(f.snapshot().failover());
    }

    @Test
    void switchoverMovesTheLeaderAndSaysSo() throws Exception {
        f.api().contentType(ContentType.JSON).body("{\"leader\": \"node1\", \"candidate\": \"node2\"}")
                .post("/switchover").then().statusCode(200).body(equalTo("Successfully switched over to \"node2\""));
        assertTrue(f.snapshot().isLeader("node2"));
        assertNull(f.snapshot().failover());
    }

    @Test
    void switchoverToTheBestCandidate() throws Exception {
        f.loopPicks("node2");
        f.api().contentType(ContentType.JSON).body("{\"leader\": \"node1\"}").post("/switchover").then()
                .statusCode(200).body(equalTo("Successfully switched over to \"node2\""));
        assertTrue(f.snapshot().isLeader("node2"));
    }

    @Test
    void failoverMovesTheLeaderAndSaysSo() throws Exception {
        f.api().contentType(ContentType.JSON).body("{\"candidate\": \"node2\"}").post("/failover").then()
                .statusCode(200).body(equalTo("Successfully failed over to \"node2\""));
        assertTrue(f.snapshot().isLeader("node2"));
    }

    @Test
    void failoverWithALeaderIsASwitchover() throws Exception {
        f.api().contentType(ContentType.JSON).body("{\"leader\": \"node1\", \"member\": \"node2\"}")
                .post("/failover").then().statusCode(200).body(equalTo("Successfully switched over to \"node2\""));
        assertTrue(f.snapshot().isLeader("node2"));
    }

    @Test
    void switchoverThatDoesNotHappenInTimeIs503WithTheRealState() throws Exception {
        f.stallLoop(true);
        f.api().contentType(ContentType.JSON).body("{\"leader\": \"node1\", \"candidate\": \"node2\"}")
                .post("/switchover").then().statusCode(503)
                .body(containsString("Timed out")).body(containsString("the leader is still node1"));
        assertTrue(f.snapshot().isLeader("node1"));
    }

    @ParameterizedTest(name = "POST {0} {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "/switchover|{\"leader\": \"node1\", \"candidate\": |400|invalid JSON",
        "/switchover||400|empty body",
        "/switchover|\"node2\"|400|must be a JSON object",
        "/switchover|{\"candidate\": \"node2\"}|400|only from a specific leader",
        "/switchover|{\"leader\": 1, \"candidate\": \"node2\"}|400|leader must be a string",
        "/switchover|{\"leader\": \"node1\", \"candidate\": [\"node2\"]}|400|candidate must be a string",
        "/switchover|{\"leader\": \"node1\", \"candidate\": \"node9\"}|412|node9 does not exist",
        "/switchover|{\"leader\": \"node2\", \"candidate\": \"node3\"}|412|node2 is not the leader",
        "/switchover|{\"leader\": \"node1\", \"candidate\": \"node1\"}|400|target and source are the same",
        "/switchover|{\"leader\": \"node1\", \"candidate\": \"node3\"}|412|nofailover",
        "/switchover|{\"leader\": \"node1\", \"candidate\": \"node2\", \"scheduled_at\": \"2001-01-01T00:00:00Z\"}"
                + "|422|Cannot schedule switchover in the past",
        "/switchover|{\"leader\": \"node1\", \"candidate\": \"node2\", \"scheduled_at\": \"2099-01-01T00:00:00\"}"
                + "|400|Timezone information is mandatory",
        "/switchover|{\"leader\": \"node1\", \"candidate\": \"node2\", \"scheduled_at\": \"tomorrow\"}"
                + "|422|Unable to parse scheduled timestamp",
        "/switchover|{\"leader\": \"node1\", \"candidate\": \"node2\", \"scheduled_at\": 1700000000}"
                + "|400|must be a string",
        "/failover|{\"leader\": \"node1\"}|400|only to a specific candidate",
        "/failover|{\"candidate\": \"node1\"}|412|node1 is already the leader",
        "/failover|{\"candidate\": \"node9\"}|412|node9 does not exist",
        "/failover|{\"candidate\": true}|400|candidate must be a string",
        "/failover|{\"candidate\": \"node2\", \"scheduled_at\": \"2099-01-01T00:00:00Z\"}|400|can't be scheduled",
        "/failover|{oops|400|invalid JSON"})
    void badSwitchoverOrFailoverIsRefusedWithNoChange(String path, String body, int status, String text)
            throws Exception {
        refused("POST", path, body, status, text);
    }

    @Test
    void scheduledSwitchoverIs202AndCanBeCancelled() throws Exception {
        String at = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
        f.api().contentType(ContentType.JSON)
                .body("{\"leader\": \"node1\", \"candidate\": \"node2\", \"scheduled_at\": \"" + at + "\"}")
                .post("/switchover").then().statusCode(202).body(startsWith("Switchover scheduled at"));
        assertEquals(Instant.parse(at), f.snapshot().failover().scheduledAt());
        assertTrue(f.snapshot().isLeader("node1"));
        f.api().get("/cluster").then().body("scheduled_switchover.to", equalTo("node2"));

        refused("POST", "/switchover", "{\"leader\": \"node1\", \"candidate\": \"node2\"}", 409, "already pending");

        f.api().delete("/switchover").then().statusCode(200).body(equalTo("scheduled switchover deleted"));
        assertNull(f.snapshot().failover());
        refused("DELETE", "/switchover", null, 404, "No pending scheduled switchover");
    }

    @Test
    void pausedClusterRefusesSwitchoversWithoutCandidateOrSchedule() throws Exception {
        f.pause();
        refused("POST", "/switchover", "{\"leader\": \"node1\"}", 400,
                "Switchover is possible only to a specific candidate in a paused state");
        refused("POST", "/switchover", "{\"leader\": \"node1\", \"candidate\": \"node2\", \"scheduled_at\":"
                + " \"2099-01-01T00:00:00+00:00\"}", 400, "Can't schedule switchover in the paused state");
        f.api().contentType(ContentType.JSON).body("{\"candidate\": \"node2\"}").post("/failover").then()
                .statusCode(200).body(equalTo("Successfully failed over to \"node2\""));
        assertTrue(f.snapshot().isLeader("node2"));
    }

    @Test
    void restartActsOnThisAgentsNode() throws Exception {
        f.api().post("/restart").then().statusCode(200).body(equalTo("restarted successfully"));
        f.api().contentType(ContentType.JSON).body("{\"restart_pending\": true, \"role\": \"master\","
                + " \"postgres_version\": \"15.4\", \"timeout\": 30}").post("/restart").then().statusCode(200)
                .body(equalTo("restart not needed: no pending restart"));
        assertEquals(List.of("restart pending=false role=null at=null timeout=3",
                "restart pending=true role=primary at=null timeout=30"), f.node.requests);
    }

    @Test
    void scheduledRestartIs202AndCanBeDeleted() throws Exception {
        String at = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString();
        f.api().contentType(ContentType.JSON).body("{\"schedule\": \"" + at + "\"}").post("/restart").then()
                .statusCode(202).body(equalTo("Restart scheduled"));
        assertEquals(Instant.parse(at), f.node.scheduledRestart());
        f.api().contentType(ContentType.JSON).body("{\"schedule\": \"" + at + "\"}").post("/restart").then()
                .statusCode(409).body(equalTo("Another restart is already scheduled"));
        f.api().delete("/restart").then().statusCode(200).body(equalTo("scheduled restart deleted"));
        assertNull(f.node.scheduledRestart());
        f.api().delete("/restart").then().statusCode(404).body(equalTo("no restarts are scheduled"));
    }

    @ParameterizedTest(name = "POST /restart {0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "{\"role\": \"boss\"}|400|role should be either primary or replica",
        "{\"restart_pending\": \"maybe\"}|400|restart_pending must be a boolean",
        "{\"when\": \"now\"}|400|Unknown filter for the scheduled restart: when",
        "{\"timeout\": -5}|400|Timeout should be a positive number",
        "{\"schedule\": \"2001-01-01T00:00:00Z\"}|422|Cannot schedule restart in the past",
        "{\"schedule\": \"2099-01-01T00:00:00\"}|400|Timezone information is mandatory",
        "{\"restart_pending\": |400|invalid JSON"})
    void badRestartIsRefusedWithNoChange(String body, int status, String text) throws Exception {
        refused("POST", "/restart", body, status, text);
        assertNull(f.node.scheduledRestart());
    }

    @Test
    void scheduledRestartIsRefusedWhilePausedAndLoopRefusalsAreMapped() throws Exception {
        f.pause();
        refused("POST", "/restart", "{\"schedule\": \"2099-01-01T00:00:00Z\"}", 412,
                "Can't schedule restart in the paused state");
        f.node.refuseWith(new ControlException(ControlException.Kind.FAILED_PRECONDITION,
                "restart conditions are not satisfied"));
        refused("POST", "/restart", "{\"role\": \"replica\"}", 412, "restart conditions are not satisfied");
    }

    @Test
    void reinitializeIsRefusedOnTheLeaderAndStartsOnAReplica() throws Exception {
        refused("POST", "/reinitialize", null, 412, "node1 is the leader, can't reinitialize");
        f.node.setStatus(NodeStatusBuilder.replica().build());
        refused("POST", "/reinitialize", "{\"force\": \"perhaps\"}", 400, "force must be a boolean");
        f.api().contentType(ContentType.JSON).body("{\"force\": true, \"from_leader\": \"yes\"}")
                .post("/reinitialize").then().statusCode(200).body(equalTo("reinitialize started"));
        assertEquals(List.of("reinitialize force=true fromLeader=true wait=false"), f.node.requests);
    }

    @Test
    void reloadIsAccepted() {
        f.api().post("/reload").then().statusCode(202).body(equalTo("reload scheduled"));
        assertEquals(List.of("reload"), f.node.requests);
    }

    @Test
    void unknownPathsAndMethods() {
        f.api().get("/nothing-here").then().statusCode(404);
        f.api().post("/cluster").then().statusCode(405);
    }
}
