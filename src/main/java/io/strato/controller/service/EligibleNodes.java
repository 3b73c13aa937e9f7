package io.strato.controller.service;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Taint;
import io.strato.cloud.loadbalancer.Target;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which nodes receive a Service's traffic, as instance targets: the Kubernetes service controller's
 * stable node set since 1.27 (KEP-3458, {@code stableNodeSetPredicates} in {@code
 * k8s.io/cloud-provider/controllers/service}), narrowed by {@code -target-node-labels} as
 * cloud-provider-aws narrows it, over nodes with an AWS providerID.
 *
 * <p>Readiness is deliberately not a rule: a NotReady node stays registered and the NLB's health
 * check decides whether it gets traffic. Deregistering on NotReady turned every kubelet or
 * API-server hiccup (a whole zone going NotReady at once) into register and deregister calls over
 * every target group, and could empty a load balancer whose instances were serving fine.
 */
public final class EligibleNodes {

  public static final String EXCLUDE_LABEL =
      "node.kubernetes.io/exclude-from-external-load-balancers";

  /** The taint the cluster autoscaler puts on a node it is about to delete. */
  public static final String TO_BE_DELETED_TAINT = "ToBeDeletedByClusterAutoscaler";

  /**
   * What Go's {@code strconv.ParseBool}, which upstream applies to the exclusion label, reads as
   * false.
   */
  private static final Set<String> GO_FALSE = Set.of("0", "f", "F", "false", "FALSE", "False");

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
    Map<String, String> labels = labels(node);
    return node.getMetadata().getDeletionTimestamp() == null
        && included(labels)
        && !toBeDeleted(node)
        && carries(labels, requiredLabels);
  }

  /**
   * Upstream's {@code nodeIncludedPredicate}: the exclusion label excludes unless its value parses
   * as false; any other value, the empty one included, excludes.
   */
  private static boolean included(Map<String, String> labels) {
    String value = labels.get(EXCLUDE_LABEL);
    return value == null || GO_FALSE.contains(value);
  }

  /** Upstream's {@code nodeUnTaintedPredicate}: the taint's effect does not matter. */
  static boolean toBeDeleted(Node node) {
    if (node.getSpec() == null || node.getSpec().getTaints() == null) {
      return false;
    }
    for (Taint taint : node.getSpec().getTaints()) {
      if (TO_BE_DELETED_TAINT.equals(taint.getKey())) {
        return true;
      }
    }
    return false;
  }

  /**
   * Every required label is present, with the required value; an empty required value (a bare key
   * or {@code key=} in the annotation) asks only for presence, as cloud-provider-aws's {@code
   * filterTargetNodes} reads it.
   */
  private static boolean carries(Map<String, String> labels, Map<String, String> required) {
    for (Map.Entry<String, String> want : required.entrySet()) {
      String have = labels.get(want.getKey());
      if (have == null || (!want.getValue().isEmpty() && !want.getValue().equals(have))) {
        return false;
      }
    }
    return true;
  }

  private static Map<String, String> labels(Node node) {
    Map<String, String> labels = node.getMetadata().getLabels();
    return labels == null ? Map.of() : labels;
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
