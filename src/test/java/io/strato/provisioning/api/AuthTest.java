package io.strato.provisioning.api;

import static io.restassured.RestAssured.given;
import static io.strato.provisioning.api.ApiScenarioSupport.as;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import io.smallrye.jwt.build.Jwt;
import io.strato.testsupport.MotoResource;
import io.strato.testsupport.Tokens;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every API endpoint needs a valid token; viewers read, operators and admins change. */
@QuarkusTest
@WithTestResource(MotoResource.class)
class AuthTest {

  private static final String NG =
      """
      {"spec": {"imageId": "ami-0123456789abcdef0", "instanceType": "t3.small",
                "subnetIds": ["subnet-0123456789abcdef0"], "minSize": 0, "maxSize": 1, "desiredCapacity": 0}}
      """;

  record Call(String method, String path, boolean changes) {}

  static final List<Call> ENDPOINTS =
      List.of(
          new Call("GET", "/api/v1/load-balancers", false),
          new Call("GET", "/api/v1/load-balancers/auth-x", false),
          new Call("GET", "/api/v1/load-balancers/auth-x/events", false),
          new Call("PUT", "/api/v1/load-balancers/auth-x", true),
          new Call("DELETE", "/api/v1/load-balancers/auth-x", true),
          new Call("GET", "/api/v1/node-groups", false),
          new Call("GET", "/api/v1/node-groups/auth-x", false),
          new Call("GET", "/api/v1/node-groups/auth-x/events", false),
          new Call("PUT", "/api/v1/node-groups/auth-x", true),
          new Call("DELETE", "/api/v1/node-groups/auth-x", true),
          new Call("GET", "/api/v1/clusters", false),
          new Call("GET", "/api/v1/clusters/auth-x", false),
          new Call("GET", "/api/v1/clusters/auth-x/events", false),
          new Call("PUT", "/api/v1/clusters/auth-x", true),
          new Call("DELETE", "/api/v1/clusters/auth-x", true));

  private static io.restassured.response.Response send(RequestSpecification r, Call c) {
    return r.contentType("application/json")
        .body(c.method().equals("PUT") ? "{}" : "")
        .request(c.method(), c.path());
  }

  @Test
  void everyEndpointRefusesAnonymousAndForgedTokensWithAProblem() {
    for (Call c : ENDPOINTS) {
      for (String token :
          new String[] {
            null, "not-a-jwt", Tokens.expired(), Tokens.wrongIssuer(), Tokens.untrustedKey()
          }) {
        RequestSpecification r =
            token == null ? given() : given().header("Authorization", "Bearer " + token);
        send(r, c)
            .then()
            .statusCode(401)
            .contentType("application/problem+json")
            .header("WWW-Authenticate", "Bearer")
            .body("status", equalTo(401));
      }
    }
  }

  /**
   * Verified tokens are remembered (VerifiedTokens), but never past their expiry: a token that
   * worked, and was served from that memory, is refused once it has expired.
   */
  @Test
  void aTokenThatWorkedIsRefusedOnceItExpires() {
    String shortLived =
        Jwt.issuer(Tokens.ISSUER)
            .audience(Tokens.AUDIENCE)
            .upn("short-lived")
            .groups(Set.of(Roles.VIEWER))
            .expiresAt(Instant.now().plusSeconds(3))
            .sign();
    as(shortLived).get("/api/v1/node-groups").then().statusCode(200);
    as(shortLived).get("/api/v1/node-groups").then().statusCode(200);

    await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> as(shortLived).get("/api/v1/node-groups").statusCode() == 401);
  }

  @Test
  void aViewerReadsButCannotChangeAnything() {
    for (Call c : ENDPOINTS) {
      var response = send(as(Tokens.viewer()), c).then();
      if (c.changes()) {
        response.statusCode(403).contentType("application/problem+json");
      } else {
        response.statusCode(not(equalTo(403))).statusCode(not(equalTo(401)));
      }
    }
  }

  @Test
  void aTokenWithNoKnownRoleIsForbidden() {
    as(Tokens.withGroups("guest")).get("/api/v1/node-groups").then().statusCode(403);
  }

  @Test
  void operatorsAndAdminsChange() {
    as(Tokens.operator()).body(NG).put("/api/v1/node-groups/auth-op").then().statusCode(201);
    as(Tokens.admin()).delete("/api/v1/node-groups/auth-op").then().statusCode(202);
  }

  // With management = true the URL starts at the management root path (/q).
  @TestHTTPResource(value = "health", management = true)
  URL health;

  @TestHTTPResource(value = "metrics", management = true)
  URL metrics;

  @TestHTTPResource(value = "openapi", management = true)
  URL openapi;

  @Test
  void healthMetricsAndOpenApiAreOpenOnTheManagementPortOnly() {
    given().get(health).then().statusCode(200);
    given().get(metrics).then().statusCode(200);
    given().get(openapi).then().statusCode(200);
    // The API's port serves the API and nothing else.
    given().get("/q/health").then().statusCode(404);
    given().get("/q/metrics").then().statusCode(404);
    given().get("/q/openapi").then().statusCode(404);
  }
}
