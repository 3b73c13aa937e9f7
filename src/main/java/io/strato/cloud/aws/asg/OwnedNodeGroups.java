package io.strato.cloud.aws.asg;

import io.strato.cloud.Ownership;
import io.strato.cloud.aws.AwsClients;
import io.strato.cloud.aws.AwsErrors;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * The node groups an owner has in the account, found by its ownership tag rather than by a spec: a
 * group the spec no longer names, or a launch template whose group is already gone, is still found,
 * so removal and deletion leave nothing behind.
 */
public final class OwnedNodeGroups {

  private final AutoScalingClient autoScaling;
  private final Ec2Client ec2;

  public OwnedNodeGroups(AwsClients clients) {
    this.autoScaling = clients.autoScaling();
    this.ec2 = clients.ec2();
  }

  /**
   * Names of the owner's Auto Scaling groups and launch templates (a node group uses both). Reads
   * every page, so an owner with many groups is still seen whole.
   */
  public Set<String> names(Ownership owner) {
    String tag = "tag:" + Ownership.OWNER_TAG;
    Set<String> names = new TreeSet<>();
    names.addAll(
        AwsErrors.call(
            "DescribeAutoScalingGroups",
            () ->
                autoScaling
                    .describeAutoScalingGroupsPaginator(
                        r -> r.filters(f -> f.name(tag).values(owner.ownerUid())))
                    .autoScalingGroups()
                    .stream()
                    .map(g -> g.autoScalingGroupName())
                    .toList()));
    names.addAll(
        AwsErrors.call(
            "DescribeLaunchTemplates",
            () ->
                ec2
                    .describeLaunchTemplatesPaginator(
                        r -> r.filters(f -> f.name(tag).values(owner.ownerUid())))
                    .launchTemplates()
                    .stream()
                    .map(t -> t.launchTemplateName())
                    .toList()));
    return names;
  }
}
