package io.strato.provisioning.api;

import static io.strato.provisioning.api.ApiScenarioSupport.as;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.strato.testsupport.AwsFixtures;
import io.strato.testsupport.MotoResource;
import io.strato.testsupport.MotoServer;
import io.strato.testsupport.Tokens;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** ELB takes one subnet per zone: a second one in a zone is a 422 naming it, before any store. */
@QuarkusTest
@WithTestResource(MotoResource.class)
class LoadBalancerSubnetZonesTest {

  private static AwsFixtures network;

  @BeforeAll
  static void network() {
    network = AwsFixtures.network(MotoServer.shared().clients().ec2(), null);
  }

  private static String spec(List<String> subnets) {
    return """
        {"spec": {"scheme": "internal", "subnetIds": ["%s"], "listeners": [{"port": 80}]}}
        """
        .formatted(String.join("\", \"", subnets));
  }

  @Test
  void twoSubnetsInOneZoneAreRefusedNamingTheSecond() {
    String path = "/api/v1/load-balancers/two-in-a";
    // The public and the private subnet of us-east-1a.
    List<String> twoInA =
        List.of(
            network.publicSubnets().get(0),
            network.publicSubnets().get(1),
            network.privateSubnets().get(0));
    as(Tokens.operator())
        .body(spec(twoInA))
        .put(path)
        .then()
        .statusCode(422)
        .contentType("application/problem+json")
        .body("errors.field", contains("spec.subnetIds[2]"))
        .body("errors[0].message", containsString("us-east-1a"));
    as(Tokens.viewer()).get(path).then().statusCode(404);

    as(Tokens.operator())
        .body(spec(network.privateSubnets()))
        .put("/api/v1/load-balancers/one-per-zone")
        .then()
        .statusCode(201);
    as(Tokens.operator()).delete("/api/v1/load-balancers/one-per-zone").then().statusCode(202);
  }
}
