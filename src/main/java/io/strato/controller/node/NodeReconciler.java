package io.strato.controller.node;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.strato.cloud.instance.InstanceMetadata;
import io.strato.reconcile.Reconciler;
import io.strato.reconcile.Result;
import java.time.Duration;
import java.util.Optional;

/**
 * Reconciles one Node by name: an uninitialized node is initialised first; an initialised one is
 * checked against its instance's life, then corrected if the last refresh found it drifted. Reads
 * the Node fresh from the API server, so its writes carry a current resourceVersion.
 */
public final class NodeReconciler implements Reconciler<String> {

  private final KubernetesClient client;
  private final NodeInitializer initializer;
  private final NodeLifecycle lifecycle;
  private final InstanceLookups lookups;
  private final NodeRefresh refresh;
  private final Duration notFoundRetry;

  NodeReconciler(
      KubernetesClient client,
      NodeInitializer initializer,
      NodeLifecycle lifecycle,
      InstanceLookups lookups,
      NodeRefresh refresh,
      Duration notFoundRetry) {
    this.client = client;
    this.initializer = initializer;
    this.lifecycle = lifecycle;
    this.lookups = lookups;
    this.refresh = refresh;
    this.notFoundRetry = notFoundRetry;
  }

  @Override
  public Result reconcile(String name) {
    Node node = read(name);
    if (node == null) {
      lookups.forget(name);
      refresh.forget(name);
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
    NodeLifecycle.Outcome outcome = lifecycle.check(node);
    if (outcome == NodeLifecycle.Outcome.DELETED) {
      lookups.forget(name);
      refresh.forget(name);
      return Result.done();
    }
    Optional<InstanceMetadata> seen = refresh.seen(name);
    if (seen.isPresent()) {
      // The lifecycle check may have just written the node: correct the current version.
      Node current = outcome == NodeLifecycle.Outcome.UNCHANGED ? node : read(name);
      if (current != null) {
        refresh.correct(current, seen.get());
      }
      refresh.done(name, seen.get());
    }
    return Result.done();
  }

  private Node read(String name) {
    return client.nodes().withName(name).get();
  }
}
