package io.strato.controller.node;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.strato.cloud.instance.InstanceMetadata;
import io.strato.cloud.instance.InstanceState;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * What cloud-provider's node lifecycle controller does: a NotReady node whose instance is gone is
 * deleted, one whose instance is stopped is tainted as shut down, and the taint comes off when the
 * node is Ready again. A Ready node costs no cloud call.
 */
final class NodeLifecycle {

  enum Outcome {
    DELETED,
    TAINTED,
    UNTAINTED,
    UNCHANGED
  }

  private static final Logger LOG = Logger.getLogger(NodeLifecycle.class);

  private final KubernetesClient client;
  private final InstanceLookups lookups;
  private final NodeEvents events;
  private final String providerIdPrefix;

  /**
   * @param providerIdPrefix the providerIDs this cloud answers for ({@code aws://}); a node of
   *     another provider (a Fargate or on-premises node in a hybrid cluster) is never ours to
   *     delete
   */
  NodeLifecycle(
      KubernetesClient client,
      InstanceLookups lookups,
      NodeEvents events,
      String providerIdPrefix) {
    this.client = client;
    this.lookups = lookups;
    this.events = events;
    this.providerIdPrefix = providerIdPrefix;
  }

  Outcome check(Node node) {
    String name = NodeFacts.name(node);
    if (NodeFacts.ready(node)) {
      return NodeFacts.shutdownTainted(node) ? untaint(node) : Outcome.UNCHANGED;
    }
    if (!NodeFacts.hasProviderId(node, providerIdPrefix)) {
      // Without a providerID, "not found by name" may only mean the node's name is no private DNS
      // name; the initializer reports that. Deleting on it would remove a healthy node.
      return Outcome.UNCHANGED;
    }
    Optional<InstanceMetadata> instance = lookups.find(NodeFacts.ref(node));
    Verdict verdict = verdict(instance.map(InstanceMetadata::state));
    if (verdict == Verdict.DELETE) {
      String why =
          instance
              .map(i -> "its instance " + i.instanceId() + " is " + i.state())
              .orElse("its instance no longer exists");
      LOG.infof("node %s: deleting, %s", name, why);
      events.normal(node, "DeletingNode", "Deleting node " + name + " because " + why);
      // The resourceVersion precondition makes the delete fail if the node changed since we read
      // it (say, it re-registered under the same name), rather than removing a node we never saw.
      client
          .nodes()
          .withName(name)
          .lockResourceVersion(node.getMetadata().getResourceVersion())
          .delete();
      return Outcome.DELETED;
    }
    if (verdict == Verdict.SHUT_DOWN && !NodeFacts.shutdownTainted(node)) {
      List<Taint> taints = new ArrayList<>(NodeFacts.taints(node));
      taints.add(
          new TaintBuilder().withKey(NodeFacts.SHUTDOWN_TAINT).withEffect("NoSchedule").build());
      client.nodes().resource(withTaints(node, taints)).update();
      LOG.infof(
          "node %s: instance %s is %s, tainted",
          name, instance.get().instanceId(), instance.get().state());
      return Outcome.TAINTED;
    }
    return Outcome.UNCHANGED;
  }

  /**
   * What a NotReady node's instance state means, in cloud-provider's order: shut down is asked
   * first (a stopped instance keeps its Node, tainted), then existence (only a terminated or
   * unlisted instance loses its Node). Every other state (pending, running, stopping,
   * shutting-down) leaves the Node as it is until the next check sees a settled state.
   */
  static Verdict verdict(Optional<InstanceState> state) {
    if (state.isEmpty() || state.get().gone()) {
      return Verdict.DELETE;
    }
    return state.get().shutdown() ? Verdict.SHUT_DOWN : Verdict.KEEP;
  }

  enum Verdict {
    DELETE,
    SHUT_DOWN,
    KEEP
  }

  private Outcome untaint(Node node) {
    List<Taint> kept =
        NodeFacts.taints(node).stream()
            .filter(t -> !NodeFacts.SHUTDOWN_TAINT.equals(t.getKey()))
            .toList();
    client.nodes().resource(withTaints(node, kept)).update();
    LOG.infof("node %s: Ready again, shutdown taint removed", NodeFacts.name(node));
    return Outcome.UNTAINTED;
  }

  private static Node withTaints(Node node, List<Taint> taints) {
    return new NodeBuilder(node).editOrNewSpec().withTaints(taints).endSpec().build();
  }
}
