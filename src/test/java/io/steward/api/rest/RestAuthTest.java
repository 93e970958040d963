package io.steward.api.rest;

import io.restassured.http.ContentType;
import io.steward.model.ClusterView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Authentication of mutating calls: off by default, basic and/or bearer when configured, reads always open. */
class RestAuthTest {

    private RestFixture f;

    @AfterEach
    void stop() throws Exception {
        if (f != null) {
            f.close();
        }
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private void unauthorized(String authorization, String method, String path, String body) throws Exception {
        ClusterView before = f.snapshot();
        var request = f.api().contentType(ContentType.JSON);
        if (authorization != null) {
            request = request.header("Authorization", authorization);
        }
        if (body != null) {
            request = request.body(body);
        }
        request.request(method, path).then().statusCode(401).contentType("application/json")
                .header("WWW-Authenticate", containsString("realm=\"Steward\""))
                .body("error", containsString("authentication required"));
        assertEquals(before, f.snapshot(), method + " " + path + " changed the DCS without credentials");
        assertEquals(List.of(), f.node.requests);
    }

    @Test
    void withoutConfiguredCredentialsMutationsAreOpen() throws Exception {
        f = new RestFixture(RestFixture.settings());
        f.api().contentType(ContentType.JSON).body("{\"loop_wait\": 5}").patch("/config").then().statusCode(200);
        assertEquals(5, f.snapshot().config().loopWait().toSeconds());
    }

    @Test
    void basicAndBearerGuardEveryMutationAndNothingChangesWithoutThem() throws Exception {
        f = new RestFixture(new RestSettings("admin", "s3cret", "tok-123", RestFixture.OPERATION_TIMEOUT));
        String[][] calls = {
            {"PATCH", "/config", "{\"loop_wait\": 5}"},
            {"PUT", "/config", "{\"ttl\": 40}"},
            {"POST", "/switchover", "{\"leader\": \"node1\", \"candidate\": \"node2\"}"},
            {"POST", "/failover", "{\"candidate\": \"node2\"}"},
            {"DELETE", "/switchover", null},
            {"POST", "/restart", null},
            {"DELETE", "/restart", null},
            {"POST", "/reinitialize", null},
            {"POST", "/reload", null}};
        for (String[] call : calls) {
            unauthorized(null, call[0], call[1], call[2]);
            unauthorized(basic("admin", "wrong"), call[0], call[1], call[2]);
            unauthorized(basic("root", "s3cret"), call[0], call[1], call[2]);
            unauthorized("Bearer tok-124", call[0], call[1], call[2]);
            unauthorized("Digest abc", call[0], call[1], call[2]);
            unauthorized("Basic !!notbase64", call[0], call[1], call[2]);
        }
        f.api().get("/config").then().statusCode(200);
        f.api().get("/cluster").then().statusCode(200);
        f.api().get("/primary").then().statusCode(200);

        f.api().header("Authorization", basic("admin", "s3cret")).contentType(ContentType.JSON)
                .body("{\"loop_wait\": 5}").patch("/config").then().statusCode(200);
        assertEquals(5, f.snapshot().config().loopWait().toSeconds());
        f.api().header("Authorization", "Bearer tok-123").contentType(ContentType.JSON)
                .body("{\"leader\": \"node1\", \"candidate\": \"node2\"}").post("/switchover").then()
                .statusCode(200).body(equalTo("Successfully switched over to \"node2\""));
        assertTrue(f.snapshot().isLeader("node2"));
    }

    @Test
    void challengesNameTheConfiguredSchemes() throws Exception {
        f = new RestFixture(new RestSettings(null, null, "tok", RestFixture.OPERATION_TIMEOUT));
        f.api().post("/reload").then().statusCode(401).header("WWW-Authenticate", equalTo("Bearer realm=\"Steward\""));
        f.api().header("Authorization", basic("admin", "tok")).post("/reload").then().statusCode(401);
        f.api().header("Authorization", "bearer tok").post("/reload").then().statusCode(202);
    }

    @Test
    void authComparesWholeSecrets() {
        RestAuth auth = new RestAuth(new RestSettings("u", "p", null, null));
        assertTrue(auth.permits(basic("u", "p")));
        assertFalse(auth.permits(basic("u", "p2")));
        assertFalse(auth.permits(basic("u", "")));
        assertFalse(auth.permits("Bearer p"));
        assertFalse(auth.permits(null));
        assertTrue(new RestAuth(RestSettings.open()).permits(null));
    }

    @Test
    void halfConfiguredBasicAuthFailsFast() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RestSettings("admin", null, null, null));
        assertTrue(e.getMessage().contains("both username and password"));
    }
}
