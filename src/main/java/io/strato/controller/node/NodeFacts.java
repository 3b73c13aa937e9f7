package io.strato.controller.node;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Taint;
import io.strato.cloud.instance.NodeRef;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What the node controller reads off a Node: pure functions, no API calls. */
final class NodeFacts {

  /** Set by the kubelet with {@code --cloud-provider=external}; removed once we initialise it. */
  static final String UNINITIALIZED_TAINT = "node.cloudprovider.kubernetes.io/uninitialized";

  /** Marks a node whose instance is stopped and may come back (cloud-provider's ShutdownTaint). */
  static final String SHUTDOWN_TAINT = "node.cloudprovider.kubernetes.io/shutdown";

  /** The IP the kubelet was told with {@code --node-ip} when a cloud provider is external. */
  static final String PROVIDED_NODE_IP = "alpha.kubernetes.io/provided-node-ip";

  private NodeFacts() {}

  static String name(Node node) {
    return node.getMetadata().getName();
  }

  static boolean uninitialized(Node node) {
    return hasTaint(node, UNINITIALIZED_TAINT);
  }

  static boolean shutdownTainted(Node node) {
    return hasTaint(node, SHUTDOWN_TAINT);
  }

  static boolean hasTaint(Node node, String key) {
    return taints(node).stream().anyMatch(t -> key.equals(t.getKey()));
  }

  static List<Taint> taints(Node node) {
    return node.getSpec() == null || node.getSpec().getTaints() == null
        ? List.of()
        : node.getSpec().getTaints();
  }

  /** Ready means the Ready condition says True; False, Unknown or no condition is NotReady. */
  static boolean ready(Node node) {
    if (node.getStatus() == null || node.getStatus().getConditions() == null) {
      return false;
    }
    return node.getStatus().getConditions().stream()
        .filter(c -> "Ready".equals(c.getType()))
        .map(NodeCondition::getStatus)
        .anyMatch("True"::equals);
  }

  static String providerId(Node node) {
    String id = node.getSpec() == null ? null : node.getSpec().getProviderID();
    return id == null || id.isBlank() ? null : id;
  }

  /** Whether the node carries a providerID of the given cloud, so its instance is ours to judge. */
  static boolean hasProviderId(Node node, String prefix) {
    String id = providerId(node);
    return id != null && id.startsWith(prefix);
  }

  /** Whether the node waits for the node controller at all. */
  static boolean needsAttention(Node node) {
    return uninitialized(node) || !ready(node) || shutdownTainted(node);
  }

  /**
   * How to find the node's instance. With an external cloud provider the kubelet reports no
   * addresses of its own, so the internal IP comes from the {@code --node-ip} annotation if not
   * from the status.
   */
  static NodeRef ref(Node node) {
    return new NodeRef(name(node), providerId(node), internalIp(node).orElse(null));
  }

  private static Optional<String> internalIp(Node node) {
    if (node.getStatus() != null && node.getStatus().getAddresses() != null) {
      Optional<String> reported =
          node.getStatus().getAddresses().stream()
              .filter(a -> "InternalIP".equals(a.getType()))
              .map(NodeAddress::getAddress)
              .findFirst();
      if (reported.isPresent()) {
        return reported;
      }
    }
    return providedNodeIp(node);
  }

  /** The first IP the kubelet was given with {@code --node-ip}, if any. */
  static Optional<String> providedNodeIp(Node node) {
    return providedNodeIps(node).stream().findFirst();
  }

  /**
   * The IPs the kubelet was given with {@code --node-ip}: one, or an IPv4,IPv6 pair on a dual-stack
   * node (the kubelet writes the annotation only when the flag names IPs, never for {@code 0.0.0.0}
   * or {@code ::}).
   */
  static List<String> providedNodeIps(Node node) {
    Map<String, String> annotations = node.getMetadata().getAnnotations();
    String value = annotations == null ? null : annotations.get(PROVIDED_NODE_IP);
    if (value == null || value.isBlank()) {
      return List.of();
    }
    return Arrays.stream(value.split(",")).map(String::trim).filter(ip -> !ip.isEmpty()).toList();
  }
}
