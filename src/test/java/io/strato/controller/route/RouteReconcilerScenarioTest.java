package io.strato.controller.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.strato.cloud.CloudException;
import io.strato.cloud.aws.AwsClients;
import io.strato.cloud.aws.ec2.AwsRoutes;
import io.strato.cloud.route.Route;
import io.strato.testsupport.MotoServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Given nodes on a mock Kubernetes API and instances on moto, the route tables end up with the
 * right routes and the nodes say so in their NetworkUnavailable condition.
 */
@EnableKubernetesMockClient(crud = true)
class RouteReconcilerScenarioTest {

  private static final Logger LOG = Logger.getLogger(RouteReconcilerScenarioTest.class);
  private static final String CLUSTER = "scenario";
  private static final String ZONE = "us-east-1a";

  static KubernetesClient client;

  private final MotoServer moto = MotoServer.shared();
  private AwsClients clients;
  private RouteNetwork network;
  private ClusterNodes nodes;
  private RouteReconciler reconciler;
  private List<String> instances;
  private String tableA;
  private String tableB;

  @BeforeEach
  void cluster() {
    moto.reset();
    clients = moto.clients();
    network = RouteNetwork.create(clients.ec2(), CLUSTER);
    tableA = network.tagged().get(0);
    tableB = network.tagged().get(1);
    nodes = new ClusterNodes(client);
    nodes.deleteAll();
    AwsRoutes routes = new AwsRoutes(clients);
    reconciler =
        new RouteReconciler(
            CLUSTER,
            Optional.of("100.64.0.0/16"),
            routes,
            routes::disableSourceDestChecks,
            client,
            nodes::list);
    instances = network.runInstances(3);
    for (int i = 0; i < 3; i++) {
      nodes.register("node-" + i, ZONE, instances.get(i), "100.64." + i + ".0/24");
    }
  }

  @AfterEach
  void close() {
    clients.close();
  }

  private Map<String, Long> reconcileCounting() {
    clients.metrics().reset();
    reconciler.reconcile(RouteReconciler.KEY);
    Map<String, Long> calls = clients.metrics().snapshot();
    LOG.infof("AWS calls: %s", calls);
    return calls;
  }

  private List<Route> expectedRoutes(String table, int... nodeIndexes) {
    List<Route> out = new ArrayList<>();
    for (int i : nodeIndexes) {
      out.add(new Route(table, "100.64." + i + ".0/24", instances.get(i)));
    }
    return out;
  }

  @Test
  void firstSyncRoutesEveryNodeInBothTablesThenAResyncOnlyReads() {
    Map<String, Long> first = reconcileCounting();

    for (String table : network.tagged()) {
      assertThat(network.instanceRoutesOf(table))
          .containsExactlyInAnyOrderElementsOf(expectedRoutes(table, 0, 1, 2));
    }
    assertThat(network.routesOf(network.untagged()))
        .allSatisfy(r -> assertThat(r.gatewayId()).isEqualTo("local"));
    for (String instance : instances) {
      assertThat(network.sourceDestCheck(instance)).as(instance).isFalse();
    }
    for (int i = 0; i < 3; i++) {
      NodeCondition condition = nodes.condition("node-" + i, "NetworkUnavailable");
      assertThat(condition.getStatus()).isEqualTo("False");
      assertThat(condition.getReason()).isEqualTo("RouteCreated");
      assertThat(condition.getMessage()).contains(tableA, tableB);
      assertThat(condition.getLastTransitionTime()).isNotBlank();
      // the kubelet's own condition is still there: the patch touched only ours
      assertThat(nodes.condition("node-" + i, "Ready").getStatus()).isEqualTo("True");
    }
    assertThat(first)
        .containsEntry("Ec2:DescribeRouteTables", 2L)
        .containsEntry("Ec2:CreateRoute", 6L)
        .containsEntry("Ec2:DescribeInstances", 1L)
        .containsEntry("Ec2:ModifyInstanceAttribute", 3L);

    String versionBefore = nodes.get("node-0").getMetadata().getResourceVersion();
    Map<String, Long> resync = reconcileCounting();

    assertThat(resync)
        .isEqualTo(Map.of("Ec2:DescribeRouteTables", 2L, "Ec2:DescribeInstances", 1L));
    assertThat(nodes.get("node-0").getMetadata().getResourceVersion()).isEqualTo(versionBefore);
  }

  @Test
  void aDeletedNodesRoutesGoFromBothTablesAndForeignRoutesStay() {
    String igw = clients.ec2().createInternetGateway(r -> {}).internetGateway().internetGatewayId();
    clients.ec2().attachInternetGateway(r -> r.internetGatewayId(igw).vpcId(network.vpcId()));
    clients
        .ec2()
        .createRoute(r -> r.routeTableId(tableA).destinationCidrBlock("0.0.0.0/0").gatewayId(igw));
    String vpn = network.runInstances(1).get(0);
    clients
        .ec2()
        .createRoute(
            r -> r.routeTableId(tableB).destinationCidrBlock("10.99.0.0/16").instanceId(vpn));
    clients
        .ec2()
        .createRoute(
            r ->
                r.routeTableId(network.untagged())
                    .destinationCidrBlock("100.64.2.0/24")
                    .instanceId(instances.get(2)));
    reconciler.reconcile(RouteReconciler.KEY);

    nodes.delete("node-2");
    Map<String, Long> calls = reconcileCounting();

    assertThat(network.instanceRoutesOf(tableA))
        .containsExactlyInAnyOrderElementsOf(expectedRoutes(tableA, 0, 1));
    List<Route> expectedB = new ArrayList<>(expectedRoutes(tableB, 0, 1));
    expectedB.add(new Route(tableB, "10.99.0.0/16", vpn));
    assertThat(network.instanceRoutesOf(tableB)).containsExactlyInAnyOrderElementsOf(expectedB);
    assertThat(network.routesOf(tableA)).anySatisfy(r -> assertThat(r.gatewayId()).isEqualTo(igw));
    assertThat(network.instanceRoutesOf(network.untagged()))
        .containsExactly(new Route(network.untagged(), "100.64.2.0/24", instances.get(2)));
    assertThat(calls).containsEntry("Ec2:DeleteRoute", 2L).doesNotContainKey("Ec2:CreateRoute");
  }

  @Test
  void aReplacedInstanceGetsTheRouteInBothTables() {
    reconciler.reconcile(RouteReconciler.KEY);
    String replacement = network.runInstances(1).get(0);

    nodes.moveToInstance("node-1", ZONE, replacement);
    Map<String, Long> calls = reconcileCounting();

    for (String table : network.tagged()) {
      assertThat(network.instanceRoutesOf(table))
          .contains(new Route(table, "100.64.1.0/24", replacement))
          .doesNotContain(new Route(table, "100.64.1.0/24", instances.get(1)))
          .hasSize(3);
    }
    assertThat(network.sourceDestCheck(replacement)).isFalse();
    assertThat(nodes.condition("node-1", "NetworkUnavailable").getStatus()).isEqualTo("False");
    assertThat(calls)
        .containsEntry("Ec2:ReplaceRoute", 2L)
        .containsEntry("Ec2:ModifyInstanceAttribute", 1L)
        .doesNotContainKey("Ec2:DeleteRoute");
  }

  @Test
  void aNodeWhoseRouteFailsIsNetworkUnavailableAndTheOthersAreNot() {
    nodes.register("ghost", ZONE, "i-0000000000000dead", "100.64.9.0/24");

    assertThatThrownBy(() -> reconciler.reconcile(RouteReconciler.KEY))
        .isInstanceOf(CloudException.class);

    NodeCondition ghost = nodes.condition("ghost", "NetworkUnavailable");
    assertThat(ghost.getStatus()).isEqualTo("True");
    assertThat(ghost.getReason()).isEqualTo("NoRouteCreated");
    assertThat(ghost.getMessage()).contains("100.64.9.0/24", "NotFound");
    assertThat(client.v1().events().inNamespace("default").list().getItems())
        .anySatisfy(
            e -> {
              assertThat(e.getReason()).isEqualTo("FailedToCreateRoute");
              assertThat(e.getType()).isEqualTo("Warning");
              assertThat(e.getInvolvedObject().getName()).isEqualTo("ghost");
            });
    assertThat(nodes.condition("node-0", "NetworkUnavailable").getStatus()).isEqualTo("False");
    assertThat(network.instanceRoutesOf(tableA)).hasSize(3);
  }

  @Test
  void aNodeWithoutProviderIdOrPodCidrIsLeftAloneUntilItHasThem() {
    nodes.register("joining", ZONE, null, "100.64.7.0/24");
    nodes.register("no-cidr", ZONE, instances.get(0));

    reconciler.reconcile(RouteReconciler.KEY);

    assertThat(nodes.condition("joining", "NetworkUnavailable")).isNull();
    assertThat(nodes.condition("no-cidr", "NetworkUnavailable")).isNull();
    assertThat(network.instanceRoutesOf(tableA)).hasSize(3);
  }
}
