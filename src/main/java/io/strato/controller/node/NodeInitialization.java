package io.strato.controller.node;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddressBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.strato.cloud.instance.InstanceMetadata;
import io.strato.cloud.instance.NodeAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What an initialised Node looks like, given the Node the kubelet registered and its instance. */
final class NodeInitialization {

  static final String ZONE = "topology.kubernetes.io/zone";
  static final String REGION = "topology.kubernetes.io/region";
  static final String INSTANCE_TYPE = "node.kubernetes.io/instance-type";

  /*
   * The beta labels were deprecated in Kubernetes 1.17 but the upstream cloud-provider node
   * controller still writes them, and things still select on them: PersistentVolumes provisioned
   * by the in-tree EBS plugin carry node affinity on failure-domain.beta.kubernetes.io/zone, and
   * older cluster-autoscaler, CSI drivers and user manifests match beta.kubernetes.io/instance-type.
   * A cluster swapping its CCM for Strato must not lose them.
   */
  static final String LEGACY_ZONE = "failure-domain.beta.kubernetes.io/zone";
  static final String LEGACY_REGION = "failure-domain.beta.kubernetes.io/region";
  static final String LEGACY_INSTANCE_TYPE = "beta.kubernetes.io/instance-type";

  private NodeInitialization() {}

  /** The labels the instance gives the node (absent values are left out, not blanked). */
  static Map<String, String> labels(InstanceMetadata instance) {
    Map<String, String> labels = new LinkedHashMap<>();
    put(labels, instance.zone(), ZONE, LEGACY_ZONE);
    put(labels, instance.region(), REGION, LEGACY_REGION);
    put(labels, instance.instanceType(), INSTANCE_TYPE, LEGACY_INSTANCE_TYPE);
    return labels;
  }

  /**
   * The addresses the node should report: the instance's, in its order, except that an IP the
   * kubelet was given with {@code --node-ip} (the provided-node-ip annotation) goes first, since
   * consumers take the first InternalIP as the node's. Empty when that IP is not the instance's at
   * all: cloud-provider refuses such a node too, rather than advertise addresses the kubelet does
   * not serve on.
   */
  static Optional<List<NodeAddress>> addresses(Node node, InstanceMetadata instance) {
    List<NodeAddress> all = instance.addresses();
    Optional<String> provided = NodeFacts.providedNodeIp(node);
    if (provided.isEmpty()) {
      return Optional.of(all);
    }
    String ip = provided.get();
    if (all.stream().noneMatch(a -> a.address().equals(ip))) {
      return Optional.empty();
    }
    List<NodeAddress> ordered = new ArrayList<>();
    all.stream().filter(a -> a.address().equals(ip)).forEach(ordered::add);
    all.stream().filter(a -> !a.address().equals(ip)).forEach(ordered::add);
    return Optional.of(ordered);
  }

  /** The node with these addresses in its status (nothing else changed). */
  static Node withAddresses(Node node, List<NodeAddress> addresses) {
    return new NodeBuilder(node)
        .editOrNewStatus()
        .withAddresses(
            addresses.stream()
                .map(
                    a ->
                        new NodeAddressBuilder()
                            .withType(a.type())
                            .withAddress(a.address())
                            .build())
                .toList())
        .endStatus()
        .build();
  }

  /**
   * The node with providerID (only if it had none: it is immutable once set), the zone, region and
   * instance-type labels, and without the uninitialized taint.
   */
  static Node initialized(Node node, InstanceMetadata instance) {
    NodeBuilder out =
        new NodeBuilder(node).editMetadata().addToLabels(labels(instance)).endMetadata();
    out.editOrNewSpec()
        .withTaints(
            NodeFacts.taints(node).stream()
                .filter(t -> !NodeFacts.UNINITIALIZED_TAINT.equals(t.getKey()))
                .toList())
        .endSpec();
    if (NodeFacts.providerId(node) == null) {
      out.editSpec().withProviderID(instance.providerId()).endSpec();
    }
    return out.build();
  }

  private static void put(Map<String, String> labels, String value, String... keys) {
    if (value != null && !value.isBlank()) {
      for (String key : List.of(keys)) {
        labels.put(key, value);
      }
    }
  }
}
