package io.strato.provisioning.api;

import static io.strato.provisioning.api.ApiScenarioSupport.operator;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.strato.provisioning.loadbalancer.LoadBalancerSpecDto;
import io.strato.testsupport.MotoResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Over HTTP: a resource a Kubernetes custom resource owns is read-only through REST, with a 409
 * problem that names the custom resource; and REST cannot forge the owner's marker.
 */
@QuarkusTest
@WithTestResource(MotoResource.class)
class KubernetesOwnedRestTest {

  private static final String PATH = "/api/v1/load-balancers/team-x-web";
  private static final KubernetesOwner OWNER = new KubernetesOwner("LoadBalancer", "team-x", "web");
  private static final String BODY = "{\"spec\": {\"listeners\": [{\"port\": 80}]}}";

  @Inject ResourceServices services;
  @Inject ObjectMapper json;

  @AfterEach
  void cleanUp() {
    services.loadBalancers().deleteOwned("team-x-web", OWNER);
  }

  @Test
  void restReadsButCannotChangeOrDeleteAResourceACustomResourceOwns() throws Exception {
    ApplyRequest<LoadBalancerSpecDto> body = json.readValue(BODY, new TypeReference<>() {});
    services.loadBalancers().applyOwned("team-x-web", body, Caller.inProcessAdmin(), OWNER);

    operator()
        .get(PATH)
        .then()
        .statusCode(200)
        .body("metadata.labels.'kubernetes.strato.io/namespace'", equalTo("team-x"))
        .body("metadata.labels.'kubernetes.strato.io/name'", equalTo("web"));
    operator()
        .body(BODY)
        .put(PATH)
        .then()
        .statusCode(409)
        .contentType("application/problem+json")
        .body("detail", containsString("loadbalancers.strato.io team-x/web"));
    operator()
        .delete(PATH)
        .then()
        .statusCode(409)
        .contentType("application/problem+json")
        .body("detail", containsString("loadbalancers.strato.io team-x/web"));
  }

  @Test
  void restCannotSetTheOwnersMarker() {
    operator()
        .body(
            "{\"metadata\": {\"labels\": {\"kubernetes.strato.io/name\": \"web\"}}, "
                + BODY.substring(1))
        .put("/api/v1/load-balancers/forged")
        .then()
        .statusCode(422)
        .contentType("application/problem+json")
        .body("errors.field", hasItem("metadata.labels.kubernetes.strato.io/name"));
    operator().get("/api/v1/load-balancers/forged").then().statusCode(404);
  }
}
