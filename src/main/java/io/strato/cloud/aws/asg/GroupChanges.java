package io.strato.cloud.aws.asg;

import io.strato.cloud.aws.TagChanges;
import java.util.HashSet;
import java.util.OptionalLong;

/**
 * The difference between an existing group and the desired one, as the fields an
 * UpdateAutoScalingGroup call must carry (null: leave alone) and the tags to write or remove.
 *
 * @param templateVersion non-null when the group must move to another launch template or version
 */
record GroupChanges(
    Integer minSize,
    Integer maxSize,
    Integer desiredCapacity,
    String vpcZoneIdentifier,
    String templateId,
    Long templateVersion,
    String healthCheckType,
    Integer healthCheckGracePeriod,
    TagChanges<GroupTag> tags) {

  static GroupChanges between(ObservedGroup current, DesiredGroup desired) {
    boolean sameSubnets =
        new HashSet<>(current.subnetIds()).equals(new HashSet<>(desired.subnetIds()));
    boolean sameTemplate =
        desired.templateId().equals(current.templateId())
            && current.pinnedVersion().equals(OptionalLong.of(desired.templateVersion()));
    Integer capacity = desired.desiredCapacity();
    // While a rollout runs (its base is recorded on the group) the capacity and the maximum may
    // stand up to the surge above the spec's: that room is the rollout's, not drift to undo.
    int room = current.rolloutBase() == null ? 0 : desired.maxSurge();
    boolean capacityHolds =
        capacity == null
            || (current.desiredCapacity() >= capacity
                && current.desiredCapacity() <= capacity + room);
    boolean maxHolds =
        current.maxSize() >= desired.maxSize() && current.maxSize() <= desired.maxSize() + room;
    boolean sameHealth =
        desired.healthCheckType().equals(current.healthCheckType())
            && (desired.healthCheckGracePeriod() == current.healthCheckGracePeriod()
                || "EC2".equals(desired.healthCheckType()));
    return new GroupChanges(
        current.minSize() == desired.minSize() ? null : desired.minSize(),
        maxHolds ? null : desired.maxSize(),
        capacityHolds ? null : capacity,
        sameSubnets ? null : desired.vpcZoneIdentifier(),
        sameTemplate ? null : desired.templateId(),
        sameTemplate ? null : desired.templateVersion(),
        sameHealth ? null : desired.healthCheckType(),
        sameHealth ? null : desired.healthCheckGracePeriod(),
        TagChanges.between(current.tags(), desired.tags()));
  }

  /** Whether an UpdateAutoScalingGroup call is needed. */
  boolean updatesGroup() {
    return minSize != null
        || maxSize != null
        || desiredCapacity != null
        || vpcZoneIdentifier != null
        || templateVersion != null
        || healthCheckType != null;
  }

  boolean isEmpty() {
    return !updatesGroup() && tags.isEmpty();
  }
}
