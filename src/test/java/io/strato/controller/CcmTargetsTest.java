package io.strato.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.strato.cloud.aws.AwsClients;
import io.strato.testsupport.AwsFixtures;
import io.strato.testsupport.MockApi;
import io.strato.testsupport.MotoServer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;

/**
 * Which nodes are a Service's targets, through the running CCM ({@link LeadingControllers} on the
 * mock API in CRUD mode, moto behind it), as the Kubernetes service controller decides since 1.27:
 * readiness moves nothing; the autoscaler's taint, a deletion in progress and the exclusion label
 * (unless {@code false}) deregister; {@code -target-node-labels} with a bare key asks for the label
 * with any value. The CCM reads nodes and Services from its informers: not one list call after its
 * start-up lists, counted where they land, at the mock API server.
 */
@EnableKubernetesMockClient(crud = true)
class CcmTargetsTest {

  static KubernetesClient client;
  static KubernetesMockServer server;

  private static final String CLUSTER = "targets";
  private static final String NS = "shop";
  private static final String EXCLUDE = "node.kubernetes.io/exclude-from-external-load-balancers";
  private static final String TO_BE_DELETED = "ToBeDeletedByClusterAutoscaler";
  private static final String TARGET_NODE_LABELS =
      "service.beta.kubernetes.io/aws-load-balancer-target-node-labels";
  private static final Duration CONVERGE = Duration.ofSeconds(60);

  private final AwsClients aws = MotoServer.shared().clients();
  private List<String> instances;
  private AwsFixtures network;
  private RunningCcm ccm;
  private ApiListCalls lists;

  @BeforeEach
  void freshClusterAndAccount() throws Exception {
    MockApi.removeServicesAndNodes(client);
    MotoServer.shared().reset();
    network = AwsFixtures.network(aws.ec2(), CLUSTER);
    instances =
        aws
            .ec2()
            .runInstances(
                r ->
                    r.imageId(AwsFixtures.imageId(aws.ec2()))
                        .instanceType("t3.micro")
                        .minCount(4)
                        .maxCount(4)
                        .subnetId(network.privateSubnets().get(0)))
            .instances()
            .stream()
            .map(Instance::instanceId)
            .sorted()
            .toList();
    lists = new ApiListCalls(server);
  }

  @AfterEach
  void stop() {
    if (ccm != null) {
      ccm.close();
    }
  }

  @Test
  void readinessMovesNothingAndEachUpstreamRuleDeregisters() throws Exception {
    for (int i = 0; i < 4; i++) {
      client.nodes().resource(node("n" + i, instances.get(i), Map.of())).create();
    }
    ccm = RunningCcm.start(client, CLUSTER);
    lists.reset(); // the informers' start-up lists: the only ones allowed
    client.services().inNamespace(NS).resource(service("web", Map.of())).create();
    List<String> groups = awaitGroups("web", 2);
    awaitTargets(groups, instances);
    ccm.aws().metrics().reset();

    // A kubelet missing heartbeats, then back: the NLB's health check handles it, not the CCM.
    editNode("n0", n -> ready(n, "False"));
    editNode("n0", n -> ready(n, "Unknown"));
    editNode("n0", n -> ready(n, "True"));
    Thread.sleep(2000); // the flap's events had time to reach a sync if one were coming
    assertThat(targetCalls()).as("a NotReady flap costs no register or deregister").isEmpty();

    editNode("n1", n -> taint(n, TO_BE_DELETED));
    awaitTargets(groups, List.of(instances.get(0), instances.get(2), instances.get(3)));
    assertThat(targetCalls())
        .as("the flap before it cost nothing; the autoscaler's taint one deregister per group")
        .isEqualTo(Map.of("DeregisterTargets", 2L));
    editNode("n1", n -> taint(n, null));
    awaitTargets(groups, instances);

    editNode("n2", n -> label(n, EXCLUDE, "true"));
    awaitTargets(groups, List.of(instances.get(0), instances.get(1), instances.get(3)));
    editNode("n2", n -> label(n, EXCLUDE, "false"));
    awaitTargets(groups, instances);

    // A deletion held by a finalizer: the node has a deletion timestamp and is still listed.
    editNode("n3", n -> finalizer(n, "example.com/drain"));
    client.nodes().withName("n3").delete();
    assertThat(client.nodes().withName("n3").get().getMetadata().getDeletionTimestamp())
        .isNotNull();
    awaitTargets(groups, instances.subList(0, 3));

    assertThat(targetCalls())
        .as("each change one call per group, nothing for the flap")
        .isEqualTo(Map.of("DeregisterTargets", 6L, "RegisterTargets", 4L));
    // Events are written off the workers (EventWriter): wait for this one, not for the targets.
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () ->
                assertThat(reasons("web"))
                    .as("upstream's event when the target set changed")
                    .contains("UpdatedLoadBalancer"));
    assertThat(reasons("web")).doesNotContain("UnAvailableLoadBalancer");
    assertThat(lists.drain()).as("list calls to the API server after start-up").isEmpty();
    editNode("n3", n -> finalizer(n, null));
  }

  @Test
  void aBareTargetNodeLabelAsksForPresenceAndNoEligibleNodeIsAWarning() throws Exception {
    client.nodes().resource(node("n0", instances.get(0), Map.of("edge", "a"))).create();
    client.nodes().resource(node("n1", instances.get(1), Map.of("edge", ""))).create();
    client.nodes().resource(node("n2", instances.get(2), Map.of())).create();
    ccm = RunningCcm.start(client, CLUSTER);
    lists.reset();

    client
        .services()
        .inNamespace(NS)
        .resource(service("edge", Map.of(TARGET_NODE_LABELS, "edge")))
        .create();
    client
        .services()
        .inNamespace(NS)
        .resource(service("gpu", Map.of(TARGET_NODE_LABELS, "gpu=")))
        .create();
    List<String> edge = awaitGroups("edge", 2);
    List<String> gpu = awaitGroups("gpu", 2);
    awaitTargets(edge, instances.subList(0, 2));
    awaitTargets(gpu, List.of());
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () ->
                assertThat(warnings("gpu"))
                    .as("no node carries gpu: upstream's Warning")
                    .contains("UnAvailableLoadBalancer"));

    editNode("n2", n -> label(n, "gpu", "h100"));
    awaitTargets(gpu, List.of(instances.get(2)));
    awaitTargets(edge, instances.subList(0, 2));
    await()
        .atMost(CONVERGE)
        .untilAsserted(() -> assertThat(reasons("gpu")).contains("UpdatedLoadBalancer"));
    assertThat(reasons("edge")).doesNotContain("UpdatedLoadBalancer", "UnAvailableLoadBalancer");
    assertThat(lists.drain()).as("list calls to the API server after start-up").isEmpty();
  }

  /**
   * Upstream ensures every Service in full on each node sync, so a node joining in a group no
   * target used before gets its group opened. Strato registers a joining node with no ensure when
   * its group already admits the NLB (the common case, one cluster group for all nodes), after one
   * look-up of the joining instances' groups for the whole sync, and ensures in full only when it
   * does not: here a second node group whose instances carry their own cluster-tagged group.
   */
  @Test
  void aNodeOfANewNodeGroupGetsItsSecurityGroupOpenedAndACommonJoinOnlyRegisters()
      throws Exception {
    String groupA = clusterGroup("nodes-a");
    String groupB = clusterGroup("nodes-b");
    List<String> inA = runInstances(2, groupA);
    String inB = runInstances(1, groupB).get(0);
    client.nodes().resource(node("a0", inA.get(0), Map.of())).create();
    ccm = RunningCcm.start(client, CLUSTER);
    client.services().inNamespace(NS).resource(service("web", Map.of())).create();
    List<String> groups = awaitGroups("web", 2);
    awaitTargets(groups, List.of(inA.get(0)));
    String nlbGroup = nlbGroup("web");
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> assertThat(admits(groupA, nlbGroup)).containsExactlyInAnyOrder(30080, 30443));
    // Settled: a provisioning NLB's poll would ensure in full and open any group by the way.
    awaitReady("web");
    ccm.aws().metrics().reset();

    client.nodes().resource(node("b0", inB, Map.of())).create();
    awaitTargets(groups, Stream.of(inA.get(0), inB).sorted().toList());
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () ->
                assertThat(admits(groupB, nlbGroup))
                    .as("the new node group's own cluster group admits the NLB")
                    .containsExactlyInAnyOrder(30080, 30443));
    System.out.println("AWS calls for a node joining in a new group: " + awsCalls());
    Thread.sleep(1000); // the full ensure's tail
    ccm.aws().metrics().reset();

    client.nodes().resource(node("a1", inA.get(1), Map.of())).create();
    awaitTargets(groups, Stream.concat(inA.stream(), Stream.of(inB)).sorted().toList());
    Thread.sleep(1000); // a full ensure, if one were coming, had time to start
    Map<String, Long> common = awsCalls();
    System.out.println("AWS calls for a node joining in the admitted group: " + common);
    assertThat(common)
        .as("one RegisterTargets per target group and one look-up of the joining instance")
        .isEqualTo(Map.of("RegisterTargets", 2L, "DescribeInstances", 1L));
    assertThat(admits(groupA, nlbGroup)).containsExactlyInAnyOrder(30080, 30443);
  }

  /** The Service's condition says its NLB is active: no poll of it is pending any more. */
  private void awaitReady(String service) {
    await()
        .atMost(CONVERGE)
        .until(
            () -> {
              Service s = client.services().inNamespace(NS).withName(service).get();
              return s.getStatus() != null
                  && s.getStatus().getConditions() != null
                  && s.getStatus().getConditions().stream()
                      .anyMatch(
                          c ->
                              "LoadBalancerReady".equals(c.getType())
                                  && "True".equals(c.getStatus()));
            });
  }

  private String clusterGroup(String name) {
    return aws.ec2()
        .createSecurityGroup(
            r ->
                r.groupName(name)
                    .description(name)
                    .vpcId(network.vpcId())
                    .tagSpecifications(
                        TagSpecification.builder()
                            .resourceType(ResourceType.SECURITY_GROUP)
                            .tags(t -> t.key("kubernetes.io/cluster/" + CLUSTER).value("owned"))
                            .build()))
        .groupId();
  }

  private List<String> runInstances(int count, String securityGroup) {
    return aws
        .ec2()
        .runInstances(
            r ->
                r.imageId(AwsFixtures.imageId(aws.ec2()))
                    .instanceType("t3.micro")
                    .minCount(count)
                    .maxCount(count)
                    .subnetId(network.privateSubnets().get(0))
                    .securityGroupIds(securityGroup))
        .instances()
        .stream()
        .map(Instance::instanceId)
        .sorted()
        .toList();
  }

  private String nlbGroup(String service) {
    String host = hostname(client.services().inNamespace(NS).withName(service).get());
    return aws.elb().describeLoadBalancers().loadBalancers().stream()
        .filter(lb -> lb.dnsName().equals(host))
        .findFirst()
        .orElseThrow()
        .securityGroups()
        .get(0);
  }

  /** The ports on which {@code groupId} admits traffic from {@code source}, as read back. */
  private List<Integer> admits(String groupId, String source) {
    return aws
        .ec2()
        .describeSecurityGroups(r -> r.groupIds(groupId))
        .securityGroups()
        .get(0)
        .ipPermissions()
        .stream()
        .filter(p -> p.userIdGroupPairs().stream().anyMatch(g -> source.equals(g.groupId())))
        .map(IpPermission::fromPort)
        .toList();
  }

  private Map<String, Long> awsCalls() {
    Map<String, Long> out = new TreeMap<>();
    ccm.aws()
        .metrics()
        .snapshot()
        .forEach((op, n) -> out.put(op.substring(op.indexOf(':') + 1), n));
    return out;
  }

  private Map<String, Long> targetCalls() {
    Map<String, Long> out = new TreeMap<>();
    ccm.aws()
        .metrics()
        .snapshot()
        .forEach(
            (op, n) -> {
              if (op.endsWith("Targets")) {
                out.put(op.substring(op.indexOf(':') + 1), n);
              }
            });
    return out;
  }

  /** The Service's target groups, once its load balancer shows in its status with all of them. */
  private List<String> awaitGroups(String name, int count) {
    return await()
        .atMost(CONVERGE)
        .until(
            () -> {
              String host = hostname(client.services().inNamespace(NS).withName(name).get());
              if (host == null) {
                return List.<String>of();
              }
              return aws.elb().describeLoadBalancers().loadBalancers().stream()
                  .filter(lb -> lb.dnsName().equals(host))
                  .flatMap(
                      lb ->
                          aws
                              .elb()
                              .describeTargetGroups(r -> r.loadBalancerArn(lb.loadBalancerArn()))
                              .targetGroups()
                              .stream())
                  .map(TargetGroup::targetGroupArn)
                  .toList();
            },
            g -> g.size() == count);
  }

  private void awaitTargets(List<String> groups, List<String> expected) {
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> {
              for (String g : groups) {
                assertThat(
                        aws
                            .elb()
                            .describeTargetHealth(r -> r.targetGroupArn(g))
                            .targetHealthDescriptions()
                            .stream()
                            .map(d -> d.target().id())
                            .sorted()
                            .toList())
                    .containsExactlyElementsOf(expected);
              }
            });
  }

  private List<String> reasons(String service) {
    return events(service).stream().map(Event::getReason).toList();
  }

  private List<String> warnings(String service) {
    return events(service).stream()
        .filter(e -> "Warning".equals(e.getType()))
        .map(Event::getReason)
        .toList();
  }

  private List<Event> events(String service) {
    return client.v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> service.equals(e.getInvolvedObject().getName()))
        .toList();
  }

  private void editNode(String name, UnaryOperator<Node> change) {
    client.nodes().withName(name).edit(change);
  }

  private static Node ready(Node n, String status) {
    n.getStatus().getConditions().get(0).setStatus(status);
    return n;
  }

  private static Node taint(Node n, String key) {
    n.getSpec()
        .setTaints(key == null ? List.of() : List.of(new Taint("NoSchedule", key, null, "1")));
    return n;
  }

  private static Node label(Node n, String key, String value) {
    n.getMetadata().getLabels().put(key, value);
    return n;
  }

  private static Node finalizer(Node n, String finalizer) {
    n.getMetadata().setFinalizers(finalizer == null ? List.of() : List.of(finalizer));
    return n;
  }

  private static String hostname(Service s) {
    if (s == null || s.getStatus() == null || s.getStatus().getLoadBalancer() == null) {
      return null;
    }
    var ingress = s.getStatus().getLoadBalancer().getIngress();
    return ingress == null || ingress.isEmpty() ? null : ingress.get(0).getHostname();
  }

  private static Node node(String name, String instanceId, Map<String, String> labels) {
    return new NodeBuilder()
        .withNewMetadata()
        .withName(name)
        .withLabels(new HashMap<>(labels))
        .endMetadata()
        .withNewSpec()
        .withProviderID("aws:///us-east-1a/" + instanceId)
        .endSpec()
        .withNewStatus()
        .addNewCondition()
        .withType("Ready")
        .withStatus("True")
        .endCondition()
        .endStatus()
        .build();
  }

  private static Service service(String name, Map<String, String> annotations) {
    return new ServiceBuilder()
        .withNewMetadata()
        .withNamespace(NS)
        .withName(name)
        .withAnnotations(new HashMap<>(annotations))
        .endMetadata()
        .withNewSpec()
        .withType("LoadBalancer")
        .addNewPort()
        .withName("http")
        .withProtocol("TCP")
        .withPort(80)
        .withNodePort(30080)
        .endPort()
        .addNewPort()
        .withName("https")
        .withProtocol("TCP")
        .withPort(443)
        .withNodePort(30443)
        .endPort()
        .endSpec()
        .build();
  }
}
