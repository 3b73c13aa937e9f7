package io.strato.controller.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.strato.cloud.aws.AwsClients;
import io.strato.cloud.aws.ec2.AwsInstances;
import io.strato.reconcile.Result;
import io.strato.testsupport.AwsFixtures;
import io.strato.testsupport.MotoServer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceType;

/**
 * Given instances in moto and Nodes on a mock API server, what the node controller makes of them:
 * the Nodes, taints and Events a user sees, and the EC2 calls it took.
 */
@EnableKubernetesMockClient(crud = true)
class NodeControllerScenarioTest {

  static KubernetesClient client;

  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private AwsClients clients;
  private AwsFixtures network;
  private String imageId;
  private NodeTestCluster cluster;
  private NodeController controller;

  /** The metrics of the last controller built. */
  private SimpleMeterRegistry registry;

  @BeforeEach
  void fresh() {
    MotoServer moto = MotoServer.shared();
    moto.reset();
    clients = moto.clients();
    network = AwsFixtures.network(clients.ec2(), "prod");
    imageId = AwsFixtures.imageId(clients.ec2());
    client.nodes().delete();
    client.v1().events().inNamespace(NodeEvents.NAMESPACE).delete();
    cluster = new NodeTestCluster(client);
    // No gathering window: these scenarios reconcile step by step, right after queueing.
    controller = controller(Duration.ZERO);
  }

  private NodeController controller(Duration batchWindow) {
    return controller(batchWindow, Duration.ofMinutes(5));
  }

  /** A controller with metrics of its own, kept in {@link #registry}. */
  private NodeController controller(Duration batchWindow, Duration statusUpdatePeriod) {
    registry = new SimpleMeterRegistry();
    return new NodeController(
        client,
        () -> client.nodes().list().getItems(),
        new AwsInstances(clients),
        new NodeControllerSettings(
            4,
            Duration.ofMinutes(1),
            statusUpdatePeriod,
            Duration.ofSeconds(5),
            batchWindow,
            Duration.ofSeconds(30),
            "aws://"),
        scheduler,
        registry);
  }

  @AfterEach
  void close() {
    controller.close();
    scheduler.shutdownNow();
    clients.close();
  }

  @Test
  void initializesNodesNamedByPrivateDnsOrCarryingProviderIds() throws Exception {
    List<Instance> two = run(network.privateSubnets().get(1), 2);
    Instance byName = two.get(0);
    Instance byId = two.get(1);
    cluster.registerUninitialized(byName.privateDnsName(), null);
    cluster.registerUninitialized("worker-7", "aws:///us-east-1b/" + byId.instanceId());
    clients.metrics().reset();

    reconcile(byName.privateDnsName());
    reconcile("worker-7");
    Map<String, Long> calls = clients.metrics().snapshot();

    Node named = cluster.get(byName.privateDnsName());
    assertThat(named.getSpec().getProviderID())
        .isEqualTo("aws:///us-east-1b/" + byName.instanceId());
    assertThat(named.getMetadata().getLabels())
        .containsEntry("topology.kubernetes.io/zone", "us-east-1b")
        .containsEntry("topology.kubernetes.io/region", "us-east-1")
        .containsEntry("node.kubernetes.io/instance-type", "m5.large")
        .containsEntry("failure-domain.beta.kubernetes.io/zone", "us-east-1b")
        .containsEntry("failure-domain.beta.kubernetes.io/region", "us-east-1")
        .containsEntry("beta.kubernetes.io/instance-type", "m5.large")
        .containsEntry("topology.k8s.aws/zone-id", zoneId("us-east-1b"));
    assertThat(named.getStatus().getAddresses())
        .extracting(NodeAddress::getType, NodeAddress::getAddress)
        .containsExactly(
            tuple("InternalIP", byName.privateIpAddress()),
            tuple("InternalDNS", byName.privateDnsName()),
            tuple("Hostname", byName.privateDnsName()));
    assertThat(cluster.taintKeys(byName.privateDnsName())).isEmpty();

    Node withId = cluster.get("worker-7");
    assertThat(withId.getSpec().getProviderID())
        .isEqualTo("aws:///us-east-1b/" + byId.instanceId());
    assertThat(withId.getMetadata().getLabels())
        .containsEntry("topology.kubernetes.io/zone", "us-east-1b");
    assertThat(cluster.taintKeys("worker-7")).isEmpty();
    assertThat(cluster.eventsAbout("worker-7")).isEmpty();
    assertThat(calls.get("Ec2:DescribeAvailabilityZones"))
        .as("zone IDs never change: read once")
        .isEqualTo(1L);
  }

  private String zoneId(String zoneName) {
    return clients
        .ec2()
        .describeAvailabilityZones(r -> r.zoneNames(zoneName))
        .availabilityZones()
        .get(0)
        .zoneId();
  }

  @Test
  void initializesNodesNamedAfterTheirInstanceThatReportNoAddress() throws Exception {
    // Resource-based host names: the kubelet registers as i-... or i-....<region>.compute.internal
    // and, with an external cloud provider, reports no address to look it up by.
    List<Instance> two = run(network.privateSubnets().get(0), 2);
    String bare = two.get(0).instanceId();
    String qualified = two.get(1).instanceId() + ".us-east-1.compute.internal";
    cluster.registerUninitialized(bare, null);
    cluster.registerUninitialized(qualified, null);
    clients.metrics().reset();

    reconcile(bare);
    reconcile(qualified);

    assertThat(cluster.get(bare).getSpec().getProviderID())
        .isEqualTo("aws:///us-east-1a/" + two.get(0).instanceId());
    assertThat(cluster.get(qualified).getSpec().getProviderID())
        .isEqualTo("aws:///us-east-1a/" + two.get(1).instanceId());
    assertThat(cluster.get(qualified).getStatus().getAddresses())
        .extracting(NodeAddress::getType, NodeAddress::getAddress)
        .startsWith(tuple("InternalIP", two.get(1).privateIpAddress()));
    assertThat(cluster.taintKeys(bare)).isEmpty();
    assertThat(cluster.taintKeys(qualified)).isEmpty();
    // Found by instance ID: no fall-back describe by DNS name or IP.
    assertThat(clients.metrics().snapshot().get("Ec2:DescribeInstances")).isEqualTo(2L);
  }

  @Test
  void withTheKubeletsNodeIpOnlyThatInternalIpIsReported() throws Exception {
    Instance i = run(network.privateSubnets().get(0), 1).get(0);
    String eni = i.networkInterfaces().get(0).networkInterfaceId();
    clients
        .ec2()
        .assignPrivateIpAddresses(r -> r.networkInterfaceId(eni).secondaryPrivateIpAddressCount(1));
    String secondary =
        clients
            .ec2()
            .describeNetworkInterfaces(r -> r.networkInterfaceIds(eni))
            .networkInterfaces()
            .get(0)
            .privateIpAddresses()
            .stream()
            .filter(a -> !Boolean.TRUE.equals(a.primary()))
            .findFirst()
            .orElseThrow()
            .privateIpAddress();
    Node registered = cluster.registerUninitialized(i.privateDnsName(), null);
    client
        .nodes()
        .resource(
            new NodeBuilder(registered)
                .editMetadata()
                .addToAnnotations(NodeFacts.PROVIDED_NODE_IP, secondary)
                .endMetadata()
                .build())
        .update();

    reconcile(i.privateDnsName());

    assertThat(cluster.get(i.privateDnsName()).getStatus().getAddresses())
        .extracting(NodeAddress::getType, NodeAddress::getAddress)
        .containsExactly(
            tuple("InternalIP", secondary),
            tuple("InternalDNS", i.privateDnsName()),
            tuple("Hostname", i.privateDnsName()));
    assertThat(cluster.taintKeys(i.privateDnsName())).isEmpty();
  }

  @Test
  void aNodeWithACustomNameIsFoundByItsNodeIp() throws Exception {
    // Neither a private DNS name nor an instance ID: upstream finds no instance. Strato looks it up
    // by the IP the kubelet was given with --node-ip, in the same batch.
    Instance i = run(network.privateSubnets().get(2), 1).get(0);
    Node registered = cluster.registerUninitialized("gpu-worker-1", null);
    client
        .nodes()
        .resource(
            new NodeBuilder(registered)
                .editMetadata()
                .addToAnnotations(NodeFacts.PROVIDED_NODE_IP, i.privateIpAddress())
                .endMetadata()
                .build())
        .update();

    reconcile("gpu-worker-1");

    assertThat(cluster.get("gpu-worker-1").getSpec().getProviderID())
        .isEqualTo("aws:///us-east-1c/" + i.instanceId());
    assertThat(cluster.taintKeys("gpu-worker-1")).isEmpty();
  }

  @Test
  void aNodeWithAPublicAddressAlsoReportsItsExternalAddresses() throws Exception {
    Instance i =
        clients
            .ec2()
            .runInstances(
                r ->
                    r.imageId(imageId)
                        .instanceType(InstanceType.M5_LARGE)
                        .minCount(1)
                        .maxCount(1)
                        .networkInterfaces(
                            n ->
                                n.deviceIndex(0)
                                    .subnetId(network.publicSubnets().get(0))
                                    .associatePublicIpAddress(true)))
            .instances()
            .get(0);
    cluster.registerUninitialized(i.privateDnsName(), null);

    reconcile(i.privateDnsName());

    // cloud-provider-aws's order: private IPs, public IP, private DNS twice, public DNS.
    assertThat(cluster.get(i.privateDnsName()).getStatus().getAddresses())
        .extracting(NodeAddress::getType, NodeAddress::getAddress)
        .containsExactly(
            tuple("InternalIP", i.privateIpAddress()),
            tuple("ExternalIP", i.publicIpAddress()),
            tuple("InternalDNS", i.privateDnsName()),
            tuple("Hostname", i.privateDnsName()),
            tuple("ExternalDNS", i.publicDnsName()));
  }

  @Test
  void aNodeWithoutInstanceStaysTaintedWithAWarningAndIsRetriedLater() throws Exception {
    cluster.registerUninitialized("ip-10-0-55-55.ec2.internal", null);

    Result first = reconcile("ip-10-0-55-55.ec2.internal");

    assertThat(first.requeue()).contains(Duration.ofSeconds(30));
    assertThat(cluster.taintKeys("ip-10-0-55-55.ec2.internal"))
        .containsExactly(NodeFacts.UNINITIALIZED_TAINT);
    Event warning = cluster.eventsAbout("ip-10-0-55-55.ec2.internal").get(0);
    assertThat(warning.getType()).isEqualTo("Warning");
    assertThat(warning.getReason()).isEqualTo("InstanceNotFound");
    assertThat(warning.getSource().getComponent()).isEqualTo("strato-cloud-controller-manager");
    assertThat(warning.getInvolvedObject().getKind()).isEqualTo("Node");
  }

  @Test
  void aRepeatedWarningIsCountedOnOneEvent() throws Exception {
    Node node = cluster.registerUninitialized("ip-10-0-55-56.ec2.internal", null);
    NodeEvents events = new NodeEvents(client, Clock.systemUTC());

    events.warning(node, "InstanceNotFound", "same message");
    events.warning(node, "InstanceNotFound", "same message");

    List<Event> all = cluster.eventsAbout("ip-10-0-55-56.ec2.internal");
    assertThat(all).hasSize(1);
    assertThat(all.get(0).getCount()).isEqualTo(2);
  }

  @Test
  void aNotReadyNodeWhoseInstanceWasTerminatedIsDeleted() throws Exception {
    Instance i = run(network.privateSubnets().get(0), 1).get(0);
    String providerId = "aws:///us-east-1a/" + i.instanceId();
    cluster.registerInitialized("worker-1", providerId, true);
    clients.ec2().terminateInstances(r -> r.instanceIds(i.instanceId()));
    cluster.setReady("worker-1", false);

    controller.onNodeEvent(cluster.get("worker-1"));
    reconcile("worker-1");

    assertThat(cluster.get("worker-1")).isNull();
    assertThat(cluster.eventReasons("worker-1")).containsExactly("DeletingNode");
  }

  @Test
  void aNotReadyNodeWhoseInstanceNoLongerExistsIsDeleted() throws Exception {
    cluster.registerInitialized("worker-2", "aws:///us-east-1a/i-00000000deadbeef0", false);

    reconcile("worker-2");

    assertThat(cluster.get("worker-2")).isNull();
    assertThat(cluster.eventReasons("worker-2")).containsExactly("DeletingNode");
  }

  @Test
  void aStoppedInstanceTaintsItsNodeUntilTheNodeIsReadyAgain() throws Exception {
    Instance i = run(network.privateSubnets().get(0), 1).get(0);
    cluster.registerInitialized("worker-3", "aws:///us-east-1a/" + i.instanceId(), true);
    clients.ec2().stopInstances(r -> r.instanceIds(i.instanceId()));
    cluster.setReady("worker-3", false);

    reconcile("worker-3");
    assertThat(cluster.taintKeys("worker-3")).containsExactly(NodeFacts.SHUTDOWN_TAINT);
    assertThat(cluster.get("worker-3").getSpec().getTaints().get(0).getEffect())
        .isEqualTo("NoSchedule");

    clients.ec2().startInstances(r -> r.instanceIds(i.instanceId()));
    cluster.setReady("worker-3", true);
    clients.metrics().reset();
    reconcile("worker-3");

    assertThat(cluster.taintKeys("worker-3")).isEmpty();
    assertThat(cluster.get("worker-3")).isNotNull();
    assertThat(clients.metrics().total()).as("a Ready node costs no cloud call").isZero();
  }

  @Test
  void aNotReadyNodeWhoseInstanceRunsIsKeptUntainted() throws Exception {
    // A kubelet that stopped posting on a running instance is the node lifecycle controller's
    // business (evictions), not the cloud's: the Node stays and gets no shutdown taint.
    Instance i = run(network.privateSubnets().get(0), 1).get(0);
    cluster.registerInitialized("worker-5", "aws:///us-east-1a/" + i.instanceId(), false);

    controller.onNodeEvent(cluster.get("worker-5"));
    reconcile("worker-5");

    assertThat(cluster.get("worker-5")).isNotNull();
    assertThat(cluster.taintKeys("worker-5")).isEmpty();
    assertThat(cluster.eventReasons("worker-5")).isEmpty();
  }

  @Test
  void aNodeOfAnotherProviderIsNeverDeleted() throws Exception {
    cluster.registerInitialized("on-prem-1", "kind://docker/kind/on-prem-1", false);
    clients.metrics().reset();

    reconcile("on-prem-1");

    assertThat(cluster.get("on-prem-1")).isNotNull();
    assertThat(clients.metrics().total()).isZero();
  }

  @Test
  void aNotReadyNodeWithoutProviderIdIsNeverDeletedOnAMissedNameLookUp() throws Exception {
    cluster.registerUninitialized("custom-name", null);
    client
        .nodes()
        .resource(
            new NodeBuilder(cluster.get("custom-name"))
                .editSpec()
                .withTaints(List.of())
                .endSpec()
                .build())
        .update();
    cluster.setReady("custom-name", false);

    reconcile("custom-name");

    assertThat(cluster.get("custom-name")).isNotNull();
  }

  @Test
  void anIdleClusterOfReadyInitialisedNodesQueuesNothingAndCostsNoCloudCall() throws Exception {
    for (int n = 0; n < 5; n++) {
      cluster.registerInitialized(
          "ready-" + n, "aws:///us-east-1a/i-0000000" + n + "aaaaaaaa", true);
    }
    clients.metrics().reset();
    controller.start();

    for (int n = 0; n < 5; n++) {
      controller.onNodeEvent(cluster.get("ready-" + n));
    }
    int queued = controller.checkNotReadyNodes();

    assertThat(queued).isZero();
    // The controller decides on each event as it is delivered: its queue's adds counter is the
    // positive signal that it looked at all five, and says it asked for no reconcile, so no
    // worker is left that could still call the cloud.
    assertThat(registry.get("strato.workqueue.adds").tag("controller", "node").counter().count())
        .isZero();
    assertThat(clients.metrics().total()).isZero();
    assertThat(client.nodes().list().getItems()).hasSize(5);
  }

  @Test
  void fiftyNodesJoiningTogetherCostOneDescribe() throws Exception {
    List<Instance> fifty = run(network.privateSubnets().get(2), 50);
    List<String> names = new ArrayList<>();
    for (Instance i : fifty) {
      names.add(i.privateDnsName());
      controller.onNodeEvent(cluster.registerUninitialized(i.privateDnsName(), null));
    }
    clients.metrics().reset();

    controller.start();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> names.stream().allMatch(n -> cluster.taintKeys(n).isEmpty()));

    Map<String, Long> calls = clients.metrics().snapshot();
    System.out.println("50 nodes initialised with AWS calls: " + calls);
    // One batch answers every node queued before it ran: a constant, not one per node.
    // Zone IDs are read once per process, for the topology.k8s.aws/zone-id label.
    assertThat(calls)
        .containsOnly(
            Map.entry("Ec2:DescribeInstances", 1L), Map.entry("Ec2:DescribeAvailabilityZones", 1L));
    assertThat(cluster.get(names.get(49)).getMetadata().getLabels())
        .containsEntry("topology.kubernetes.io/zone", "us-east-1c")
        .containsEntry("topology.k8s.aws/zone-id", zoneId("us-east-1c"));
  }

  @Test
  void thePeriodicCheckLooksUpAllNotReadyNodesInOneDescribeAndSkipsReadyOnes() throws Exception {
    List<Instance> six = run(network.privateSubnets().get(0), 6);
    for (int n = 0; n < six.size(); n++) {
      cluster.registerInitialized(
          "worker-" + n, "aws:///us-east-1a/" + six.get(n).instanceId(), n >= 4);
    }
    clients
        .ec2()
        .stopInstances(r -> r.instanceIds(six.get(0).instanceId(), six.get(1).instanceId()));
    clients.ec2().terminateInstances(r -> r.instanceIds(six.get(2).instanceId()));
    clients.metrics().reset();

    int queued = controller.checkNotReadyNodes();
    for (int n = 0; n < 4; n++) {
      reconcile("worker-" + n);
    }

    assertThat(queued).isEqualTo(4);
    Map<String, Long> calls = clients.metrics().snapshot();
    System.out.println("periodic check of 4 NotReady nodes (2 Ready) with AWS calls: " + calls);
    assertThat(calls)
        .containsOnly(
            Map.entry("Ec2:DescribeInstances", 1L), Map.entry("Ec2:DescribeAvailabilityZones", 1L));
    assertThat(cluster.taintKeys("worker-0")).containsExactly(NodeFacts.SHUTDOWN_TAINT);
    assertThat(cluster.taintKeys("worker-1")).containsExactly(NodeFacts.SHUTDOWN_TAINT);
    assertThat(cluster.get("worker-2")).isNull();
    assertThat(cluster.taintKeys("worker-3")).isEmpty();
    assertThat(cluster.get("worker-4")).isNotNull();
  }

  @Test
  void fiftyNodesArrivingWhileWorkersRunShareOneDescribeThroughTheGatheringWindow()
      throws Exception {
    List<Instance> fifty = run(network.privateSubnets().get(1), 50);
    List<String> names = new ArrayList<>();
    clients.metrics().reset();
    controller.close();
    controller = controller(Duration.ofSeconds(2));
    controller.start();

    for (Instance i : fifty) {
      names.add(i.privateDnsName());
      controller.onNodeEvent(cluster.registerUninitialized(i.privateDnsName(), null));
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> names.stream().allMatch(n -> cluster.taintKeys(n).isEmpty()));

    long describes = clients.metrics().snapshot().getOrDefault("Ec2:DescribeInstances", 0L);
    System.out.println("50 nodes arriving one by one, AWS calls: " + clients.metrics().snapshot());
    // Without the window this measured 13 (each worker's miss started a batch of whatever had
    // arrived). With it, the first node waits 2 s for the others: all 50 arrive well within it
    // here; a slow machine might split them over two batches.
    assertThat(describes).isBetween(1L, 2L);
  }

  private Result reconcile(String name) throws Exception {
    return controller.reconciler().reconcile(name);
  }

  private List<Instance> run(String subnet, int count) {
    return clients
        .ec2()
        .runInstances(
            r ->
                r.imageId(imageId)
                    .instanceType(InstanceType.M5_LARGE)
                    .minCount(count)
                    .maxCount(count)
                    .subnetId(subnet))
        .instances();
  }
}
