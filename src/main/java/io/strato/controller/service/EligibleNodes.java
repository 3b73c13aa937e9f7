package io.strato.controller.service;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.strato.cloud.loadbalancer.Target;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Which nodes receive a Service's traffic, as instance targets: Ready nodes with an AWS providerID,
 * without the exclusion label, carrying every label of {@code -target-node-labels}.
 */
public final class EligibleNodes {

  public static final String EXCLUDE_LABEL =
      "node.kubernetes.io/exclude-from-external-load-balancers";

  private EligibleNodes() {}

  /** The instance targets among {@code nodes}, sorted so equal sets compare equal. */
  public static List<Target> targets(List<Node> nodes, Map<String, String> requiredLabels) {
    TreeSet<String> ids = new TreeSet<>();
    for (Node node : nodes) {
      if (eligible(node, requiredLabels)) {
        instanceId(node.getSpec() == null ? null : node.getSpec().getProviderID())
            .ifPresent(ids::add);
      }
    }
    return ids.stream().map(Target::new).toList();
  }

  static boolean eligible(Node node, Map<String, String> requiredLabels) {
    Map<String, String> labels = node.getMetadata().getLabels();
    labels = labels == null ? Map.of() : labels;
    if (labels.containsKey(EXCLUDE_LABEL)) {
      return false;
    }
    for (Map.Entry<String, String> required : requiredLabels.entrySet()) {
      if (!required.getValue().equals(labels.get(required.getKey()))) {
        return false;
      }
    }
    return ready(node);
  }

  static boolean ready(Node node) {
    if (node.getStatus() == null || node.getStatus().getConditions() == null) {
      return false;
    }
    for (NodeCondition c : node.getStatus().getConditions()) {
      if ("Ready".equals(c.getType())) {
        return "True".equals(c.getStatus());
      }
    }
    return false;
  }

  /**
   * The instance ID of an {@code aws:///<zone>/<instance-id>} providerID (also the older {@code
   * aws:///<instance-id>} and {@code aws://<zone>/<instance-id>} forms): the last path segment when
   * it looks like an instance ID.
   */
  public static Optional<String> instanceId(String providerId) {
    if (providerId == null || !providerId.startsWith("aws://")) {
      return Optional.empty();
    }
    String last = providerId.substring(providerId.lastIndexOf('/') + 1);
    return last.matches("i-[0-9a-f]{8,17}") ? Optional.of(last) : Optional.empty();
  }
}
