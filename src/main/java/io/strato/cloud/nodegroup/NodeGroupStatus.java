package io.strato.cloud.nodegroup;

import java.util.List;

/** What exists in the cloud for one node group. */
public record NodeGroupStatus(
    String name,
    String autoScalingGroupArn,
    String launchTemplateId,
    long launchTemplateVersion,
    int minSize,
    int maxSize,
    int desiredCapacity,
    List<String> instanceIds,
    List<String> zones,
    String scalingPolicyArn,
    List<String> targetGroupArns) {

  public NodeGroupStatus {
    instanceIds = List.copyOf(instanceIds);
    zones = List.copyOf(zones);
    targetGroupArns = targetGroupArns == null ? List.of() : List.copyOf(targetGroupArns);
  }

  /** Whether as many instances run as are desired. */
  public boolean atCapacity() {
    return instanceIds.size() == desiredCapacity;
  }
}
