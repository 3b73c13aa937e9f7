package io.strato.controller.route;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.strato.controller.KubernetesEvents;
import java.time.Clock;

/**
 * Warning events on a Node whose route could not be created, with the reason Kubernetes' own route
 * controller uses ({@code FailedToCreateRoute}), so that {@code kubectl describe node} and alerts
 * written for kube-controller-manager keep working. Best effort: a failed event is only logged.
 */
final class RouteEvents {

  static final String FAILED_TO_CREATE_ROUTE = "FailedToCreateRoute";

  private final KubernetesEvents events;

  RouteEvents(KubernetesClient client, Clock clock) {
    this.events = new KubernetesEvents(client, clock);
  }

  void failedToCreateRoute(Node node, String message) {
    events.warning(node, FAILED_TO_CREATE_ROUTE, message);
  }
}
