package io.steward.api.rest.wiring;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

/**
 * The REST API and the MicroProfile checks as Quarkus wires them: routes on the application's HTTP port through the
 * Router observer, beans injected by constructor, checks listed under /q/health with their reasons.
 */
@QuarkusTest
@TestProfile(WiringProfile.class)
class RestWiringTest {

    @Test
    void routesAreServedOnTheApplicationPort() {
        RestAssured.given().get("/primary").then().statusCode(200).body("patroni.name", equalTo("node1"));
        RestAssured.given().get("/cluster").then().statusCode(200).body("scope", equalTo("demo"));
        RestAssured.given().contentType(ContentType.JSON).body("{\"loop_wait\": 5}").patch("/config").then()
                .statusCode(200).body("loop_wait", equalTo(5));
    }

    @Test
    void microProfileChecksReportTheirReasons() {
        RestAssured.given().get("/q/health").then().statusCode(200)
                .body("checks.name", hasItems("steward-ha-loop", "steward-lease"));
        RestAssured.given().get("/q/health/live").then().statusCode(200)
                .body("checks.find { it.name == 'steward-ha-loop' }.data.reason", org.hamcrest.Matchers
                        .containsString("ticked"));
        RestAssured.given().get("/q/health/started").then().statusCode(200)
                .body("checks.find { it.name == 'steward-startup' }.status", equalTo("UP"));
    }
}
