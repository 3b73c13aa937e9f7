package io.strato.cloud.aws.asg;

import io.strato.cloud.nodegroup.NodeGroupStatus;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.LaunchTemplateSpecification;
import software.amazon.awssdk.services.autoscaling.model.LifecycleState;

/**
 * An Auto Scaling group as DescribeAutoScalingGroups shows it, reduced to what Strato compares and
 * reports.
 *
 * @param templateVersion the version as the group holds it: a number, or {@code $Latest} / {@code
 *     $Default} if someone else changed it, or null
 * @param status null normally; {@code Delete in progress} while AWS deletes the group
 */
record ObservedGroup(
    String name,
    String arn,
    Map<String, GroupTag> tags,
    int minSize,
    int maxSize,
    int desiredCapacity,
    List<String> subnetIds,
    List<String> zones,
    String templateId,
    String templateVersion,
    List<Member> instances,
    List<String> targetGroupArns,
    String status,
    String healthCheckType,
    int healthCheckGracePeriod) {

  /**
   * One instance of the group, its lifecycle state ({@code InService}, {@code Pending}...) and its
   * health status ({@code Healthy} or {@code Unhealthy}).
   */
  record Member(String instanceId, String lifecycleState, String healthStatus) {
    Member(String instanceId, String lifecycleState) {
      this(instanceId, lifecycleState, "Healthy");
    }
  }

  /** A group as the tests of older fields build it: EC2 health checks, no grace period. */
  ObservedGroup(
      String name,
      String arn,
      Map<String, GroupTag> tags,
      int minSize,
      int maxSize,
      int desiredCapacity,
      List<String> subnetIds,
      List<String> zones,
      String templateId,
      String templateVersion,
      List<Member> instances,
      List<String> targetGroupArns,
      String status) {
    this(
        name,
        arn,
        tags,
        minSize,
        maxSize,
        desiredCapacity,
        subnetIds,
        zones,
        templateId,
        templateVersion,
        instances,
        targetGroupArns,
        status,
        "EC2",
        0);
  }

  static ObservedGroup of(AutoScalingGroup group) {
    Map<String, GroupTag> tags = new LinkedHashMap<>();
    group
        .tags()
        .forEach(
            t ->
                tags.put(
                    t.key(), new GroupTag(t.value(), Boolean.TRUE.equals(t.propagateAtLaunch()))));
    String subnets = group.vpcZoneIdentifier();
    LaunchTemplateSpecification lt = group.launchTemplate();
    return new ObservedGroup(
        group.autoScalingGroupName(),
        group.autoScalingGroupARN(),
        Map.copyOf(tags),
        orZero(group.minSize()),
        orZero(group.maxSize()),
        orZero(group.desiredCapacity()),
        subnets == null || subnets.isBlank()
            ? List.of()
            : Arrays.stream(subnets.split(",")).map(String::trim).toList(),
        List.copyOf(group.availabilityZones()),
        lt == null ? null : lt.launchTemplateId(),
        lt == null ? null : lt.version(),
        group.instances().stream()
            .map(i -> new Member(i.instanceId(), i.lifecycleStateAsString(), i.healthStatus()))
            .toList(),
        List.copyOf(group.targetGroupARNs()),
        group.status(),
        group.healthCheckType() == null ? "EC2" : group.healthCheckType(),
        orZero(group.healthCheckGracePeriod()));
  }

  Map<String, String> tagValues() {
    Map<String, String> values = new LinkedHashMap<>();
    tags.forEach((k, v) -> values.put(k, v.value()));
    return values;
  }

  /** The launch template version the group is pinned to, if it is pinned to a number. */
  OptionalLong pinnedVersion() {
    if (templateVersion == null || !templateVersion.chars().allMatch(Character::isDigit)) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(Long.parseLong(templateVersion));
  }

  boolean deleting() {
    return status != null && status.startsWith("Delete");
  }

  /** As many instances as desired, all of them in service. */
  boolean settled() {
    return instances.size() == desiredCapacity
        && instances.stream()
            .allMatch(m -> LifecycleState.IN_SERVICE.toString().equals(m.lifecycleState()));
  }

  NodeGroupStatus toStatus(String scalingPolicyArn) {
    return new NodeGroupStatus(
        name,
        arn,
        templateId,
        pinnedVersion().orElse(0),
        minSize,
        maxSize,
        desiredCapacity,
        instances.stream().map(Member::instanceId).toList(),
        zones,
        scalingPolicyArn,
        targetGroupArns);
  }

  /** The capacity recorded when a rollout began, or null when none is under way. */
  Integer rolloutBase() {
    GroupTag base = tags.get(RolloutTags.BASE);
    if (base == null) {
      return null;
    }
    try {
      return Integer.valueOf(base.value());
    } catch (NumberFormatException e) {
      return null; // not a value Strato wrote: treated as no rollout, and rewritten by the next one
    }
  }

  private static int orZero(Integer i) {
    return i == null ? 0 : i;
  }
}
