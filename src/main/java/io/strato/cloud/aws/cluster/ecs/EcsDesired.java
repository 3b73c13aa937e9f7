package io.strato.cloud.aws.cluster.ecs;

import io.strato.cloud.aws.ecs.ServiceScaling;
import io.strato.cloud.aws.ecs.TaskDefinitionSpec;
import io.strato.cloud.cluster.ClusterContext;
import io.strato.cloud.cluster.ClusterNodeGroups;
import io.strato.cloud.cluster.ClusterSpecDto.ClusterNodeGroupDto;
import io.strato.cloud.cluster.ClusterSpecDto.ContainerDto;
import io.strato.cloud.cluster.ClusterSpecDto.EcsServiceDto;
import io.strato.cloud.cluster.ClusterSpecDto.ServiceScalingDto;
import io.strato.cloud.nodegroup.LaunchSpec;
import io.strato.cloud.nodegroup.NodeGroupSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The pure "compute desired" step of an ECS cluster, every default applied here. */
final class EcsDesired {

  static final int DEFAULT_CPU = 256;
  static final int DEFAULT_MEMORY = 512;

  private EcsDesired() {}

  /** The user's tags, then the owner's, so no user tag can disown a resource. */
  static Map<String, String> tags(ClusterContext cluster) {
    Map<String, String> tags = new LinkedHashMap<>();
    if (cluster.spec().tags() != null) {
      tags.putAll(cluster.spec().tags());
    }
    tags.putAll(cluster.owner().tags());
    return tags;
  }

  static boolean containerInsights(ClusterContext cluster) {
    return cluster.spec().ecs() != null
        && Boolean.TRUE.equals(cluster.spec().ecs().containerInsights());
  }

  static List<EcsServiceDto> services(ClusterContext cluster) {
    return cluster.spec().ecs() == null || cluster.spec().ecs().services() == null
        ? List.of()
        : cluster.spec().ecs().services();
  }

  /**
   * The Auto Scaling group of one node group as ECS capacity: instances join the cluster through
   * the agent's config (kept in the user's own user data too), and once the group exists its
   * desired capacity is ECS's: managed scaling moves it to fit the tasks, and writing the spec's
   * number back on every poll would undo that. The spec's number is only the capacity the group
   * starts with.
   *
   * @param exists whether the group already exists
   */
  static NodeGroupSpec capacityGroup(
      ClusterContext cluster, ClusterNodeGroupDto ng, String ecsCluster, boolean exists) {
    String userData = EcsUserData.merged(ecsCluster, ng.userData());
    NodeGroupSpec s = ClusterNodeGroups.toNodeGroupSpec(cluster, ng, userData);
    // toNodeGroupSpec keeps a node group's own user data as given: the merged one replaces it.
    LaunchSpec l = s.launch();
    return new NodeGroupSpec(
        s.name(),
        new LaunchSpec(
            l.imageId(),
            l.instanceType(),
            userData,
            l.securityGroupIds(),
            l.keyName(),
            l.instanceProfile(),
            l.metadataHopLimit()),
        s.subnetIds(),
        s.minSize(),
        s.maxSize(),
        exists ? null : s.desiredCapacity(),
        s.scalingPolicy(),
        s.labels(),
        s.taints(),
        s.tags(),
        // No termination hook: ECS drains a container instance on Strato's request, before the
        // termination (see CapacityRollout), rather than the node draining itself.
        new NodeGroupSpec.Replacement(ClusterNodeGroups.rollout(ng), null, null));
  }

  static TaskDefinitionSpec taskDefinition(String ecsCluster, EcsServiceDto service) {
    ContainerDto c = service.container();
    return new TaskDefinitionSpec(
        EcsNames.family(ecsCluster, service.name()),
        c.name(),
        c.image(),
        c.cpu() == null ? DEFAULT_CPU : c.cpu(),
        c.memory() == null ? DEFAULT_MEMORY : c.memory(),
        c.port(),
        c.environment());
  }

  static boolean circuitBreaker(EcsServiceDto service) {
    return service.circuitBreaker() == null || service.circuitBreaker();
  }

  static ServiceScaling.Desired scaling(ServiceScalingDto s) {
    if (s == null) {
      return null;
    }
    String metric =
        "memory".equalsIgnoreCase(s.metric())
            ? "ECSServiceAverageMemoryUtilization"
            : "ECSServiceAverageCPUUtilization";
    return new ServiceScaling.Desired(s.minCount(), s.maxCount(), metric, s.target());
  }
}
