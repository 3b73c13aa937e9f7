package io.strato.provisioning.api;

import static io.strato.provisioning.api.ApiScenarioSupport.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.strato.testsupport.MotoResource;
import io.strato.testsupport.Tokens;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Over its budget a client gets 429 with Retry-After and a problem, and nothing is stored. */
@QuarkusTest
@WithTestResource(MotoResource.class)
@TestProfile(RateLimitTest.Tight.class)
class RateLimitTest {

  @io.quarkus.test.common.http.TestHTTPResource(value = "health/ready", management = true)
  java.net.URL ready;

  public static class Tight implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "strato.api.rate-limit.changes-per-second", "0.1",
          "strato.api.rate-limit.changes-burst", "3",
          "strato.api.rate-limit.reads-per-second", "0.1",
          "strato.api.rate-limit.reads-burst", "5");
    }
  }

  @Test
  void changesOverBudgetAre429AndReadsHaveTheirOwnBudget() {
    for (int i = 0; i < 3; i++) {
      as(Tokens.operator())
          .body("{\"spec\": {}}")
          .put("/api/v1/node-groups/rl")
          .then()
          .statusCode(422);
    }
    as(Tokens.operator())
        .body("{\"spec\": {}}")
        .put("/api/v1/node-groups/rl")
        .then()
        .statusCode(429)
        .contentType("application/problem+json")
        .header("Retry-After", notNullValue())
        .body("status", equalTo(429));
    // Reads are budgeted apart: still allowed.
    as(Tokens.viewer()).get("/api/v1/node-groups/rl").then().statusCode(404);
    for (int i = 0; i < 4; i++) {
      as(Tokens.viewer()).get("/api/v1/node-groups");
    }
    as(Tokens.viewer()).get("/api/v1/node-groups").then().statusCode(429);
    // Health and metrics are on the management port, out of the limiter's reach.
    io.restassured.RestAssured.given().get(ready).then().statusCode(200);
  }
}
