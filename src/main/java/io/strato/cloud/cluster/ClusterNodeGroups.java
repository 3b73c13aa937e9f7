package io.strato.cloud.cluster;

import io.strato.cloud.CloudException;
import io.strato.cloud.CloudNames;
import io.strato.cloud.cluster.ClusterSpecDto.ClusterNodeGroupDto;
import io.strato.cloud.nodegroup.NodeGroupDesired;
import io.strato.cloud.nodegroup.NodeGroupSpec;
import io.strato.cloud.nodegroup.NodeGroupSpecDto;
import io.strato.cloud.nodegroup.RolloutPolicy;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a cluster's inline node group into the foundation's node group model, so that self-managed
 * and ECS workers are the same launch template and Auto Scaling group as a standalone node group.
 */
public final class ClusterNodeGroups {

  private ClusterNodeGroups() {}

  /** The Auto Scaling group (and launch template) name of a cluster's node group. */
  public static String cloudName(ClusterContext cluster, String nodeGroup) {
    return CloudNames.nodeGroup(cluster.name() + "-" + nodeGroup, cluster.uid());
  }

  /**
   * @param userData the rendered bootstrap, used unless the node group gives its own
   */
  public static NodeGroupSpec toNodeGroupSpec(
      ClusterContext cluster, ClusterNodeGroupDto ng, String userData) {
    Map<String, String> tags = new LinkedHashMap<>();
    if (cluster.spec().tags() != null) {
      tags.putAll(cluster.spec().tags());
    }
    if (ng.tags() != null) {
      tags.putAll(ng.tags());
    }
    NodeGroupSpecDto dto =
        new NodeGroupSpecDto(
            ng.imageId(),
            ng.instanceType(),
            ng.userData() != null ? ng.userData() : userData,
            ng.securityGroups(),
            ng.keyName(),
            ng.instanceProfile(),
            ng.subnetIds() != null && !ng.subnetIds().isEmpty()
                ? ng.subnetIds()
                : cluster.subnetIds(),
            ng.minSize(),
            ng.maxSize(),
            ng.desiredCapacity(),
            ng.scaling(),
            ng.nodeLabels(),
            ng.nodeTaints(),
            cluster.name(),
            tags);
    return NodeGroupDesired.compute(cloudName(cluster, ng.name()), dto);
  }

  /** The rollout bounds a self-managed or ECS node group asked for, defaults filled in. */
  public static RolloutPolicy rollout(ClusterNodeGroupDto ng) {
    return rollout(ng.rollout(), "nodeGroups[" + ng.name() + "].rollout");
  }

  /**
   * Bounds that cannot hold are a 422 at the REST edge; a stored spec that still has them is the
   * user's to fix, not a failure to retry.
   */
  public static RolloutPolicy rollout(ClusterSpecDto.RolloutDto r, String field) {
    if (r == null) {
      return RolloutPolicy.DEFAULT;
    }
    try {
      return RolloutPolicy.of(r.maxSurge(), r.maxUnavailable());
    } catch (IllegalArgumentException e) {
      throw new CloudException.InvalidRequest(
          "aws", "ReadSpec", "InvalidRollout", field + ": " + e.getMessage(), e);
    }
  }

  /** The node groups of a spec, never null. */
  public static List<ClusterNodeGroupDto> of(ClusterSpecDto spec) {
    return spec.nodeGroups() == null ? List.of() : spec.nodeGroups();
  }
}
