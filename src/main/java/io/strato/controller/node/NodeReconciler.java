package io.strato.controller.node;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.strato.reconcile.Reconciler;
import io.strato.reconcile.Result;
import java.time.Duration;
import java.util.Optional;

/**
 * Reconciles one Node by name: an uninitialized node is initialised first; an initialised one is
 * checked against its instance's life. Reads the Node fresh from the API server, so its writes
 * carry a current resourceVersion.
 */
public final class NodeReconciler implements Reconciler<String> {

  private final KubernetesClient client;
  private final NodeInitializer initializer;
  private final NodeLifecycle lifecycle;
  private final InstanceLookups lookups;
  private final Duration notFoundRetry;

  NodeReconciler(
      KubernetesClient client,
      NodeInitializer initializer,
      NodeLifecycle lifecycle,
      InstanceLookups lookups,
      Duration notFoundRetry) {
    this.client = client;
    this.initializer = initializer;
    this.lifecycle = lifecycle;
    this.lookups = lookups;
    this.notFoundRetry = notFoundRetry;
  }

  @Override
  public Result reconcile(String name) {
    Node node = client.nodes().withName(name).get();
    if (node == null) {
      lookups.forget(name);
      return Result.done();
    }
    Optional<Duration> gather = lookups.gathering(name);
    if (gather.isPresent()) {
      return Result.after(gather.get());
    }
    if (NodeFacts.uninitialized(node)) {
      NodeInitializer.Outcome outcome = initializer.initialize(node);
      if (outcome == NodeInitializer.Outcome.INSTANCE_NOT_FOUND
          || outcome == NodeInitializer.Outcome.NODE_IP_NOT_FOUND) {
        lookups.expect(NodeFacts.ref(node));
        return Result.after(notFoundRetry);
      }
      // The update fires a Node event; an initialised node that is NotReady comes back through it.
      return Result.done();
    }
    if (lifecycle.check(node) == NodeLifecycle.Outcome.DELETED) {
      lookups.forget(name);
    }
    return Result.done();
  }
}
