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
    TagChanges<GroupTag> tags) {

  static GroupChanges between(ObservedGroup current, DesiredGroup desired) {
    boolean sameSubnets =
        new HashSet<>(current.subnetIds()).equals(new HashSet<>(desired.subnetIds()));
    boolean sameTemplate =
        desired.templateId().equals(current.templateId())
            && current.pinnedVersion().equals(OptionalLong.of(desired.templateVersion()));
    Integer capacity = desired.desiredCapacity();
    return new GroupChanges(
        current.minSize() == desired.minSize() ? null : desired.minSize(),
        current.maxSize() == desired.maxSize() ? null : desired.maxSize(),
        capacity == null || capacity == current.desiredCapacity() ? null : capacity,
        sameSubnets ? null : desired.vpcZoneIdentifier(),
        sameTemplate ? null : desired.templateId(),
        sameTemplate ? null : desired.templateVersion(),
        TagChanges.between(current.tags(), desired.tags()));
  }

  /** Whether an UpdateAutoScalingGroup call is needed. */
  boolean updatesGroup() {
    return minSize != null
        || maxSize != null
        || desiredCapacity != null
        || vpcZoneIdentifier != null
        || templateVersion != null;
  }

  boolean isEmpty() {
    return !updatesGroup() && tags.isEmpty();
  }
}
