package io.strato.cloud.inventory;

import io.strato.cloud.Deletion;
import java.util.List;

/**
 * The cloud side of the sweeper: lists what might be left behind and deletes lone groups. Load
 * balancers are deleted through {@link io.strato.cloud.loadbalancer.LoadBalancers#ensureDeleted},
 * which knows their dependency order.
 */
public interface ClusterInventory {

  /** Resources that might belong to the cluster, with their tags. */
  record Listing(
      List<TaggedResource> loadBalancers,
      List<TaggedResource> targetGroups,
      List<TaggedResource> securityGroups) {}

  /**
   * Every load balancer; the target groups no load balancer uses; the security groups tagged as
   * Strato's for this cluster.
   */
  Listing list(String clusterId);

  /** Absent is success; {@link Deletion#IN_PROGRESS} when AWS still counts it in use. */
  Deletion deleteTargetGroup(TaggedResource targetGroup);

  /** Absent is success; {@link Deletion#IN_PROGRESS} when AWS still counts it in use. */
  Deletion deleteSecurityGroup(TaggedResource securityGroup);
}
