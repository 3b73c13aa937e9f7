package io.strato.controller.node;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.strato.cloud.instance.InstanceMetadata;
import io.strato.cloud.instance.NodeAddress;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Initialises a Node the kubelet registered with the uninitialized taint: providerID, zone, region
 * and instance-type labels, addresses, then the taint off so pods can land.
 */
final class NodeInitializer {

  enum Outcome {
    INITIALIZED,
    INSTANCE_NOT_FOUND,
    NODE_IP_NOT_FOUND,
    NOT_NEEDED
  }

  private static final Logger LOG = Logger.getLogger(NodeInitializer.class);

  private final KubernetesClient client;
  private final InstanceLookups lookups;
  private final NodeEvents events;

  NodeInitializer(KubernetesClient client, InstanceLookups lookups, NodeEvents events) {
    this.client = client;
    this.lookups = lookups;
    this.events = events;
  }

  /**
   * Writes the addresses first (through the status subresource, the only way they reach a real API
   * server), then labels, providerID and the taint removal in one update. Removing the taint last
   * means no pod is scheduled onto a node that lacks its addresses or zone; a crash between the two
   * writes leaves the taint on, and the next reconcile repeats both harmlessly. Both writes carry
   * the resourceVersion just read, so a concurrent change by the kubelet is a conflict that the
   * engine retries, never a lost update.
   */
  Outcome initialize(Node node) {
    if (!NodeFacts.uninitialized(node)) {
      return Outcome.NOT_NEEDED;
    }
    String name = NodeFacts.name(node);
    Optional<InstanceMetadata> found = lookups.find(NodeFacts.ref(node));
    if (found.isEmpty() || found.get().state().leaving()) {
      LOG.infof("node %s: no live instance found, leaving it uninitialized", name);
      events.warning(
          node,
          "InstanceNotFound",
          "No live EC2 instance matches this node (providerID, private DNS name or internal IP);"
              + " it stays tainted "
              + NodeFacts.UNINITIALIZED_TAINT
              + " until one does");
      return Outcome.INSTANCE_NOT_FOUND;
    }
    InstanceMetadata instance = found.get();
    Optional<List<NodeAddress>> addresses = NodeInitialization.addresses(node, instance);
    if (addresses.isEmpty()) {
      events.warning(
          node,
          "NodeIPNotFound",
          "The kubelet's --node-ip "
              + String.join(",", NodeFacts.providedNodeIps(node))
              + " is not an address of EC2 instance "
              + instance.instanceId()
              + "; the node stays uninitialized");
      return Outcome.NODE_IP_NOT_FOUND;
    }
    Node withAddresses =
        client
            .nodes()
            .resource(NodeInitialization.withAddresses(node, addresses.get()))
            .updateStatus();
    client.nodes().resource(NodeInitialization.initialized(withAddresses, instance)).update();
    LOG.infof(
        "node %s: initialized as %s (%s, %s)",
        name, instance.providerId(), instance.instanceType(), instance.zone());
    return Outcome.INITIALIZED;
  }
}
