package io.strato.controller.route;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.strato.cloud.ChangeOutcome;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a node's {@code NetworkUnavailable} condition, the way Kubernetes' own route controller
 * reports: False with reason {@code RouteCreated} once its routes exist, True with {@code
 * NoRouteCreated} while they do not (True also keeps the {@code node.kubernetes.io/network-
 * unavailable} taint on, so no pod lands where its traffic cannot arrive).
 *
 * <p>Conditions live in status, so the write goes to the {@code status} subresource. It is a JSON
 * Patch that touches only this one condition and first tests that the index still holds it: the
 * kubelet rewrites its own conditions concurrently, and a full replace would either lose its update
 * or fail on every heartbeat. (A strategic merge patch keyed by type is what
 * kube-controller-manager sends; JSON Patch is equally precise and also works on the Fabric8 mock
 * server.)
 */
final class NetworkCondition {

  static final String TYPE = "NetworkUnavailable";
  static final String ROUTE_CREATED = "RouteCreated";
  static final String NO_ROUTE_CREATED = "NoRouteCreated";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final KubernetesClient client;
  private final Clock clock;

  NetworkCondition(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  /**
   * Writes the condition unless the node already shows exactly it. The node may come from an
   * informer cache, which lags behind our own last write; so before writing, the node is read
   * fresh, or a second reconcile right after the first could add the condition twice.
   */
  ChangeOutcome ensure(Node cached, boolean routed, String message) {
    String status = routed ? "False" : "True";
    String reason = routed ? ROUTE_CREATED : NO_ROUTE_CREATED;
    if (current(cached, status, reason, message) == Wanted.SHOWN) {
      return ChangeOutcome.UNCHANGED;
    }
    Node node = client.nodes().withName(cached.getMetadata().getName()).get();
    if (node == null) {
      return ChangeOutcome.UNCHANGED; // deleted meanwhile: nothing left to report on
    }
    if (current(node, status, reason, message) == Wanted.SHOWN) {
      return ChangeOutcome.UNCHANGED;
    }
    return write(node, status, reason, message);
  }

  private enum Wanted {
    SHOWN,
    MISSING
  }

  private static Wanted current(Node node, String status, String reason, String message) {
    NodeCondition c =
        node.getStatus() == null || node.getStatus().getConditions() == null
            ? null
            : node.getStatus().getConditions().stream()
                .filter(x -> TYPE.equals(x.getType()))
                .findFirst()
                .orElse(null);
    return c != null
            && status.equals(c.getStatus())
            && reason.equals(c.getReason())
            && message.equals(c.getMessage())
        ? Wanted.SHOWN
        : Wanted.MISSING;
  }

  private ChangeOutcome write(Node node, String status, String reason, String message) {
    List<NodeCondition> conditions =
        node.getStatus() == null || node.getStatus().getConditions() == null
            ? null
            : node.getStatus().getConditions();
    int index = -1;
    for (int i = 0; conditions != null && i < conditions.size(); i++) {
      if (index < 0 && TYPE.equals(conditions.get(i).getType())) {
        index = i;
      }
    }
    NodeCondition current = index < 0 ? null : conditions.get(index);
    String now =
        DateTimeFormatter.ISO_INSTANT.format(Instant.now(clock).truncatedTo(ChronoUnit.SECONDS));
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("type", TYPE);
    value.put("status", status);
    value.put("reason", reason);
    value.put("message", message);
    value.put("lastHeartbeatTime", now);
    value.put(
        "lastTransitionTime",
        current != null
                && status.equals(current.getStatus())
                && current.getLastTransitionTime() != null
            ? current.getLastTransitionTime()
            : now);
    List<Map<String, Object>> ops = new ArrayList<>();
    if (current != null) {
      String path = "/status/conditions/" + index;
      ops.add(Map.of("op", "test", "path", path + "/type", "value", TYPE));
      ops.add(Map.of("op", "replace", "path", path, "value", value));
    } else if (conditions != null) {
      ops.add(Map.of("op", "add", "path", "/status/conditions/-", "value", value));
    } else if (node.getStatus() != null) {
      ops.add(Map.of("op", "add", "path", "/status/conditions", "value", List.of(value)));
    } else {
      ops.add(
          Map.of("op", "add", "path", "/status", "value", Map.of("conditions", List.of(value))));
    }
    try {
      client
          .nodes()
          .withName(node.getMetadata().getName())
          .subresource("status")
          .patch(PatchContext.of(PatchType.JSON), toJson(ops));
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        return ChangeOutcome.UNCHANGED; // deleted meanwhile: nothing left to report on
      }
      throw e;
    }
    return current == null ? ChangeOutcome.CREATED : ChangeOutcome.UPDATED;
  }

  private static String toJson(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
