package io.strato.provisioning.api;

import static io.restassured.RestAssured.given;
import static io.strato.provisioning.api.ApiScenarioSupport.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.strato.provisioning.audit.AuditHousekeeping;
import io.strato.testsupport.MotoResource;
import io.strato.testsupport.Tokens;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Tokens an attacker can make, each claiming admin: every one is refused with 401 and a problem
 * document, and nothing of the request reaches the store or the audit trail.
 */
@QuarkusTest
@WithTestResource(MotoResource.class)
class HostileTokenTest {

  @Inject AuditHousekeeping housekeeping;

  private static final String NG =
      """
      {"spec": {"imageId": "ami-0123456789abcdef0", "instanceType": "t3.small",
                "subnetIds": ["subnet-0123456789abcdef0"], "minSize": 0, "maxSize": 1, "desiredCapacity": 0}}
      """;

  static final Map<String, String> HOSTILE =
      Map.of(
          "alg-none", Tokens.algNone(),
          "hs256-public-key", Tokens.hs256WithPublicKey(),
          "wrong-audience", Tokens.wrongAudience(),
          "no-audience", Tokens.noAudience(),
          "wrong-issuer", Tokens.wrongIssuer(),
          "not-yet-valid", Tokens.notYetValid(),
          "expired", Tokens.expired());

  @Test
  void everyHostileTokenIsRefusedAndNothingIsStored() {
    double refusedBefore = refusalsCounted();
    HOSTILE.forEach(
        (name, token) -> {
          String path = "/api/v1/node-groups/hostile-" + name;
          as(token)
              .body(NG)
              .put(path)
              .then()
              .statusCode(401)
              .contentType("application/problem+json")
              .header("WWW-Authenticate", "Bearer")
              .body("status", equalTo(401));
          as(token).delete(path).then().statusCode(401);
          as(token).get("/api/v1/audit").then().statusCode(401);
          // Not in the store: an admin sees no such node group.
          as(Tokens.admin()).get(path).then().statusCode(404);
        });
    // Not in the audit trail either: refusals without a principal are counted, not stored...
    assertThat(auditPaths()).noneMatch(p -> p.contains("hostile-"));
    // Two per token: the PUT and the DELETE (reads are never audited).
    assertThat(refusalsCounted()).isGreaterThanOrEqualTo(refusedBefore + 2 * HOSTILE.size());
    // ...and summarized into one entry that says how many.
    housekeeping.summarizeRefusals();
    JsonPath newest =
        as(Tokens.admin()).get("/api/v1/audit?limit=1").then().statusCode(200).extract().jsonPath();
    assertThat(newest.getString("items[0].principal")).isEqualTo("anonymous");
    assertThat(newest.getInt("items[0].count")).isGreaterThanOrEqualTo(2 * HOSTILE.size());
  }

  /** The control: the same request with a good token does reach the store. */
  @Test
  void theSameRequestWithAGoodTokenIsStored() {
    as(Tokens.operator())
        .body(NG)
        .put("/api/v1/node-groups/trusted-control")
        .then()
        .statusCode(201);
    as(Tokens.admin()).get("/api/v1/node-groups/trusted-control").then().statusCode(200);
    as(Tokens.admin()).delete("/api/v1/node-groups/trusted-control").then().statusCode(202);
  }

  private static List<String> auditPaths() {
    return as(Tokens.admin())
        .get("/api/v1/audit?limit=1000")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getList("items.path", String.class);
  }

  // With management = true the URL starts at the management root path (/q).
  @TestHTTPResource(value = "metrics", management = true)
  URL metrics;

  private double refusalsCounted() {
    return given()
        .get(metrics)
        .then()
        .statusCode(200)
        .extract()
        .asString()
        .lines()
        .filter(l -> l.startsWith("strato_audit_anonymous_refusals_total"))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .sum();
  }
}
