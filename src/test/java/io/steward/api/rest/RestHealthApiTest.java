package io.steward.api.rest;

import io.steward.health.NodeStatusBuilder;
import io.steward.model.PgRole;
import io.steward.model.PgState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

/** The Patroni-compatible read side over HTTP: health checks (GET/HEAD/OPTIONS), /patroni, /cluster, /history. */
class RestHealthApiTest {

    private RestFixture f;

    @BeforeEach
    void start() throws Exception {
        f = new RestFixture(RestFixture.settings());
    }

    @AfterEach
    void stop() throws Exception {
        f.close();
    }

    @Test
    void leaderAnswersThePrimaryChecksWithPatronisStatusDocument() {
        for (String path : new String[] {"/", "/primary", "/read-write", "/leader", "/read-only", "/health"}) {
            f.api().get(path).then().statusCode(200).contentType("application/json")
                    .body("state", equalTo("running")).body("role", equalTo("primary"))
                    .body("server_version", equalTo(150004)).body("xlog.location", equalTo(1000))
                    .body("timeline", equalTo(1)).body("database_system_identifier", equalTo("7300000000000000001"))
                    .body("patroni.scope", equalTo("demo")).body("patroni.name", equalTo("node1"))
                    .body("patroni.version", equalTo(StatusDocument.VERSION))
                    .body("replication[0].application_name", equalTo("node2"))
                    .body("pause", nullValue()).body("cluster_unlocked", nullValue())
                    .body("dcs_last_seen", equalTo((int) NodeStatusBuilder.NOW.minusSeconds(5).getEpochSecond()));
        }
        for (String path : new String[] {"/replica", "/async", "/sync", "/standby-leader"}) {
            f.api().get(path).then().statusCode(503).body("role", equalTo("primary"))
                    .header(HealthRoutes.REASON_HEADER, containsString("no"));
        }
    }

    @Test
    void headAndOptionsAnswerTheStatusLineOnly() {
        f.api().head("/primary").then().statusCode(200).body(emptyString());
        f.api().options("/primary").then().statusCode(200).body(emptyString());
        f.api().head("/replica").then().statusCode(503).body(emptyString());
        f.api().options("/replica").then().statusCode(503).body(emptyString());
    }

    @Test
    void replicaChecksHonourLagReplicationStateAndNoloadbalance() throws Exception {
        f.node.setStatus(NodeStatusBuilder.replica().positions(1000, 900).build());
        f.api().get("/replica").then().statusCode(200).body("role", equalTo("replica"))
                .body("xlog.received_location", equalTo(1000)).body("xlog.replayed_location", equalTo(900))
                .body("replication_state", equalTo("streaming"));
        f.api().get("/replica?lag=100").then().statusCode(200);
        f.api().get("/replica?lag=99").then().statusCode(503)
                .header(HealthRoutes.REASON_HEADER, containsString("replay lag 100 bytes exceeds 99"));
        f.dcs.publishStatus(2L << 20, Map.of());
        f.api().get("/replica?lag=1MB").then().statusCode(503);
        f.api().get("/replica?lag=3MB").then().statusCode(200);
        f.api().get("/replica?lag=16kB").then().statusCode(503);
        f.api().get("/replica?lag=lots").then().statusCode(400).body("error", containsString("lag"));
        f.api().get("/replica?replication_state=streaming").then().statusCode(200);
        for (String path : new String[] {"/read-only", "/async", "/health"}) {
            f.api().get(path).then().statusCode(200);
        }
        for (String path : new String[] {"/", "/primary", "/read-write", "/leader", "/sync"}) {
            f.api().get(path).then().statusCode(503);
        }

        f.node.setStatus(NodeStatusBuilder.replica().streaming(false).build());
        f.api().get("/replica?replication_state=streaming").then().statusCode(503);
        f.api().get("/replica").then().statusCode(200).body("replication_state", equalTo("in archive recovery"));

        f.node.setStatus(NodeStatusBuilder.replica().tags(Map.of("noloadbalance", true, "dc", "east")).build());
        f.api().get("/replica").then().statusCode(503).body("tags.noloadbalance", equalTo(true));
        f.api().get("/read-only").then().statusCode(503);
        f.api().get("/health?tag_dc=east").then().statusCode(200);
        f.api().get("/health?tag_dc=west").then().statusCode(503);
    }

    @Test
    void stoppedPostgresFailsHealthButNotLiveness() {
        f.node.setStatus(NodeStatusBuilder.leader().state(PgState.STOPPED).build());
        f.api().get("/health").then().statusCode(503).body("state", equalTo("stopped")).body("xlog", nullValue());
        f.api().get("/primary").then().statusCode(503);
        f.api().get("/leader").then().statusCode(200);
        f.api().get("/liveness").then().statusCode(200);
        f.api().get("/readiness").then().statusCode(200);
    }

    @Test
    void livenessAndReadiness() throws Exception {
        f.api().get("/liveness").then().statusCode(200);
        f.api().head("/liveness").then().statusCode(200);
        f.node.setStatus(NodeStatusBuilder.leader().lastLoop(Instant.now().minusSeconds(31)).build());
        f.api().get("/liveness").then().statusCode(503)
                .header(HealthRoutes.REASON_HEADER, containsString("limit 30.0s"));

        f.node.setStatus(NodeStatusBuilder.replica().positions(1000, 1000).build());
        f.api().get("/readiness").then().statusCode(200);
        f.dcs.publishStatus(3L << 20, Map.of());
        f.api().get("/readiness").then().statusCode(503)
                .header(HealthRoutes.REASON_HEADER, containsString("exceeds maximum allowable 1048576"));
        f.api().get("/readiness?lag=4MB").then().statusCode(200);
    }

    @Test
    void pausedClusterKeepsParallelPrimaryOutAndLivenessUp() throws Exception {
        f.pause();
        f.node.setStatus(NodeStatusBuilder.leader().name("node3").holdsLease(false).paused(true)
                .lastLoop(Instant.now().minusSeconds(3600)).build());
        f.api().get("/primary").then().statusCode(503).body("pause", equalTo(true))
                .header(HealthRoutes.REASON_HEADER, containsString("without the leader lock (held by node1)"));
        f.api().get("/read-write").then().statusCode(503);
        f.api().get("/leader").then().statusCode(503);
        f.api().get("/health").then().statusCode(200);
        f.api().get("/liveness").then().statusCode(200);

        f.node.setStatus(NodeStatusBuilder.leader().state(PgState.STOPPED).role(PgRole.PRIMARY).paused(true)
                .build());
        f.api().get("/health").then().statusCode(503).body("pause", equalTo(true));
    }

    @Test
    void statusClusterAndHistoryDocuments() throws Exception {
        f.node.setStatus(NodeStatusBuilder.leader().pendingRestart(true).haMessage("no action. I am (node1), the"
                + " leader with the lock").build());
        for (String path : new String[] {"/patroni", "/status"}) {
            f.api().get(path).then().statusCode(200).body("role", equalTo("primary"))
                    .body("pending_restart", equalTo(true))
                    .body("ha_message", containsString("the leader with the lock"));
        }
        f.api().get("/cluster").then().statusCode(200).body("scope", equalTo("demo"))
                .body("members", hasSize(3)).body("members.name", hasItems("node1", "node2", "node3"))
                .body("members[0].role", equalTo("leader")).body("members[0].state", equalTo("running"))
                .body("members[0].host", equalTo("127.0.0.1")).body("members[0].port", equalTo(5431))
                .body("members[0].api_url", equalTo("http://127.0.0.1:8001"))
                .body("members[0].lag", nullValue())
                .body("members[1].role", equalTo("replica")).body("members[1].state", equalTo("streaming"))
                .body("members[1].lag", equalTo(100)).body("members[2].lag", equalTo("unknown"))
                .body("members[2].tags.nofailover", equalTo(true))
                .body("pause", nullValue()).body("scheduled_switchover", nullValue());
        f.pause();
        f.scheduleDirectly(Instant.parse("2099-01-01T00:00:00Z"));
        f.api().get("/cluster").then().statusCode(200).body("pause", equalTo(true))
                .body("scheduled_switchover.at", equalTo("2099-01-01T00:00:00Z"))
                .body("scheduled_switchover.from", equalTo("node1"))
                .body("scheduled_switchover.to", equalTo("node2"));
        f.api().get("/history").then().statusCode(200).body("[0][0]", equalTo(1))
                .body("[0][1]", equalTo(25_165_984)).body("[0][2]", equalTo("no recovery target specified"))
                .body("[0][4]", equalTo("node1"));
    }

    @Test
    void unlockedClusterIsReported() throws Exception {
        f.dcs.releaseLeader("node1");
        f.node.setStatus(NodeStatusBuilder.leader().holdsLease(false).build());
        f.api().get("/patroni").then().statusCode(200).body("cluster_unlocked", equalTo(true));
        f.api().get("/primary").then().statusCode(503)
                .header(HealthRoutes.REASON_HEADER, containsString("nobody holds it"));
    }

    @Test
    void beforeTheFirstObservationEveryCheckIsUnavailable() {
        f.node.setStatus(null);
        f.api().get("/health").then().statusCode(503).body("error", containsString("not reported a status"));
        f.api().head("/liveness").then().statusCode(503);
        f.api().get("/patroni").then().statusCode(503);
        f.api().get("/cluster").then().statusCode(200).body("members", hasSize(3));
    }
}
