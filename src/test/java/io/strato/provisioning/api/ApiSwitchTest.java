package io.strato.provisioning.api;

import static io.restassured.RestAssured.given;
import static io.strato.provisioning.api.ApiScenarioSupport.as;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.strato.testsupport.MotoResource;
import io.strato.testsupport.Tokens;
import java.net.URL;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A Strato started as the CCM's manifests start it ({@code strato.api.enabled=false}): no path of
 * the API answers, whatever the token, while health and metrics still do on the management port.
 */
@QuarkusTest
@TestProfile(ApiSwitchTest.ApiOff.class)
@WithTestResource(MotoResource.class)
class ApiSwitchTest {

  public static class ApiOff implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("strato.api.enabled", "false");
    }
  }

  @TestHTTPResource(value = "health/ready", management = true)
  URL ready;

  @Test
  void theApiIsNotServedToAnyone() {
    for (String token : new String[] {Tokens.admin(), Tokens.viewer()}) {
      as(token).get("/api/v1/node-groups").then().statusCode(404);
      as(token).get("/api/v1/audit").then().statusCode(404);
      as(token)
          .body("{\"spec\": {}}")
          .put("/api/v1/node-groups/off")
          .then()
          .statusCode(404)
          .contentType("application/problem+json");
      as(token).delete("/api/v1/clusters/off").then().statusCode(404);
    }
    given().get("/api/v1/load-balancers").then().statusCode(404);
    given().get("/console/").then().statusCode(404);
    given().get(ready).then().statusCode(200);
  }
}
