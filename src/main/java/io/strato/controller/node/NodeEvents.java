package io.strato.controller.node;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import org.jboss.logging.Logger;

/**
 * Writes core/v1 Events about Nodes, where {@code kubectl describe node} shows them.
 *
 * <p>A repeated event (a node whose instance stays missing is retried every few seconds) is counted
 * on one Event object instead of writing a new one each time, as client-go's event correlator does:
 * the name is derived from node UID, reason and message, and a second create finds it taken and
 * bumps its count. Events are best-effort: a failure to write one is logged, never fails the
 * reconcile.
 */
final class NodeEvents {

  static final String COMPONENT = "strato-cloud-controller-manager";

  /** Events about cluster-scoped objects live in the default namespace, as client-go puts them. */
  static final String NAMESPACE = "default";

  private static final Logger LOG = Logger.getLogger(NodeEvents.class);

  private final KubernetesClient client;
  private final Clock clock;

  NodeEvents(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  void normal(Node node, String reason, String message) {
    emit(node, "Normal", reason, message);
  }

  void warning(Node node, String reason, String message) {
    emit(node, "Warning", reason, message);
  }

  private void emit(Node node, String type, String reason, String message) {
    String now =
        DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(ChronoUnit.SECONDS));
    String name = NodeFacts.name(node) + "." + digest(node.getMetadata().getUid(), reason, message);
    Event event =
        new EventBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(NAMESPACE)
            .endMetadata()
            .withInvolvedObject(
                new ObjectReferenceBuilder()
                    .withApiVersion("v1")
                    .withKind("Node")
                    .withName(NodeFacts.name(node))
                    .withUid(node.getMetadata().getUid())
                    .build())
            .withType(type)
            .withReason(reason)
            .withMessage(message)
            .withNewSource()
            .withComponent(COMPONENT)
            .endSource()
            .withReportingComponent(COMPONENT)
            .withFirstTimestamp(now)
            .withLastTimestamp(now)
            .withCount(1)
            .build();
    try {
      try {
        client.v1().events().inNamespace(NAMESPACE).resource(event).create();
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          throw e;
        }
        Event seen = client.v1().events().inNamespace(NAMESPACE).withName(name).get();
        if (seen == null) {
          return;
        }
        seen.setCount(seen.getCount() == null ? 2 : seen.getCount() + 1);
        seen.setLastTimestamp(now);
        client.v1().events().inNamespace(NAMESPACE).resource(seen).update();
      }
    } catch (KubernetesClientException e) {
      LOG.warnf(
          "node %s: could not record event %s: %s", NodeFacts.name(node), reason, e.getMessage());
    }
  }

  private static String digest(String... parts) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (String part : parts) {
        sha.update(String.valueOf(part).getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
      }
      return HexFormat.of().formatHex(sha.digest(), 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
