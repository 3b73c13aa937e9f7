package io.strato.controller.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.strato.cloud.aws.AwsClients;
import io.strato.cloud.aws.ec2.AwsInstances;
import io.strato.testsupport.AwsFixtures;
import io.strato.testsupport.MotoServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
 * The periodic address and label refresh through the running node controller: nodes initialised on
 * the mock API server from instances in moto, then the instances or the Nodes change, and what the
 * next period writes (or, for an unchanged cluster, does not write).
 */
@EnableKubernetesMockClient(crud = true)
class NodeRefreshScenarioTest {

  static KubernetesClient client;

  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private AwsClients clients;
  private AwsFixtures network;
  private String imageId;
  private NodeTestCluster cluster;
  private NodeController controller;

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
  }

  private NodeController controller(Duration statusUpdatePeriod) {
    return new NodeController(
        client,
        () -> client.nodes().list().getItems(),
        new AwsInstances(clients),
        new NodeControllerSettings(
            2,
            Duration.ofMinutes(10),
            statusUpdatePeriod,
            Duration.ofSeconds(5),
            Duration.ZERO,
            Duration.ofSeconds(30),
            "aws://"),
        scheduler,
        new SimpleMeterRegistry());
  }

  @AfterEach
  void close() {
    if (controller != null) {
      controller.close();
    }
    scheduler.shutdownNow();
    clients.close();
  }

  @Test
  void anIdleClusterOfUnchangedNodesCostsOneDescribePerPeriodAndNoWrite() throws Exception {
    controller = controller(Duration.ofMinutes(5));
    List<String> names = initialised(run(network.privateSubnets().get(0), 6));
    Map<String, String> versions = resourceVersions(names);
    clients.metrics().reset();

    List<Integer> queued = new ArrayList<>();
    for (int period = 0; period < 3; period++) {
      queued.add(controller.refreshNodes());
    }

    Map<String, Long> calls = clients.metrics().snapshot();
    System.out.println("3 refresh periods of 6 unchanged nodes, AWS calls: " + calls);
    assertThat(queued).containsExactly(0, 0, 0);
    // One batched describe per period; the zone IDs were read once, when the nodes joined.
    assertThat(calls).containsOnly(Map.entry("Ec2:DescribeInstances", 3L));
    assertThat(resourceVersions(names)).as("no Node was written").isEqualTo(versions);
  }

  @Test
  void theNextPeriodWritesOnlyTheNodesThatDriftedAndOnlyWhatDrifted() throws Exception {
    controller = controller(Duration.ofMillis(500));
    List<Instance> three = run(network.privateSubnets().get(1), 3);
    List<String> names = initialised(three);
    // Node 0's instance gains a second private IP (an ENI address added by hand or by a CNI).
    String eni = three.get(0).networkInterfaces().get(0).networkInterfaceId();
    clients
        .ec2()
        .assignPrivateIpAddresses(r -> r.networkInterfaceId(eni).secondaryPrivateIpAddressCount(1));
    // Node 1 loses its zone-ID and instance-type labels to a careless kubectl edit; a label of
    // the user's stays as it is.
    Node one = cluster.get(names.get(1));
    Map<String, String> labels = new LinkedHashMap<>(one.getMetadata().getLabels());
    labels.remove(NodeInitialization.ZONE_ID);
    labels.remove(NodeInitialization.INSTANCE_TYPE);
    labels.put("team", "payments");
    client
        .nodes()
        .resource(new NodeBuilder(one).editMetadata().withLabels(labels).endMetadata().build())
        .update();
    String untouched = cluster.get(names.get(2)).getMetadata().getResourceVersion();

    controller.start();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                cluster.get(names.get(0)).getStatus().getAddresses().stream()
                            .filter(a -> "InternalIP".equals(a.getType()))
                            .count()
                        == 2
                    && cluster
                        .get(names.get(1))
                        .getMetadata()
                        .getLabels()
                        .containsKey(NodeInitialization.ZONE_ID));

    assertThat(cluster.get(names.get(0)).getStatus().getAddresses().get(0))
        .as("the primary IP stays first")
        .extracting(NodeAddress::getAddress)
        .isEqualTo(three.get(0).privateIpAddress());
    assertThat(cluster.get(names.get(1)).getMetadata().getLabels())
        .containsEntry(NodeInitialization.INSTANCE_TYPE, "m5.large")
        .containsEntry("team", "payments");
    Thread.sleep(1_200); // two more periods: nothing left to write
    assertThat(cluster.get(names.get(2)).getMetadata().getResourceVersion()).isEqualTo(untouched);
    assertThat(controller.refreshNodes()).isZero();
  }

  @Test
  void uninitialisedNodesAndNodesOfAnotherProviderAreLeftToOthers() throws Exception {
    controller = controller(Duration.ofMinutes(5));
    Instance i = run(network.privateSubnets().get(0), 1).get(0);
    cluster.registerUninitialized(i.privateDnsName(), null);
    cluster.registerInitialized("on-prem-1", "kind://docker/kind/on-prem-1", true);
    clients.metrics().reset();

    assertThat(controller.refreshNodes()).isZero();
    assertThat(clients.metrics().total()).as("nothing of this cloud to look up").isZero();
  }

  /** Nodes registered by name and initialised by the controller, as after they joined. */
  private List<String> initialised(List<Instance> instances) throws Exception {
    List<String> names = new ArrayList<>();
    for (Instance i : instances) {
      names.add(i.privateDnsName());
      cluster.registerUninitialized(i.privateDnsName(), null);
    }
    for (String name : names) {
      controller.reconciler().reconcile(name);
      cluster.setReady(name, true);
    }
    assertThat(names).allMatch(n -> cluster.taintKeys(n).isEmpty());
    return names;
  }

  private Map<String, String> resourceVersions(List<String> names) {
    Map<String, String> out = new LinkedHashMap<>();
    names.forEach(n -> out.put(n, cluster.get(n).getMetadata().getResourceVersion()));
    return out;
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
