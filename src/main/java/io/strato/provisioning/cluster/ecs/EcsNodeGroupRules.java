package io.strato.provisioning.cluster.ecs;

import io.strato.cloud.cluster.ClusterSpecDto.ClusterNodeGroupDto;
import io.strato.provisioning.validation.Validation;

/** What an ECS cluster's node group must say on top of any Auto Scaling node group's rules. */
public final class EcsNodeGroupRules {

  private EcsNodeGroupRules() {}

  /**
   * @param f the node group's field path, e.g. {@code spec.nodeGroups[0]}
   */
  public static void check(Validation v, ClusterNodeGroupDto ng, String f) {
    // The ECS agent registers the instance with the instance role's credentials
    // (ecs:RegisterContainerInstance, usually AmazonEC2ContainerServiceforEC2Role): without a
    // profile the instances boot and stay outside the cluster, and tasks never place.
    v.check(
        ng.instanceProfile() != null && !ng.instanceProfile().isBlank(),
        f + ".instanceProfile",
        "is required: ECS container instances register with the cluster through their instance"
            + " role");
    // The capacity provider's managed scaling owns the group's size; a second target-tracking
    // policy on the same group would fight it.
    v.check(
        ng.scaling() == null,
        f + ".scaling",
        "does not apply to ECS capacity: the capacity provider's managed scaling sizes the group");
  }
}
