package io.strato.cloud.nodegroup;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What a node group should look like: a launch template and an Auto Scaling group over subnets in
 * several zones.
 *
 * @param name the deterministic cloud name shared by the launch template and the group
 * @param desiredCapacity null leaves the desired capacity to the autoscaler once the group exists
 * @param scalingPolicy a target-tracking policy, or null for none
 * @param labels Kubernetes node labels; advertised to cluster-autoscaler for scale-from-zero
 * @param taints Kubernetes node taints; advertised likewise
 * @param tags the user's extra tags, propagated to instances
 * @param replacement how instances are replaced: rollout bounds, drain hook, health source
 */
public record NodeGroupSpec(
    String name,
    LaunchSpec launch,
    List<String> subnetIds,
    int minSize,
    int maxSize,
    Integer desiredCapacity,
    ScalingPolicySpec scalingPolicy,
    Map<String, String> labels,
    List<Taint> taints,
    Map<String, String> tags,
    Replacement replacement) {

  public NodeGroupSpec {
    replacement = replacement == null ? Replacement.DEFAULT : replacement;
    subnetIds = List.copyOf(subnetIds);
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    taints = taints == null ? List.of() : List.copyOf(taints);
    tags = tags == null ? Map.of() : Map.copyOf(tags);
  }

  /** A group replaced with the default rollout, no drain hook and EC2 health checks. */
  public NodeGroupSpec(
      String name,
      LaunchSpec launch,
      List<String> subnetIds,
      int minSize,
      int maxSize,
      Integer desiredCapacity,
      ScalingPolicySpec scalingPolicy,
      Map<String, String> labels,
      List<Taint> taints,
      Map<String, String> tags) {
    this(
        name,
        launch,
        subnetIds,
        minSize,
        maxSize,
        desiredCapacity,
        scalingPolicy,
        labels,
        taints,
        tags,
        Replacement.DEFAULT);
  }

  /** The same group with other replacement settings. */
  public NodeGroupSpec withReplacement(Replacement replacement) {
    return new NodeGroupSpec(
        name,
        launch,
        subnetIds,
        minSize,
        maxSize,
        desiredCapacity,
        scalingPolicy,
        labels,
        taints,
        tags,
        replacement);
  }

  /**
   * How the group's instances are replaced.
   *
   * @param rollout the surge and unavailability bounds of a rollout (the group's maximum leaves
   *     room for the surge while one runs)
   * @param drainTimeout with a value, a termination lifecycle hook holds each terminating instance
   *     until its node has left the cluster (it completes the hook) or this long has passed; null:
   *     no hook
   * @param loadBalancerHealthGrace with a value, the group replaces instances its load balancer
   *     finds unhealthy (health check type ELB) once they are this old; null: EC2 status checks
   *     only
   */
  public record Replacement(
      RolloutPolicy rollout, Duration drainTimeout, Duration loadBalancerHealthGrace) {

    public static final Replacement DEFAULT = new Replacement(RolloutPolicy.DEFAULT, null, null);

    /** The name of the termination hook; a node's bootstrap completes the action under it. */
    public static final String TERMINATION_HOOK = "strato-drain";

    public Replacement {
      rollout = rollout == null ? RolloutPolicy.DEFAULT : rollout;
    }
  }
}
