package io.strato.controller.node;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddressBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.strato.cloud.instance.InstanceMetadata;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

  /** The node with the instance's addresses in its status (nothing else changed). */
  static Node withAddresses(Node node, InstanceMetadata instance) {
    return new NodeBuilder(node)
        .editOrNewStatus()
        .withAddresses(
            instance.addresses().stream()
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
