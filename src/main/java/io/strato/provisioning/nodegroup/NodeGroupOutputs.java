package io.strato.provisioning.nodegroup;

import io.strato.cloud.nodegroup.NodeGroupStatus;
import java.util.List;

/** What the cloud made for a node group, as served in {@code status.outputs}. */
public record NodeGroupOutputs(
    String autoScalingGroupName,
    String autoScalingGroupArn,
    String launchTemplateId,
    long launchTemplateVersion,
    int minSize,
    int maxSize,
    int desiredCapacity,
    List<String> instanceIds,
    List<String> zones,
    String scalingPolicyArn) {

  public static NodeGroupOutputs from(NodeGroupStatus s) {
    return new NodeGroupOutputs(
        s.name(),
        s.autoScalingGroupArn(),
        s.launchTemplateId(),
        s.launchTemplateVersion(),
        s.minSize(),
        s.maxSize(),
        s.desiredCapacity(),
        s.instanceIds(),
        s.zones(),
        s.scalingPolicyArn());
  }
}
