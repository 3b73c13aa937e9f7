package io.strato.controller.node;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddressBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.strato.cloud.instance.InstanceMetadata;
import io.strato.cloud.instance.NodeAddress;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** What an initialised Node looks like, given the Node the kubelet registered and its instance. */
final class NodeInitialization {

  static final String ZONE = "topology.kubernetes.io/zone";
  static final String REGION = "topology.kubernetes.io/region";
  static final String INSTANCE_TYPE = "node.kubernetes.io/instance-type";

  /**
   * cloud-provider-aws's zone-ID label: zone names map to different physical zones per account, IDs
   * do not, so cross-account topology (shared subnets, RAM) and tools like Karpenter select on it.
   */
  static final String ZONE_ID = "topology.k8s.aws/zone-id";

  private static final String HOSTNAME = "Hostname";

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
    put(labels, instance.zoneId(), ZONE_ID);
    return labels;
  }

  /**
   * The addresses the node should report, as cloud-provider's node controller computes them
   * (updateNodeAddress with GetNodeAddressesFromNodeIP):
   *
   * <ul>
   *   <li>the instance's addresses, in its order (consumers take the first InternalIP as the
   *       node's);
   *   <li>if they hold no Hostname, the Hostname the kubelet reported is kept;
   *   <li>with the kubelet's {@code --node-ip} (the provided-node-ip annotation, one IP or an
   *       IPv4,IPv6 pair), each given IP goes first and is the only address of its type: a node
   *       with a second ENI reports only the InternalIP its kubelet serves on, never the other one.
   *       Addresses of other types (ExternalIP, InternalDNS, Hostname, ExternalDNS) follow.
   * </ul>
   *
   * Empty when a given IP is not the instance's at all: cloud-provider refuses such a node too,
   * rather than advertise addresses the kubelet does not serve on. An instance without any address
   * leaves the node's as they are (upstream skips such an answer too): it must not wipe them.
   */
  static Optional<List<NodeAddress>> addresses(Node node, InstanceMetadata instance) {
    List<NodeAddress> all = new ArrayList<>(instance.addresses());
    if (all.isEmpty()) {
      return Optional.of(reported(node));
    }
    if (all.stream().noneMatch(a -> HOSTNAME.equals(a.type()))) {
      reported(node).stream().filter(a -> HOSTNAME.equals(a.type())).forEach(all::add);
    }
    List<String> provided = NodeFacts.providedNodeIps(node);
    if (provided.isEmpty()) {
      return Optional.of(List.copyOf(all));
    }
    List<NodeAddress> ordered = new ArrayList<>();
    Set<String> enforcedTypes = new HashSet<>();
    for (String ip : provided) {
      List<NodeAddress> matching = all.stream().filter(a -> sameIp(a.address(), ip)).toList();
      if (matching.isEmpty()) {
        return Optional.empty();
      }
      matching.forEach(a -> enforcedTypes.add(a.type()));
      ordered.addAll(matching);
    }
    all.stream().filter(a -> !enforcedTypes.contains(a.type())).forEach(ordered::add);
    return Optional.of(List.copyOf(ordered));
  }

  /** The addresses the node reports now, as the SPI's records, in their order. */
  static List<NodeAddress> reported(Node node) {
    if (node.getStatus() == null || node.getStatus().getAddresses() == null) {
      return List.of();
    }
    return node.getStatus().getAddresses().stream()
        .map(a -> new NodeAddress(a.getType(), a.getAddress()))
        .toList();
  }

  /**
   * IPv6 has many spellings of one address ({@code 2001:db8::1}, {@code 2001:0db8:0:0::1});
   * comparing them parsed is what upstream's net.ParseIP does. Only literals containing a colon are
   * parsed, which InetAddress never resolves through DNS.
   */
  private static boolean sameIp(String a, String b) {
    if (a.equals(b)) {
      return true;
    }
    if (!a.contains(":") || !b.contains(":")) {
      return false;
    }
    try {
      return InetAddress.getByName(a).equals(InetAddress.getByName(b));
    } catch (UnknownHostException e) {
      return false;
    }
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
