package io.strato.cloud.aws.cluster.selfmanaged;

import io.strato.cloud.aws.ec2.ClusterNetworkTags;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link ClusterNetworkTags#ensure} that skips its two reads (subnets, route tables) on a cluster
 * poll when this process already saw the same cluster's network tagged: the tags only go away by
 * hand or by this cluster's teardown. Only a saving: empty after a restart; a changed name, VPC or
 * subnet list ensures in full; and every so many passes a full ensure puts back a tag removed by
 * hand, the same bound as the API load balancer's.
 */
final class AppliedNetworkTags {

  /** What the last full ensure of one cluster checked, and the passes answered from it since. */
  private record Applied(
      String clusterName,
      String vpcId,
      List<String> subnetIds,
      ClusterNetworkTags.Tagged tagged,
      int reuses) {}

  private final ClusterNetworkTags networkTags;
  private final int maxReuses;
  private final Map<String, Applied> byCluster = new ConcurrentHashMap<>();

  AppliedNetworkTags(ClusterNetworkTags networkTags, int maxReuses) {
    this.networkTags = networkTags;
    this.maxReuses = maxReuses;
  }

  ClusterNetworkTags.Tagged ensure(
      String clusterName, String clusterUid, String vpcId, List<String> subnetIds) {
    Applied last = byCluster.remove(clusterUid);
    if (last != null
        && last.reuses() < maxReuses
        && last.clusterName().equals(clusterName)
        && last.vpcId().equals(vpcId)
        && last.subnetIds().equals(subnetIds)) {
      byCluster.put(
          clusterUid, new Applied(clusterName, vpcId, subnetIds, last.tagged(), last.reuses() + 1));
      ClusterNetworkTags.Tagged t = last.tagged();
      return new ClusterNetworkTags.Tagged(t.subnetIds(), t.routeTableIds(), false);
    }
    ClusterNetworkTags.Tagged tagged =
        networkTags.ensure(clusterName, clusterUid, vpcId, subnetIds);
    byCluster.put(clusterUid, new Applied(clusterName, vpcId, List.copyOf(subnetIds), tagged, 0));
    return tagged;
  }

  /** The cluster is being deleted: its tags are about to go. */
  void forget(String clusterUid) {
    byCluster.remove(clusterUid);
  }
}
