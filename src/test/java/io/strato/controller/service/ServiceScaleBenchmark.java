package io.strato.controller.service;

import static io.strato.controller.service.Manifests.node;
import static io.strato.controller.service.Manifests.port;
import static io.strato.controller.service.Manifests.service;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.strato.bench.Figures;
import io.strato.testsupport.AwsAccount;
import io.strato.testsupport.MockApi;
import org.junit.jupiter.api.Test;

/**
 * The service controller's reconcilers at scale, on the Fabric8 mock API (CRUD mode) and moto:
 * calls for a node joining many load-balanced Services, calls of an idle resync, and the cost of
 * one Service change with few or many Services in the API.
 */
@EnableKubernetesMockClient(crud = true)
class ServiceScaleBenchmark {

  static KubernetesClient client;

  private ServiceControllerRig rig;

  private void freshAccount() {
    rig = ServiceControllerRig.freshAccount(client, 3);
  }

  @Test
  void nodeJoiningTwoHundredServices() throws Exception {
    freshAccount();
    client.nodes().resource(node("n1", rig.instances.get(0))).create();
    client.nodes().resource(node("n2", rig.instances.get(1))).create();
    int services = 200;
    long t = System.nanoTime();
    for (int i = 0; i < services; i++) {
      client
          .services()
          .inNamespace("join")
          .resource(service("join", "svc" + i, port("http", 80, 30000 + i)))
          .create();
      settle("join/svc" + i);
    }
    Figures.line(
        "ccm    %d LoadBalancer Services (1 port) to Ready, one at a time: %.1f s, %d AWS calls"
            + " (%.1f per Service) %s",
        services,
        (System.nanoTime() - t) / 1e9,
        AwsAccount.totalCalls(),
        AwsAccount.totalCalls() / (double) services,
        AwsAccount.calls());

    AwsAccount.resetCalls();
    rig.nodeSync.reconcile(NodeTargetSync.KEY);
    Figures.line(
        "ccm    node sync with nothing moved, %d Services: %d AWS calls (target 0)",
        services, AwsAccount.totalCalls());

    AwsAccount.resetCalls();
    t = System.nanoTime();
    for (int i = 0; i < services; i++) {
      rig.reconciler.reconcile("join/svc" + i);
    }
    Figures.line(
        "ccm    full resync (every Service reconciled once, nothing changed), %d Services: %d AWS"
            + " calls in %.1f s %s",
        services, AwsAccount.totalCalls(), (System.nanoTime() - t) / 1e9, AwsAccount.calls());

    client.nodes().resource(node("n3", rig.instances.get(2))).create();
    AwsAccount.resetCalls();
    t = System.nanoTime();
    rig.nodeSync.reconcile(NodeTargetSync.KEY);
    long calls = AwsAccount.totalCalls();
    // Minimum: one RegisterTargets per target group, i.e. one per Service port; nothing to read,
    // since the groups and the targets already applied are remembered from the last ensure.
    Figures.line(
        "calls  node joining %d Services (CCM)       %3d  minimum %3d  over %+3d  target(min+2) %s"
            + "  (%.2f s)  %s",
        services,
        calls,
        services,
        calls - services,
        calls <= services + 2 ? "met" : "MISSED",
        (System.nanoTime() - t) / 1e9,
        AwsAccount.calls());
  }

  @Test
  void oneServiceChangeWithFewOrManyServices() throws Exception {
    // The mock API is shared by the class's tests: start without their Services and nodes.
    MockApi.removeServicesAndNodes(client);
    freshAccount();
    client.nodes().resource(node("m1", rig.instances.get(0))).create();
    measureChange("few", 5);
    measureChange("many", 5000);
  }

  /**
   * Fills a namespace with {@code others} Services (ClusterIP: they cost no AWS to set up, but the
   * node sync and any list-based code walk them), then changes one load-balanced Service (a second
   * port) and times the reconcile that follows, and a node sync.
   */
  private void measureChange(String ns, int others) throws Exception {
    for (int i = 0; i < others - 1; i++) {
      client.services().inNamespace(ns).resource(clusterIp(ns, "other" + i)).create();
    }
    client
        .services()
        .inNamespace(ns)
        .resource(service(ns, "web", port("http", 80, 31080)))
        .create();
    settle(ns + "/web");
    client
        .services()
        .inNamespace(ns)
        .withName("web")
        .edit(
            s -> {
              s.getSpec().getPorts().add(port("https", 443, 31443));
              return s;
            });
    AwsAccount.resetCalls();
    long t = System.nanoTime();
    int reconciles = settle(ns + "/web");
    double seconds = (System.nanoTime() - t) / 1e9;
    long calls = AwsAccount.totalCalls();
    var breakdown = AwsAccount.calls();
    AwsAccount.resetCalls();
    long s = System.nanoTime();
    rig.nodeSync.reconcile(NodeTargetSync.KEY);
    double sync = (System.nanoTime() - s) / 1e9;
    int total = client.services().inAnyNamespace().list().getItems().size();
    Figures.line(
        "scale  one Service change (port added) with %d Services in the API: %d AWS calls, %.0f ms"
            + " (%d reconciles); node sync over them %.0f ms, %d calls  %s",
        total, calls, seconds * 1000, reconciles, sync * 1000, AwsAccount.totalCalls(), breakdown);
  }

  private static Service clusterIp(String ns, String name) {
    return new ServiceBuilder()
        .withNewMetadata()
        .withNamespace(ns)
        .withName(name)
        .withUid("uid-" + ns + "-" + name)
        .endMetadata()
        .withNewSpec()
        .withType("ClusterIP")
        .withPorts(port("http", 80, 0))
        .endSpec()
        .build();
  }

  private int settle(String key) throws Exception {
    return rig.settle(key);
  }
}
