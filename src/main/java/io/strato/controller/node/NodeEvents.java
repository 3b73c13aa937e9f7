package io.strato.controller.node;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.strato.controller.KubernetesEvents;
import java.time.Clock;

/**
 * Events about Nodes, where {@code kubectl describe node} shows them (see {@link
 * KubernetesEvents}).
 */
final class NodeEvents {

  /** Events about cluster-scoped objects live in the default namespace, as client-go puts them. */
  static final String NAMESPACE = "default";

  private final KubernetesEvents events;

  NodeEvents(KubernetesClient client, Clock clock) {
    this.events = new KubernetesEvents(client, clock);
  }

  void normal(Node node, String reason, String message) {
    events.normal(node, reason, message);
  }

  void warning(Node node, String reason, String message) {
    events.warning(node, reason, message);
  }
}
