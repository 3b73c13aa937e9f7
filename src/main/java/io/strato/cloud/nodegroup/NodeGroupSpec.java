package io.strato.cloud.nodegroup;

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
    Map<String, String> tags) {

  public NodeGroupSpec {
    subnetIds = List.copyOf(subnetIds);
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    taints = taints == null ? List.of() : List.copyOf(taints);
    tags = tags == null ? Map.of() : Map.copyOf(tags);
  }
}
