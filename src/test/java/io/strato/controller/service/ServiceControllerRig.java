package io.strato.controller.service;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.strato.cloud.aws.elb.AwsLoadBalancers;
import io.strato.reconcile.Result;
import io.strato.testsupport.AwsAccount;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The service controller's two reconcilers (a Service's load balancer, and the node sync that keeps
 * every Service's targets) wired as the controller wires them, on the mock API and a fresh moto
 * account ({@link AwsAccount}), driven by the test in its own thread. Shared by the scale benchmark
 * and the call budgets, so both count the same thing.
 */
final class ServiceControllerRig {

  static final String CLUSTER = "c1";
  static final ServiceControllerSettings SETTINGS =
      new ServiceControllerSettings(CLUSTER, "strato.io/nlb", Duration.ofSeconds(1));

  final List<String> instances;
  final ServiceReconciler reconciler;
  final NodeTargetSync nodeSync;

  private ServiceControllerRig(
      List<String> instances, ServiceReconciler reconciler, NodeTargetSync nodeSync) {
    this.instances = instances;
    this.reconciler = reconciler;
    this.nodeSync = nodeSync;
  }

  /** A fresh account with {@code instances} running instances, and reconcilers with no memory. */
  static ServiceControllerRig freshAccount(KubernetesClient client, int instances) {
    List<String> ids = AwsAccount.freshAccountWithInstances(CLUSTER, instances);
    AppliedTargets applied = new AppliedTargets();
    AwsLoadBalancers loadBalancers = new AwsLoadBalancers(AwsAccount.clients());
    return new ServiceControllerRig(
        ids,
        new ServiceReconciler(
            client,
            new ApiServerReads(client),
            loadBalancers,
            SETTINGS,
            Clock.systemUTC(),
            applied,
            () -> {}),
        new NodeTargetSync(
            new ApiServerReads(client),
            loadBalancers,
            SETTINGS,
            applied,
            new ServiceEvents(client, Clock.systemUTC()),
            key -> {}));
  }

  /**
   * Reconciles {@code key} until the engine would stop requeueing (an NLB turns active on a later
   * look); answers the reconciles it took.
   */
  int settle(String key) throws Exception {
    for (int i = 1; i <= 5; i++) {
      Result result = reconciler.reconcile(key);
      if (result.requeue().isEmpty()) {
        return i;
      }
    }
    throw new IllegalStateException(key + " still requeueing");
  }
}
