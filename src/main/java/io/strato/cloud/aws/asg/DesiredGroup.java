package io.strato.cloud.aws.asg;

import io.strato.cloud.Ownership;
import io.strato.cloud.nodegroup.NodeGroupSpec;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the Auto Scaling group of a node group should look like.
 *
 * @param desiredCapacity null: the autoscaler owns it once the group exists
 * @param tags every tag of the group: the user's, cluster-autoscaler's, then the ownership tags,
 *     each later source winning over an earlier one on the same key
 * @param healthCheckType EC2, or ELB to replace instances the load balancer finds unhealthy
 * @param healthCheckGracePeriod seconds a new instance is given before its health counts
 * @param maxSurge how far a running rollout may lift the capacity and maximum above the spec's
 */
record DesiredGroup(
    String name,
    List<String> subnetIds,
    int minSize,
    int maxSize,
    Integer desiredCapacity,
    String templateId,
    long templateVersion,
    Map<String, GroupTag> tags,
    String healthCheckType,
    int healthCheckGracePeriod,
    int maxSurge) {

  /** A group with EC2 health checks and no surge room, as the tests of older fields build it. */
  DesiredGroup(
      String name,
      List<String> subnetIds,
      int minSize,
      int maxSize,
      Integer desiredCapacity,
      String templateId,
      long templateVersion,
      Map<String, GroupTag> tags) {
    this(
        name,
        subnetIds,
        minSize,
        maxSize,
        desiredCapacity,
        templateId,
        templateVersion,
        tags,
        "EC2",
        0,
        0);
  }

  DesiredGroup {
    subnetIds = List.copyOf(subnetIds);
    tags = Map.copyOf(tags);
  }

  static DesiredGroup of(Ownership owner, NodeGroupSpec spec, TemplateVersion template) {
    Map<String, GroupTag> tags = new LinkedHashMap<>();
    spec.tags().forEach((k, v) -> tags.put(k, GroupTag.propagated(v)));
    tags.putAll(AutoscalerTags.of(owner, spec.labels(), spec.taints()));
    owner.tags().forEach((k, v) -> tags.put(k, GroupTag.propagated(v)));
    tags.put(RolloutTags.VERSION, GroupTag.propagated(Long.toString(template.version())));
    NodeGroupSpec.Replacement replacement = spec.replacement();
    Duration grace = replacement.loadBalancerHealthGrace();
    return new DesiredGroup(
        spec.name(),
        spec.subnetIds(),
        spec.minSize(),
        spec.maxSize(),
        spec.desiredCapacity(),
        template.templateId(),
        template.version(),
        tags,
        grace == null ? "EC2" : "ELB",
        grace == null ? 0 : (int) grace.toSeconds(),
        replacement.rollout().maxSurge());
  }

  /** The capacity to create the group with: as asked, or the minimum. */
  int initialCapacity() {
    return desiredCapacity == null ? minSize : desiredCapacity;
  }

  String vpcZoneIdentifier() {
    return String.join(",", subnetIds);
  }
}
