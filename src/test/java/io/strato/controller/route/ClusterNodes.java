package io.strato.controller.route;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;

/** Nodes on the Fabric8 mock API server, the way a kubelet registers them. */
final class ClusterNodes {

  private final KubernetesClient client;

  ClusterNodes(KubernetesClient client) {
    this.client = client;
  }

  Node register(String name, String zone, String instanceId, String... podCidrs) {
    Node node =
        new NodeBuilder()
            .withNewMetadata()
            .withName(name)
            .endMetadata()
            .withNewSpec()
            .withProviderID(instanceId == null ? null : "aws:///" + zone + "/" + instanceId)
            .withPodCIDRs(podCidrs)
            .withPodCIDR(podCidrs.length == 0 ? null : podCidrs[0])
            .endSpec()
            .withNewStatus()
            .addNewCondition()
            .withType("Ready")
            .withStatus("True")
            .withReason("KubeletReady")
            .endCondition()
            .endStatus()
            .build();
    return client.nodes().resource(node).create();
  }

  /** A node whose instance was replaced: the same name and pod CIDR on a new instance. */
  Node moveToInstance(String name, String zone, String instanceId) {
    return client
        .nodes()
        .withName(name)
        .edit(
            n -> {
              n.getSpec().setProviderID("aws:///" + zone + "/" + instanceId);
              return n;
            });
  }

  void delete(String name) {
    client.nodes().withName(name).delete();
  }

  void deleteAll() {
    client.nodes().delete();
  }

  List<Node> list() {
    return client.nodes().list().getItems();
  }

  Node get(String name) {
    return client.nodes().withName(name).get();
  }

  NodeCondition condition(String name, String type) {
    return get(name).getStatus().getConditions().stream()
        .filter(c -> type.equals(c.getType()))
        .findFirst()
        .orElse(null);
  }
}
