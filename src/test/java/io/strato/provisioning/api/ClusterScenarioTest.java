package io.strato.provisioning.api;

import static io.strato.provisioning.api.ApiScenarioSupport.get;
import static io.strato.provisioning.api.ApiScenarioSupport.operator;
import static io.strato.provisioning.api.ApiScenarioSupport.phase;
import static io.strato.provisioning.api.ApiScenarioSupport.put;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.strato.cloud.aws.AwsClients;
import io.strato.cloud.aws.CloudCallMetrics;
import io.strato.provisioning.cluster.ClusterSpecs;
import io.strato.testsupport.AwsFixtures;
import io.strato.testsupport.EcsScheduler;
import io.strato.testsupport.MotoServer;
import io.strato.testsupport.Quiet;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.ec2.model.Filter;

/**
 * The README's cluster walk-throughs as tests: an EKS, a self-managed and an ECS cluster each
 * created, scaled, changed and deleted through the REST API, checked in the emulator, with the AWS
 * calls of creation and deletion counted.
 */
@QuarkusTest
@WithTestResource(io.strato.testsupport.MotoResource.class)
class ClusterScenarioTest {

  private static final Duration CONVERGE = Duration.ofSeconds(90);
  private static AwsClients aws;
  private static AwsFixtures network;
  private static String subnets;
  private static String ami;

  @Inject CloudCallMetrics calls;

  @BeforeAll
  static void network() {
    aws = MotoServer.shared().clients();
    network = AwsFixtures.network(aws.ec2(), null);
    subnets = ClusterSpecs.subnets(network.privateSubnets(), AwsFixtures.ZONES);
    ami = AwsFixtures.imageId(aws.ec2());
    AwsFixtures.nodeProfiles(aws.iam());
  }

  @AfterAll
  static void close() {
    aws.close();
  }

  private static String body(String spec) {
    return "{\"metadata\": {\"labels\": {\"env\": \"test\"}}, \"spec\": " + spec + "}";
  }

  private void awaitPhase(String path, String phase) {
    await()
        .atMost(CONVERGE)
        .until(
            () -> {
              // moto runs no ECS task: the scheduler starts what the services ask for.
              EcsScheduler.placeTasks(aws.ecs());
              return phase.equals(phase(path));
            });
  }

  /** Creates the cluster, waits for Ready and answers the AWS calls that took. */
  private Map<String, Long> create(String path, String spec) {
    Quiet.await(calls, Duration.ofMillis(700));
    calls.reset();
    put(path, body(spec)).statusCode(201);
    awaitPhase(path, "Ready");
    // On moto an EKS node group is created without its updateConfig (a moto gap) and corrected by
    // the next reconcile, so Ready can flicker once: wait until the cloud side is quiet.
    Quiet.await(calls, Duration.ofMillis(700));
    awaitPhase(path, "Ready");
    return new TreeMap<>(calls.snapshot());
  }

  private Map<String, Long> delete(String path) {
    Quiet.await(calls, Duration.ofMillis(700));
    calls.reset();
    operator().delete(path).then().statusCode(202);
    awaitPhase(path, "Gone");
    return new TreeMap<>(calls.snapshot());
  }

  private static long sum(Map<String, Long> calls) {
    return calls.values().stream().mapToLong(Long::longValue).sum();
  }

  @Test
  void eks() {
    String path = "/api/v1/clusters/eks-demo";
    Map<String, Long> created =
        create(path, ClusterSpecs.eks(subnets, ClusterSpecs.EKS_VERSION, 2));
    System.out.println(
        "AWS calls to create an EKS cluster with one node group: " + sum(created) + " " + created);
    get(path)
        .body("status.conditions.find { it.type == 'ControlPlaneReady' }.status", equalTo("True"))
        .body("status.conditions.find { it.type == 'NodeGroupsReady' }.status", equalTo("True"))
        .body("status.outputs.endpoint", startsWith("https://"))
        .body("status.outputs.oidcIssuer", startsWith("https://oidc.eks."))
        .body("status.outputs.version", equalTo(ClusterSpecs.EKS_VERSION));
    String clusterName = eksName(path);
    var cluster = aws.eks().describeCluster(r -> r.name(clusterName)).cluster();
    assertThat(cluster.version()).isEqualTo(ClusterSpecs.EKS_VERSION);
    assertThat(cluster.resourcesVpcConfig().subnetIds())
        .containsExactlyInAnyOrderElementsOf(network.privateSubnets());
    assertThat(cluster.resourcesVpcConfig().endpointPrivateAccess()).isTrue();
    assertThat(cluster.tags()).containsEntry("team", "platform");
    String nodeGroup = get(path).extract().path("status.outputs.nodeGroups[0].cloudName");
    var ng =
        aws.eks()
            .describeNodegroup(r -> r.clusterName(clusterName).nodegroupName(nodeGroup))
            .nodegroup();
    assertThat(ng.scalingConfig().desiredSize()).isEqualTo(2);
    assertThat(ng.labels()).containsEntry("role", "general");

    // Scale the node group: EKS changes it in place.
    put(path, body(ClusterSpecs.eks(subnets, ClusterSpecs.EKS_VERSION, 3))).statusCode(200);
    await()
        .atMost(CONVERGE)
        .until(
            () ->
                aws.eks()
                        .describeNodegroup(r -> r.clusterName(clusterName).nodegroupName(nodeGroup))
                        .nodegroup()
                        .scalingConfig()
                        .desiredSize()
                    == 3);
    awaitPhase(path, "Ready");

    Map<String, Long> deleted = delete(path);
    System.out.println("AWS calls to delete it: " + sum(deleted) + " " + deleted);
    assertThat(aws.eks().listClusters().clusters()).doesNotContain(clusterName);
  }

  private static String eksName(String path) {
    String arn = get(path).extract().path("status.outputs.arn");
    return arn.substring(arn.lastIndexOf('/') + 1);
  }

  @Test
  void selfManaged() {
    String path = "/api/v1/clusters/kubeadm-demo";
    Map<String, Long> created = create(path, ClusterSpecs.selfManaged(subnets, ami, "1.31", 1));
    System.out.println(
        "AWS calls to create a self-managed cluster (3 control-plane zones, NLB, 1 worker group): "
            + sum(created)
            + " "
            + created);
    get(path)
        .body("status.outputs.selfManaged.zones", equalTo(AwsFixtures.ZONES))
        .body("status.outputs.endpoint", startsWith("https://"))
        .body("status.conditions.type", hasItem("LoadBalancerReady"));
    List<String> controlPlane =
        get(path).extract().path("status.outputs.selfManaged.controlPlaneGroups");
    assertThat(controlPlane).hasSize(3);
    for (int i = 0; i < 3; i++) {
      AutoScalingGroup g = group(controlPlane.get(i));
      assertThat(g.vpcZoneIdentifier())
          .as("pinned to one zone's subnet")
          .isEqualTo(network.privateSubnets().get(i));
      assertThat(g.desiredCapacity()).isEqualTo(1);
    }
    String workers = get(path).extract().path("status.outputs.nodeGroups[0].cloudName");
    assertThat(group(workers).desiredCapacity()).isEqualTo(1);
    // The CA and the join token, in Secrets Manager, owned by the cluster: not in any user data.
    String uid =
        group(workers).tags().stream()
            .filter(t -> t.key().equals("strato.io/owner"))
            .findFirst()
            .orElseThrow()
            .value();
    assertThat(secretsOwnedBy(uid)).hasSize(2);

    // Scale the workers.
    put(path, body(ClusterSpecs.selfManaged(subnets, ami, "1.31", 2))).statusCode(200);
    await().atMost(CONVERGE).until(() -> group(workers).desiredCapacity() == 2);
    awaitPhase(path, "Ready");

    Map<String, Long> deleted = delete(path);
    System.out.println("AWS calls to delete it: " + sum(deleted) + " " + deleted);
    assertThat(ownedGroups()).isEmpty();
    assertThat(aws.ec2().describeLaunchTemplates().launchTemplates()).isEmpty();
    assertThat(aws.elb().describeLoadBalancers().loadBalancers()).isEmpty();
    assertThat(aws.elb().describeTargetGroups().targetGroups()).isEmpty();
    assertThat(ownedSecurityGroups()).isEmpty();
    assertThat(secretsOwnedBy(uid)).as("the bootstrap secrets go with the cluster").isEmpty();
  }

  private static List<String> secretsOwnedBy(String uid) {
    return aws.secretsManager().listSecrets().secretList().stream()
        .filter(
            x ->
                x.tags().stream()
                    .anyMatch(t -> t.key().equals("strato.io/owner") && t.value().equals(uid)))
        .map(x -> x.name())
        .toList();
  }

  @Test
  void ecs() {
    String path = "/api/v1/clusters/ecs-demo";
    Map<String, Long> created = create(path, ClusterSpecs.ecs(subnets, ami, 1, "nginx:1.27"));
    System.out.println(
        "AWS calls to create an ECS cluster (1 capacity group, 1 service with autoscaling): "
            + sum(created)
            + " "
            + created);
    String clusterArn = get(path).extract().path("status.outputs.arn");
    var cluster = aws.ecs().describeClusters(r -> r.clusters(clusterArn)).clusters().get(0);
    assertThat(cluster.status()).isEqualTo("ACTIVE");
    assertThat(cluster.capacityProviders()).hasSize(1);
    var services = aws.ecs().listServices(r -> r.cluster(clusterArn)).serviceArns();
    assertThat(services).hasSize(1);
    String capacity = get(path).extract().path("status.outputs.nodeGroups[0].cloudName");

    // Scale the capacity, then roll out a new image: a new task definition revision, same service.
    // ECS's managed scaling owns the group's desired capacity, so the floor is what moves it.
    put(path, body(atLeastTwo(ClusterSpecs.ecs(subnets, ami, 2, "nginx:1.27")))).statusCode(200);
    await().atMost(CONVERGE).until(() -> group(capacity).desiredCapacity() == 2);
    String before = get(path).extract().path("status.outputs.ecs.services[0].taskDefinition");
    put(path, body(atLeastTwo(ClusterSpecs.ecs(subnets, ami, 2, "nginx:1.28")))).statusCode(200);
    await()
        .atMost(CONVERGE)
        .until(
            () -> {
              String now =
                  get(path).extract().path("status.outputs.ecs.services[0].taskDefinition");
              return now != null && !now.equals(before);
            });
    awaitPhase(path, "Ready");
    assertThat(aws.ecs().listServices(r -> r.cluster(clusterArn)).serviceArns())
        .isEqualTo(services);

    Map<String, Long> deleted = delete(path);
    System.out.println("AWS calls to delete it: " + sum(deleted) + " " + deleted);
    assertThat(
            aws.ecs().describeClusters(r -> r.clusters(clusterArn)).clusters().stream()
                .filter(c -> "ACTIVE".equals(c.status())))
        .isEmpty();
    assertThat(ownedGroups()).isEmpty();
  }

  private static String atLeastTwo(String spec) {
    return spec.replace("\"minSize\": 1,", "\"minSize\": 2,");
  }

  @Test
  void aSubnetInTheWrongZoneFailsWithThatCause() {
    String path = "/api/v1/clusters/wrong-zone";
    String lying =
        ClusterSpecs.subnets(
            network.privateSubnets(), List.of("us-east-1a", "us-east-1c", "us-east-1b"));
    put(path, body(ClusterSpecs.eks(lying, ClusterSpecs.EKS_VERSION, 1))).statusCode(201);
    awaitPhase(path, "Failed");
    get(path)
        .body(
            "status.conditions.find { it.type == 'Ready' }.reason", equalTo("SubnetZoneMismatch"));
    get(path + "/events").body("reason", hasItem("SubnetZoneMismatch"));
    operator().delete(path).then().statusCode(202);
    awaitPhase(path, "Gone");
  }

  private static AutoScalingGroup group(String name) {
    return aws.autoScaling()
        .describeAutoScalingGroups(r -> r.autoScalingGroupNames(name))
        .autoScalingGroups()
        .get(0);
  }

  private static List<AutoScalingGroup> ownedGroups() {
    return aws.autoScaling().describeAutoScalingGroups().autoScalingGroups().stream()
        .filter(g -> g.tags().stream().anyMatch(t -> t.key().equals("strato.io/owner")))
        .filter(g -> g.tags().stream().anyMatch(t -> t.value().startsWith("Cluster/")))
        .toList();
  }

  private static List<?> ownedSecurityGroups() {
    return aws.ec2()
        .describeSecurityGroups(
            r -> r.filters(Filter.builder().name("tag-key").values("strato.io/owner").build()))
        .securityGroups();
  }
}
