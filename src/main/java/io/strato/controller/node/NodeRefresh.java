package io.strato.controller.node;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.strato.cloud.instance.InstanceMetadata;
import io.strato.cloud.instance.Instances;
import io.strato.cloud.instance.NodeRef;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The periodic address and label refresh (cloud-provider's UpdateNodeStatus, every 5 minutes
 * there): an instance's addresses change when an ENI or a public IP comes or goes, its type when it
 * is resized while stopped, and a label a user removed should come back.
 *
 * <p>One pass looks up every initialised node of this cloud in one batched {@link
 * Instances#lookup}, compares each with its instance ({@link NodeDrift}) and hands only the nodes
 * that drifted to the work queue, with the instance it saw. The worker then writes, so a Node is
 * never written by two threads at once, and a cluster whose nodes are all as they should be costs
 * that one describe and no write. Upstream queues every node each period instead.
 */
final class NodeRefresh {

  private static final Logger LOG = Logger.getLogger(NodeRefresh.class);

  private final KubernetesClient client;
  private final Instances instances;
  private final String providerIdPrefix;
  private final Map<String, InstanceMetadata> seen = new ConcurrentHashMap<>();

  NodeRefresh(KubernetesClient client, Instances instances, String providerIdPrefix) {
    this.client = client;
    this.instances = instances;
    this.providerIdPrefix = providerIdPrefix;
  }

  /**
   * Looks up the initialised nodes of this cloud among {@code nodes} and returns the names of those
   * that differ from their instance; each keeps its instance for {@link #seen}. Uninitialised nodes
   * are the initializer's, and a node whose instance is not found is the lifecycle check's.
   */
  List<String> drifted(Collection<Node> nodes) {
    List<NodeRef> refs = new ArrayList<>();
    Map<String, Node> byName = new HashMap<>();
    for (Node node : nodes) {
      if (!NodeFacts.uninitialized(node) && NodeFacts.hasProviderId(node, providerIdPrefix)) {
        refs.add(NodeFacts.ref(node));
        byName.put(NodeFacts.name(node), node);
      }
    }
    if (refs.isEmpty()) {
      return List.of();
    }
    Map<String, InstanceMetadata> found = instances.lookup(refs);
    List<String> drifted = new ArrayList<>();
    found.forEach(
        (name, instance) -> {
          Node node = byName.get(name);
          if (node != null && !instance.state().leaving()) {
            if (!NodeDrift.between(node, instance).none()) {
              seen.put(name, instance);
              drifted.add(name);
            }
          }
        });
    LOG.debugf("node refresh: %d nodes looked up, %d drifted", refs.size(), drifted.size());
    return drifted;
  }

  /** The instance the last pass saw for a node it found drifted, until {@link #done}. */
  Optional<InstanceMetadata> seen(String nodeName) {
    return Optional.ofNullable(seen.get(nodeName));
  }

  /**
   * The node was corrected from this answer. Kept until then, so a write that failed (a conflict)
   * is retried with it; a newer pass's answer is not dropped.
   */
  void done(String nodeName, InstanceMetadata instance) {
    seen.remove(nodeName, instance);
  }

  /**
   * Writes what still differs between the Node as read now and the instance the pass saw: addresses
   * through the status, labels through the object, each with the resourceVersion just read, so a
   * concurrent kubelet write is a conflict the engine retries rather than a lost update.
   *
   * @return whether anything was written
   */
  boolean correct(Node node, InstanceMetadata instance) {
    NodeDrift drift = NodeDrift.between(node, instance);
    if (drift.none()) {
      return false;
    }
    Node current = node;
    if (drift.addresses().isPresent()) {
      current =
          client
              .nodes()
              .resource(NodeInitialization.withAddresses(current, drift.addresses().get()))
              .updateStatus();
    }
    if (!drift.labels().isEmpty()) {
      client
          .nodes()
          .resource(
              new NodeBuilder(current)
                  .editMetadata()
                  .addToLabels(drift.labels())
                  .endMetadata()
                  .build())
          .update();
    }
    LOG.infof(
        "node %s: refreshed from instance %s (addresses %s, labels %s)",
        NodeFacts.name(node),
        instance.instanceId(),
        drift.addresses().map(Object::toString).orElse("unchanged"),
        drift.labels());
    return true;
  }

  void forget(String nodeName) {
    seen.remove(nodeName);
  }
}
