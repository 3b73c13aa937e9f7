package io.strato.cloud.aws.cluster.eks;

import io.strato.cloud.Ownership;
import io.strato.cloud.aws.eks.EksNodegroups;
import io.strato.cloud.aws.eks.ObservedNodegroup;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A cluster's node groups as seen once in a reconcile. Looked at lazily, on first use, since it
 * costs a call per node group, and then shared by the steps that need it (the control plane asks
 * whether node groups lag behind before it upgrades, the node group step diffs them).
 */
final class NodegroupSnapshot {

  private final EksNodegroups nodegroups;
  private final String cluster;
  private Map<String, ObservedNodegroup> observed;

  NodegroupSnapshot(EksNodegroups nodegroups, String cluster) {
    this.nodegroups = nodegroups;
    this.cluster = cluster;
  }

  /** Every node group of the cluster by EKS name, Strato's or not. */
  Map<String, ObservedNodegroup> all() {
    if (observed == null) {
      Map<String, ObservedNodegroup> found = new LinkedHashMap<>();
      for (String name : nodegroups.names(cluster)) {
        nodegroups.find(cluster, name).ifPresent(ng -> found.put(name, ng));
      }
      observed = found;
    }
    return observed;
  }

  /** Strato's node groups whose kubelets run an older minor version than {@code version}. */
  List<String> behind(Ownership owner, String version) {
    return all().values().stream()
        .filter(ng -> owner.owns(ng.tags()))
        .filter(ng -> isOlder(ng.version(), version))
        .map(ObservedNodegroup::name)
        .toList();
  }

  static boolean isOlder(String version, String than) {
    if (version == null || than == null) {
      return false;
    }
    return KubernetesVersion.parse(version).compareTo(KubernetesVersion.parse(than)) < 0;
  }
}
