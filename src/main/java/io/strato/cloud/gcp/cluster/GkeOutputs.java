package io.strato.cloud.gcp.cluster;

import com.google.container.v1.Cluster;
import com.google.container.v1.NodePool;
import com.google.container.v1.NodePoolAutoscaling;
import io.strato.cloud.cluster.ClusterOutputs;
import io.strato.cloud.cluster.ClusterOutputs.NodeGroupOutput;
import java.util.List;

/** A GKE cluster as served in {@code status.outputs}. */
final class GkeOutputs {

  static final String TYPE = "gke";

  private GkeOutputs() {}

  static ClusterOutputs of(Cluster c) {
    List<NodeGroupOutput> pools = c.getNodePoolsList().stream().map(GkeOutputs::pool).toList();
    return new ClusterOutputs(
        TYPE,
        blankToNull(c.getSelfLink()),
        c.getStatus().name(),
        blankToNull(c.getCurrentMasterVersion()),
        c.getEndpoint().isEmpty() ? null : "https://" + c.getEndpoint(),
        blankToNull(c.getMasterAuth().getClusterCaCertificate()),
        null,
        null,
        pools);
  }

  /** Before GKE has described the cluster (just asked to create it). */
  static ClusterOutputs creating(String selfLinkOrName) {
    return new ClusterOutputs(
        TYPE, selfLinkOrName, "PROVISIONING", null, null, null, null, null, null);
  }

  /**
   * Sizes count per zone, as GKE does, except total autoscaling bounds. GKE's node pool shows no
   * live node count, so {@code instances} stays null and {@code desiredSize} is the size Strato set
   * (fixed pools) or the creation size (autoscaled pools).
   */
  private static NodeGroupOutput pool(NodePool p) {
    NodePoolAutoscaling a = p.getAutoscaling();
    int desired = a.getEnabled() ? p.getInitialNodeCount() : GkeChangePlan.recordedSize(p);
    int min = desired;
    int max = desired;
    if (a.getEnabled()) {
      boolean total = a.getTotalMaxNodeCount() > 0;
      min = total ? a.getTotalMinNodeCount() : a.getMinNodeCount();
      max = total ? a.getTotalMaxNodeCount() : a.getMaxNodeCount();
    }
    return new NodeGroupOutput(
        p.getName(), p.getName(), p.getStatus().name(), min, max, desired, null);
  }

  private static String blankToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
