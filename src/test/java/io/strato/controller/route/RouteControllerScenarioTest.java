package io.strato.controller.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.strato.cloud.aws.AwsClients;
import io.strato.cloud.aws.ec2.AwsRoutes;
import io.strato.cloud.route.Route;
import io.strato.reconcile.Backoff;
import io.strato.testsupport.MotoServer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The controller wired the way the CCM wires it: a node informer on the mock API feeds events, the
 * informer's cache is the node list. A node joining gets its routes without any polling, and node
 * updates that change no route cost no cloud call.
 */
@EnableKubernetesMockClient(crud = true)
class RouteControllerScenarioTest {

  private static final String CLUSTER = "wired";

  static KubernetesClient client;

  private final MotoServer moto = MotoServer.shared();
  private final AwsClients clients = moto.clients();
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private SharedIndexInformer<Node> informer;
  private RouteController controller;

  @AfterEach
  void stop() {
    if (controller != null) {
      controller.close();
    }
    if (informer != null) {
      informer.close();
    }
    scheduler.shutdownNow();
    clients.close();
  }

  @Test
  void aJoiningNodeIsRoutedFromItsEventsAloneAndOtherUpdatesCostNothing() {
    moto.reset();
    RouteNetwork network = RouteNetwork.create(clients.ec2(), CLUSTER);
    ClusterNodes nodes = new ClusterNodes(client);
    nodes.deleteAll();
    List<String> instances = network.runInstances(2);
    nodes.register("node-0", "us-east-1a", instances.get(0), "100.64.0.0/24");

    AwsRoutes routes = new AwsRoutes(clients);
    informer = client.nodes().runnableInformer(0);
    RouteReconciler reconciler =
        new RouteReconciler(
            CLUSTER,
            Optional.of("100.64.0.0/16"),
            routes,
            routes::disableSourceDestChecks,
            client,
            informer.getStore()::list);
    controller =
        new RouteController(
            reconciler,
            new Backoff(Duration.ofMillis(50), Duration.ofSeconds(1)),
            scheduler,
            new SimpleMeterRegistry());
    informer.addEventHandler(
        new ResourceEventHandler<>() {
          @Override
          public void onAdd(Node node) {
            controller.onNodeEvent(node);
          }

          @Override
          public void onUpdate(Node before, Node node) {
            controller.onNodeEvent(node);
          }

          @Override
          public void onDelete(Node node, boolean finalStateUnknown) {
            controller.onNodeDeleted(node);
          }
        });
    informer.run();
    controller.start();

    String tableA = network.tagged().get(0);
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(network.instanceRoutesOf(tableA))
                    .containsExactly(new Route(tableA, "100.64.0.0/24", instances.get(0))));

    // The kubelet registers first; the node controller sets the providerID later.
    nodes.register("node-1", "us-east-1a", null, "100.64.1.0/24");
    client
        .nodes()
        .withName("node-1")
        .edit(
            n -> {
              n.getSpec().setProviderID("aws:///us-east-1a/" + instances.get(1));
              return n;
            });
    for (String table : network.tagged()) {
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () ->
                  assertThat(network.instanceRoutesOf(table))
                      .contains(new Route(table, "100.64.1.0/24", instances.get(1))));
    }
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(nodes.condition("node-1", "NetworkUnavailable").getReason())
                    .isEqualTo("RouteCreated"));

    // Let anything our own condition writes could cause settle, then update the node in ways
    // that change no route (labels here; kubelet status reports alike).
    await().pollDelay(Duration.ofMillis(500)).until(() -> true);
    clients.metrics().reset();
    for (int beat = 0; beat < 5; beat++) {
      client
          .nodes()
          .withName("node-0")
          .edit(
              n -> {
                n.getMetadata().getLabels().put("heartbeat", "" + System.nanoTime());
                return n;
              });
    }
    await().pollDelay(Duration.ofMillis(500)).until(() -> true);
    assertThat(clients.metrics().total()).isZero();
  }
}
