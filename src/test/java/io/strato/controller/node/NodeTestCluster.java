package io.strato.controller.node;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.UUID;

/**
 * Nodes as a kubelet registers them, on the Fabric8 mock API server, and what users see of them.
 */
final class NodeTestCluster {

  private final KubernetesClient client;

  NodeTestCluster(KubernetesClient client) {
    this.client = client;
  }

  /** A node the kubelet just registered with {@code --cloud-provider=external}. */
  Node registerUninitialized(String name, String providerId) {
    NodeBuilder node =
        new NodeBuilder()
            .withNewMetadata()
            .withName(name)
            .withUid(UUID.randomUUID().toString())
            .endMetadata()
            .withNewSpec()
            .addNewTaint()
            .withKey(NodeFacts.UNINITIALIZED_TAINT)
            .withValue("true")
            .withEffect("NoSchedule")
            .endTaint()
            .endSpec();
    if (providerId != null) {
      node.editSpec().withProviderID(providerId).endSpec();
    }
    return client.nodes().resource(node.build()).create();
  }

  /** An initialised node, as the node controller left it. */
  Node registerInitialized(String name, String providerId, boolean ready) {
    Node node =
        new NodeBuilder()
            .withNewMetadata()
            .withName(name)
            .withUid(UUID.randomUUID().toString())
            .endMetadata()
            .withNewSpec()
            .withProviderID(providerId)
            .endSpec()
            .build();
    client.nodes().resource(node).create();
    return setReady(name, ready);
  }

  /** What the kubelet (or, when it stops posting, the node lifecycle controller) reports. */
  Node setReady(String name, boolean ready) {
    Node node = get(name);
    Node changed =
        new NodeBuilder(node)
            .editOrNewStatus()
            .withConditions(
                new NodeConditionBuilder()
                    .withType("Ready")
                    .withStatus(ready ? "True" : "Unknown")
                    .withReason(ready ? "KubeletReady" : "NodeStatusUnknown")
                    .build())
            .endStatus()
            .build();
    return client.nodes().resource(changed).updateStatus();
  }

  Node get(String name) {
    return client.nodes().withName(name).get();
  }

  List<String> taintKeys(String name) {
    return NodeFacts.taints(get(name)).stream().map(Taint::getKey).toList();
  }

  List<Event> eventsAbout(String nodeName) {
    return client.v1().events().inNamespace(NodeEvents.NAMESPACE).list().getItems().stream()
        .filter(e -> nodeName.equals(e.getInvolvedObject().getName()))
        .toList();
  }

  List<String> eventReasons(String nodeName) {
    return eventsAbout(nodeName).stream().map(Event::getReason).toList();
  }
}
