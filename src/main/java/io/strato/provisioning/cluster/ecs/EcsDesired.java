package io.strato.provisioning.cluster.ecs;

import io.strato.cloud.aws.ecs.ServiceScaling;
import io.strato.cloud.aws.ecs.TaskDefinitionSpec;
import io.strato.provisioning.cluster.ClusterContext;
import io.strato.provisioning.cluster.ClusterSpecDto.ContainerDto;
import io.strato.provisioning.cluster.ClusterSpecDto.EcsServiceDto;
import io.strato.provisioning.cluster.ClusterSpecDto.ServiceScalingDto;
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

  /** Instances of the node groups join the cluster through the ECS agent's config file. */
  static String userData(String ecsCluster) {
    return "#!/bin/bash\necho ECS_CLUSTER=" + ecsCluster + " >> /etc/ecs/ecs.config\n";
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
