package io.strato.provisioning.api;

import static io.strato.provisioning.api.ApiScenarioSupport.get;
import static io.strato.provisioning.api.ApiScenarioSupport.operator;
import static io.strato.provisioning.api.ApiScenarioSupport.phase;
import static io.strato.provisioning.api.ApiScenarioSupport.put;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.strato.testsupport.AwsFixtures;
import io.strato.testsupport.MotoResource;
import io.strato.testsupport.MotoServer;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;

/**
 * A REST load balancer in front of a node group: on AWS its targets see no packet unless the node
 * group's security group admits the load balancer's group on each target port and health-check
 * port. Moto does not enforce that, so the test reads the node group's rules back through the SDK
 * after the API created, changed and deleted the load balancer.
 */
@QuarkusTest
@WithTestResource(MotoResource.class)
class LoadBalancerNodeGroupIngressTest {

  private static final Duration CONVERGE = Duration.ofSeconds(60);
  private static AwsFixtures network;
  private static String ami;
  private static String nodeGroup;
  private static Ec2Client ec2;
  private static ElasticLoadBalancingV2Client elb;

  @BeforeAll
  static void network() {
    var clients = MotoServer.shared().clients();
    ec2 = clients.ec2();
    elb = clients.elb();
    network = AwsFixtures.network(ec2, null);
    ami = AwsFixtures.imageId(ec2);
    nodeGroup =
        ec2.createSecurityGroup(
                r -> r.groupName("ingress-workers").description("workers").vpcId(network.vpcId()))
            .groupId();
  }

  private static String workers() {
    return """
        {"spec": {"imageId": "%s", "instanceType": "t3.medium",
                  "subnetIds": ["%s"], "securityGroups": ["%s"],
                  "minSize": 1, "maxSize": 3, "desiredCapacity": 2}}
        """
        .formatted(ami, network.privateSubnets().get(0), nodeGroup);
  }

  private static String loadBalancer(int healthPort) {
    return """
        {"spec": {"vpcId": "%s",
                  "listeners": [
                    {"port": 80, "targetPort": 30080,
                     "healthCheck": {"protocol": "HTTP", "path": "/healthz", "port": %d}},
                    {"port": 53, "protocol": "UDP", "targetPort": 30053,
                     "healthCheck": {"port": %d}}],
                  "targets": {"nodeGroup": "ingress-workers"}}}
        """
        .formatted(network.vpcId(), healthPort, healthPort);
  }

  @Test
  void theNodeGroupAdmitsTheLoadBalancerFromCreateToDelete() {
    put("/api/v1/node-groups/ingress-workers", workers()).statusCode(201);
    await()
        .atMost(CONVERGE)
        .until(() -> "Ready".equals(phase("/api/v1/node-groups/ingress-workers")));

    put("/api/v1/load-balancers/ingress", loadBalancer(30080)).statusCode(201);
    await().atMost(CONVERGE).until(() -> "Ready".equals(phase("/api/v1/load-balancers/ingress")));
    String lbName = get("/api/v1/load-balancers/ingress").extract().path("status.outputs.name");
    String lbGroup =
        elb.describeLoadBalancers(r -> r.names(lbName))
            .loadBalancers()
            .get(0)
            .securityGroups()
            .get(0);
    assertThat(stratoRules())
        .containsExactlyInAnyOrder("tcp/30080<-" + lbGroup, "udp/30053<-" + lbGroup);

    // A separate health-check port opens too, and the one no longer used closes.
    put("/api/v1/load-balancers/ingress", loadBalancer(31000)).statusCode(200);
    await()
        .atMost(CONVERGE)
        .until(
            () ->
                stratoRules()
                    .equals(
                        Set.of(
                            "tcp/30080<-" + lbGroup,
                            "udp/30053<-" + lbGroup,
                            "tcp/31000<-" + lbGroup)));

    operator().delete("/api/v1/load-balancers/ingress").then().statusCode(202);
    await().atMost(CONVERGE).until(() -> "Gone".equals(phase("/api/v1/load-balancers/ingress")));
    assertThat(stratoRules()).isEmpty();
    operator().delete("/api/v1/node-groups/ingress-workers").then().statusCode(202);
    await()
        .atMost(CONVERGE)
        .until(() -> "Gone".equals(phase("/api/v1/node-groups/ingress-workers")));
  }

  private static Set<String> stratoRules() {
    Set<String> out = new TreeSet<>();
    for (IpPermission p :
        ec2.describeSecurityGroups(r -> r.groupIds(nodeGroup))
            .securityGroups()
            .get(0)
            .ipPermissions()) {
      p.userIdGroupPairs().stream()
          .filter(g -> g.description() != null && g.description().startsWith("strato.io/owner="))
          .forEach(g -> out.add(p.ipProtocol() + "/" + p.fromPort() + "<-" + g.groupId()));
    }
    return out;
  }
}
