package io.strato.cloud.gcp.cluster;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.specification.RequestSpecification;
import io.strato.testsupport.MotoResource;
import io.strato.testsupport.Tokens;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The README's GKE walk-through as a test, through the REST API on the built-in GKE fake: a cluster
 * with an autoscaling and a fixed node pool created, its autoscaling bounds changed, and deleted.
 */
@QuarkusTest
@TestProfile(FakeGkeProfile.class)
@WithTestResource(MotoResource.class)
class GkeScenarioTest {

  private static final String PATH = "/api/v1/clusters/gke-demo";

  private static String spec(int webMax) {
    return """
        {"spec": {"provider": "gcp", "type": "gke", "version": "1.31",
                  "gke": {"location": "europe-west1", "workloadIdentity": true,
                          "masterAuthorizedNetworks": ["10.0.0.0/8"], "maintenanceWindowStart": "03:00"},
                  "nodeGroups": [
                    {"name": "web", "instanceType": "e2-standard-4", "minSize": 1, "maxSize": %d,
                     "nodeLabels": {"role": "web"}},
                    {"name": "batch", "instanceType": "e2-standard-8", "minSize": 2, "maxSize": 2, "spot": true,
                     "nodeTaints": [{"key": "batch", "value": "true", "effect": "NoSchedule"}]}],
                  "tags": {"team": "platform"}}}
        """
        .formatted(webMax);
  }

  private static RequestSpecification as(String token) {
    return given().header("Authorization", "Bearer " + token).contentType("application/json");
  }

  private static String phase() {
    var r = as(Tokens.viewer()).get(PATH);
    return r.statusCode() == 404 ? "Gone" : r.jsonPath().getString("status.phase");
  }

  @Test
  void createChangeAndDeleteAGkeCluster() {
    as(Tokens.operator()).body(spec(5)).put(PATH).then().statusCode(201);
    await().atMost(Duration.ofSeconds(60)).until(() -> "Ready".equals(phase()));
    as(Tokens.viewer())
        .get(PATH)
        .then()
        .body("status.outputs.type", equalTo("gke"))
        .body("status.outputs.endpoint", startsWith("https://"))
        .body("status.outputs.nodeGroups.name", hasItem("web"))
        .body("status.outputs.nodeGroups.find { it.name == 'web' }.maxSize", equalTo(5));

    as(Tokens.operator()).body(spec(8)).put(PATH).then().statusCode(200);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                "Ready".equals(phase())
                    && Integer.valueOf(8)
                        .equals(
                            as(Tokens.viewer())
                                .get(PATH)
                                .jsonPath()
                                .get(
                                    "status.outputs.nodeGroups.find { it.name == 'web' }.maxSize")));
    assertThat(as(Tokens.viewer()).get(PATH + "/events").jsonPath().getList("reason")).isNotEmpty();

    as(Tokens.operator()).delete(PATH).then().statusCode(202);
    await().atMost(Duration.ofSeconds(60)).until(() -> "Gone".equals(phase()));
  }

  @Test
  void aSpecMixingGcpAndAwsFieldsIsRefused() {
    as(Tokens.operator())
        .body(
            """
            {"spec": {"provider": "gcp", "type": "gke", "version": "1.31",
                      "network": {"subnets": [{"id": "subnet-0000000a", "zone": "us-east-1a"}]},
                      "gke": {"location": "europe-west1"},
                      "nodeGroups": [{"name": "web", "instanceType": "e2-standard-4", "minSize": 1, "maxSize": 2,
                                      "nodeRole": "arn:aws:iam::123456789012:role/x"}]}}
            """)
        .put("/api/v1/clusters/mixed")
        .then()
        .statusCode(422)
        .body("errors.field", hasItem("spec.network"))
        .body("errors.field", hasItem("spec.nodeGroups[0].nodeRole"));
  }
}
