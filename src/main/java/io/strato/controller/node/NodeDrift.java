package io.strato.controller.node;

import io.fabric8.kubernetes.api.model.Node;
import io.strato.cloud.instance.InstanceMetadata;
import io.strato.cloud.instance.NodeAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How an initialised Node differs from what its instance says: the addresses to write (empty when
 * they are right, or when the kubelet's {@code --node-ip} is not the instance's and upstream would
 * refuse to guess), and the labels Strato owns whose values changed or went missing. A pure
 * function of the Node and the instance, so the periodic refresh writes only when this is not
 * {@link #none()}.
 *
 * <p>Labels are compared one by one and only Strato's are written: a label a user or another
 * controller set is never touched, and a value the cloud no longer gives is left, not blanked.
 */
record NodeDrift(Optional<List<NodeAddress>> addresses, Map<String, String> labels) {

  NodeDrift {
    labels = Map.copyOf(labels);
  }

  static NodeDrift between(Node node, InstanceMetadata instance) {
    Optional<List<NodeAddress>> addresses =
        NodeInitialization.addresses(node, instance)
            .filter(desired -> !desired.equals(NodeInitialization.reported(node)));
    Map<String, String> current =
        node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
    Map<String, String> labels = new LinkedHashMap<>();
    NodeInitialization.labels(instance)
        .forEach(
            (key, value) -> {
              if (!value.equals(current.get(key))) {
                labels.put(key, value);
              }
            });
    return new NodeDrift(addresses, labels);
  }

  boolean none() {
    return addresses.isEmpty() && labels.isEmpty();
  }
}
