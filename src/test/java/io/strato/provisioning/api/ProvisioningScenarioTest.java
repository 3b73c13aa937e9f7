package io.strato.provisioning.api;

import static io.strato.provisioning.api.ApiScenarioSupport.as;
import static io.strato.provisioning.api.ApiScenarioSupport.get;
import static io.strato.provisioning.api.ApiScenarioSupport.operator;
import static io.strato.provisioning.api.ApiScenarioSupport.phase;
import static io.strato.provisioning.api.ApiScenarioSupport.put;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.strato.cloud.aws.CloudCallMetrics;
import io.strato.testsupport.AwsFixtures;
import io.strato.testsupport.MotoResource;
import io.strato.testsupport.MotoServer;
import io.strato.testsupport.Tokens;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;

/**
 * The walk-through as a test: a node group and a load balancer created, changed and deleted through
 * the REST API, with every step checked in the emulator.
 */
@QuarkusTest
@WithTestResource(MotoResource.class)
class ProvisioningScenarioTest {

  private static final Duration CONVERGE = Duration.ofSeconds(60);
  private static AwsFixtures network;
  private static String ami;
  private static Ec2Client ec2;
  private static ElasticLoadBalancingV2Client elb;
  private static AutoScalingClient asg;

  @Inject CloudCallMetrics calls;

  @BeforeAll
  static void network() {
    var clients = MotoServer.shared().clients();
    ec2 = clients.ec2();
    elb = clients.elb();
    asg = clients.autoScaling();
    network = AwsFixtures.network(ec2, null);
    ami = AwsFixtures.imageId(ec2);
  }

  private String nodeGroup(int desired, int max) {
    return """
        {"metadata": {"labels": {"env": "test", "tier": "workers"}},
         "spec": {"imageId": "%s", "instanceType": "t3.medium", "userData": "#!/bin/bash\\necho hello",
                  "subnetIds": ["%s", "%s", "%s"], "minSize": 1, "maxSize": %d, "desiredCapacity": %d,
                  "scaling": {"metric": "cpu", "target": 60},
                  "nodeLabels": {"role": "worker"},
                  "nodeTaints": [{"key": "dedicated", "value": "web", "effect": "NoSchedule"}],
                  "tags": {"team": "platform"}}}
        """
        .formatted(
            ami,
            network.privateSubnets().get(0),
            network.privateSubnets().get(1),
            network.privateSubnets().get(2),
            max,
            desired);
  }

  private String loadBalancer(String extraListener, int interval) {
    return """
        {"metadata": {"labels": {"env": "test"}},
         "spec": {"vpcId": "%s",
                  "listeners": [
                    {"port": 80, "targetPort": 30080,
                     "healthCheck": {"protocol": "HTTP", "path": "/healthz", "intervalSeconds": %d},
                     "attributes": {"proxyProtocolV2": true, "deregistrationDelaySeconds": 30}},
                    {"port": 443, "protocol": "TLS", "targetPort": 30443,
                     "certificateArn": "arn:aws:iam::123456789012:server-certificate/test"}%s],
                  "targets": {"nodeGroup": "workers"},
                  "tags": {"team": "platform"}}}
        """
        .formatted(network.vpcId(), interval, extraListener);
  }

  @Test
  void createChangeAndDeleteANodeGroupAndALoadBalancer() {
    // Create the node group: 201, version 1 as the ETag, and it converges to Ready in the emulator.
    // Its user data runs as root on the nodes, so an admin creates it; operators then change the
    // rest.
    as(Tokens.admin())
        .body(nodeGroup(2, 5))
        .put("/api/v1/node-groups/workers")
        .then()
        .statusCode(201)
        .header("ETag", org.hamcrest.Matchers.matchesPattern("\"1\\.[0-9a-f]{8}\""))
        .body("metadata.generation", equalTo(1));
    await().atMost(CONVERGE).until(() -> "Ready".equals(phase("/api/v1/node-groups/workers")));
    String groupName =
        get("/api/v1/node-groups/workers").extract().path("status.outputs.autoScalingGroupName");
    AutoScalingGroup group = group(groupName);
    assertThat(group.desiredCapacity()).isEqualTo(2);
    assertThat(group.vpcZoneIdentifier().split(","))
        .containsExactlyInAnyOrderElementsOf(network.privateSubnets());
    assertThat(group.instances()).hasSize(2);

    // Create the load balancer attached to it; count the AWS calls that takes.
    calls.reset();
    put("/api/v1/load-balancers/web", loadBalancer("", 30)).statusCode(201);
    // Listed while it is still being made: the list must not keep serving this rendering.
    get("/api/v1/load-balancers").body("items.metadata.name", hasItem("web"));
    await().atMost(CONVERGE).until(() -> "Ready".equals(phase("/api/v1/load-balancers/web")));
    Map<String, Long> createCalls = calls.snapshot();
    System.out.println(
        "AWS calls to create a load balancer with two listeners: "
            + calls.total()
            + " "
            + createCalls);

    String lbName = get("/api/v1/load-balancers/web").extract().path("status.outputs.name");
    LoadBalancer lb = elb.describeLoadBalancers(r -> r.names(lbName)).loadBalancers().get(0);
    assertThat(lb.schemeAsString()).isEqualTo("internet-facing");
    assertThat(listenerPorts(lb)).containsExactlyInAnyOrder(80, 443);
    var groups =
        elb.describeTargetGroups(r -> r.loadBalancerArn(lb.loadBalancerArn())).targetGroups();
    assertThat(groups).hasSize(2);
    assertThat(group(groupName).targetGroupARNs())
        .as("the node group's instances are the targets")
        .containsExactlyInAnyOrderElementsOf(groups.stream().map(g -> g.targetGroupArn()).toList());
    get("/api/v1/load-balancers/web")
        .body("status.conditions.find { it.type == 'Ready' }.status", equalTo("True"))
        .body("status.outputs.dnsName", equalTo(lb.dnsName()));
    // A list item reads exactly as the GET of the same resource, status and outputs included
    // (retried only in case a status write lands between the two requests).
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () ->
                assertThat(
                        get("/api/v1/load-balancers?labelSelector=env=test")
                            .extract()
                            .jsonPath()
                            .getMap("items.find { it.metadata.name == 'web' }"))
                    .isEqualTo(get("/api/v1/load-balancers/web").extract().jsonPath().getMap("$"))
                    .containsKey("status"));

    // Scale the node group.
    put("/api/v1/node-groups/workers", nodeGroup(3, 6))
        .statusCode(200)
        .body("metadata.generation", equalTo(2));
    await()
        .atMost(CONVERGE)
        .until(() -> group(groupName).desiredCapacity() == 3 && group(groupName).maxSize() == 6);

    // Add a listener and change a health check.
    put(
            "/api/v1/load-balancers/web",
            loadBalancer(
                ", {\"port\": 53, \"protocol\": \"UDP\", \"targetPort\": 30053, \"healthCheck\": {\"port\": 30080}}",
                10))
        .statusCode(200);
    await().atMost(CONVERGE).until(() -> listenerPorts(lb).size() == 3);
    await()
        .atMost(CONVERGE)
        .until(
            () ->
                elb
                    .describeTargetGroups(r -> r.loadBalancerArn(lb.loadBalancerArn()))
                    .targetGroups()
                    .stream()
                    .anyMatch(g -> g.port() == 30080 && g.healthCheckIntervalSeconds() == 10));
    await().atMost(CONVERGE).until(() -> "Ready".equals(phase("/api/v1/load-balancers/web")));

    // The history says what happened.
    get("/api/v1/load-balancers/web/events")
        .body("reason", hasItem("Created"))
        .body("reason", hasItem("Updated"));

    // List by label.
    get("/api/v1/node-groups?labelSelector=tier=workers")
        .body("items.metadata.name", hasItem("workers"));
    get("/api/v1/load-balancers?labelSelector=tier=workers").body("items.size()", equalTo(0));

    // Delete both: 202, Deleting, then gone, and nothing left in the emulator.
    operator()
        .delete("/api/v1/load-balancers/web")
        .then()
        .statusCode(202)
        .body("metadata.deletionRequestedAt", org.hamcrest.Matchers.notNullValue());
    operator().delete("/api/v1/node-groups/workers").then().statusCode(202);
    await().atMost(CONVERGE).until(() -> "Gone".equals(phase("/api/v1/load-balancers/web")));
    await().atMost(CONVERGE).until(() -> "Gone".equals(phase("/api/v1/node-groups/workers")));

    assertThat(elb.describeLoadBalancers().loadBalancers())
        .extracting(LoadBalancer::loadBalancerName)
        .doesNotContain(lbName);
    assertThat(elb.describeTargetGroups().targetGroups()).isEmpty();
    assertThat(asg.describeAutoScalingGroups().autoScalingGroups())
        .extracting(AutoScalingGroup::autoScalingGroupName)
        .doesNotContain(groupName);
    assertThat(ec2.describeLaunchTemplates().launchTemplates()).isEmpty();
    assertThat(
            ec2.describeSecurityGroups(
                    r ->
                        r.filters(
                            Filter.builder().name("tag-key").values("strato.io/owner").build()))
                .securityGroups())
        .as("no security group Strato created is left")
        .isEmpty();
  }

  private static AutoScalingGroup group(String name) {
    return asg.describeAutoScalingGroups(r -> r.autoScalingGroupNames(name))
        .autoScalingGroups()
        .get(0);
  }

  private static List<Integer> listenerPorts(LoadBalancer lb) {
    return elb.describeListeners(r -> r.loadBalancerArn(lb.loadBalancerArn())).listeners().stream()
        .map(l -> l.port())
        .collect(Collectors.toList());
  }
}
