package io.strato.cloud.aws.ecs;

import java.util.List;
import java.util.Map;

/**
 * What an ECS service should look like.
 *
 * @param taskDefinition a family, family:revision or ARN
 * @param capacityProviders the providers its tasks are spread over, evenly
 * @param loadBalancer the target group its tasks register in, or null
 * @param circuitBreaker whether a failing deployment stops and rolls back
 * @param scalerOwnsCount true when Application Auto Scaling sets the desired count after creation,
 *     so Strato must not put it back
 * @param clientToken makes a retried CreateService return the first one's service
 */
public record ServiceSpec(
    String cluster,
    String name,
    String taskDefinition,
    int desiredCount,
    List<String> capacityProviders,
    LoadBalancerTarget loadBalancer,
    boolean circuitBreaker,
    boolean scalerOwnsCount,
    Map<String, String> tags,
    String clientToken) {

  public ServiceSpec {
    capacityProviders = List.copyOf(capacityProviders);
    tags = Map.copyOf(tags);
  }

  /** The target group and the container port it sends traffic to. */
  public record LoadBalancerTarget(
      String targetGroupArn, String containerName, int containerPort) {}
}
