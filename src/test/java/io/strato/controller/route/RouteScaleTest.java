package io.strato.controller.route;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.strato.cloud.aws.AwsClients;
import io.strato.cloud.aws.ec2.AwsRoutes;
import io.strato.testsupport.MotoServer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What one node joining a 50-node cluster costs: the same handful of calls as for a small one. */
@EnableKubernetesMockClient(crud = true)
class RouteScaleTest {

  private static final Logger LOG = Logger.getLogger(RouteScaleTest.class);
  private static final String CLUSTER = "scale";

  static KubernetesClient client;

  private final MotoServer moto = MotoServer.shared();
  private final AwsClients clients = moto.clients();

  @AfterEach
  void close() {
    clients.close();
  }

  @Test
  void oneNodeJoiningAFiftyNodeClusterCostsAConstantNumberOfCalls() {
    moto.reset();
    RouteNetwork network = RouteNetwork.create(clients.ec2(), CLUSTER);
    ClusterNodes nodes = new ClusterNodes(client);
    AwsRoutes routes = new AwsRoutes(clients);
    RouteReconciler reconciler =
        new RouteReconciler(
            CLUSTER,
            Optional.of("100.64.0.0/16"),
            routes,
            routes::disableSourceDestChecks,
            client,
            nodes::list);
    List<String> instances = network.runInstances(51);
    for (int i = 0; i < 50; i++) {
      nodes.register("node-" + i, "us-east-1a", instances.get(i), "100.64." + i + ".0/24");
    }
    clients.metrics().reset();
    reconciler.reconcile(RouteReconciler.KEY);
    LOG.infof("first sync of 50 nodes: %s", clients.metrics().snapshot());

    nodes.register("node-50", "us-east-1a", instances.get(50), "100.64.50.0/24");
    clients.metrics().reset();
    reconciler.reconcile(RouteReconciler.KEY);
    Map<String, Long> join = clients.metrics().snapshot();
    LOG.infof("node 51 joins: %s", join);

    assertThat(join)
        .isEqualTo(
            Map.of(
                "Ec2:DescribeRouteTables", 2L,
                "Ec2:CreateRoute", 2L,
                "Ec2:DescribeInstances", 1L,
                "Ec2:ModifyInstanceAttribute", 1L));
    for (String table : network.tagged()) {
      assertThat(network.instanceRoutesOf(table)).hasSize(51);
    }
    assertThat(nodes.condition("node-50", "NetworkUnavailable").getStatus()).isEqualTo("False");
  }
}
