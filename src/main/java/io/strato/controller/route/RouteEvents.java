package io.strato.controller.route;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import org.jboss.logging.Logger;

/**
 * Warning events on a Node whose route could not be created, with the reason Kubernetes' own route
 * controller uses ({@code FailedToCreateRoute}), so that {@code kubectl describe node} and alerts
 * written for kube-controller-manager keep working. Best effort: a failed event is only logged.
 */
final class RouteEvents {

  static final String FAILED_TO_CREATE_ROUTE = "FailedToCreateRoute";

  /** Node events live in {@code default}, as the kubelet's do: a Node has no namespace. */
  private static final String NAMESPACE = "default";

  private static final Logger LOG = Logger.getLogger(RouteEvents.class);

  private final KubernetesClient client;
  private final Clock clock;

  RouteEvents(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  void failedToCreateRoute(Node node, String message) {
    Instant now = Instant.now(clock);
    String name = node.getMetadata().getName();
    String time = DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.SECONDS));
    try {
      client
          .v1()
          .events()
          .inNamespace(NAMESPACE)
          .resource(
              new EventBuilder()
                  .withNewMetadata()
                  .withName(name + "." + Long.toHexString(now.toEpochMilli() * 1_000_000L))
                  .withNamespace(NAMESPACE)
                  .endMetadata()
                  .withNewInvolvedObject()
                  .withApiVersion("v1")
                  .withKind("Node")
                  .withName(name)
                  // kubelet and kube-controller-manager use the node name as the UID of node events
                  .withUid(name)
                  .endInvolvedObject()
                  .withType("Warning")
                  .withReason(FAILED_TO_CREATE_ROUTE)
                  .withMessage(message)
                  .withNewSource()
                  .withComponent("route_controller")
                  .endSource()
                  .withReportingComponent("strato.io/route-controller")
                  .withFirstTimestamp(time)
                  .withLastTimestamp(time)
                  .withCount(1)
                  .build())
          .create();
    } catch (KubernetesClientException e) {
      LOG.warnf(e, "recording event %s on node %s failed", FAILED_TO_CREATE_ROUTE, name);
    }
  }
}
