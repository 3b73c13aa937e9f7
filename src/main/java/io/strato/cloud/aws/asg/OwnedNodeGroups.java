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

  /** The owner's Auto Scaling groups and launch templates, by name. */
  public record Owned(Set<String> groups, Set<String> templates) {
    public Owned {
      groups = Set.copyOf(groups);
      templates = Set.copyOf(templates);
    }

    /** Every node group with anything left: its group, its template or both. */
    public Set<String> all() {
      Set<String> all = new TreeSet<>(groups);
      all.addAll(templates);
      return all;
    }
  }

  private final AutoScalingClient autoScaling;
  private final Ec2Client ec2;

  public OwnedNodeGroups(AwsClients clients) {
    this.autoScaling = clients.autoScaling();
    this.ec2 = clients.ec2();
  }

  /**
   * The owner's Auto Scaling groups and launch templates (a node group uses both). Reads every
   * page, so an owner with many groups is still seen whole.
   */
  public Owned find(Ownership owner) {
    String tag = "tag:" + Ownership.OWNER_TAG;
    Set<String> groups = new TreeSet<>();
    Set<String> templates = new TreeSet<>();
    groups.addAll(
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
    templates.addAll(
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
    return new Owned(groups, templates);
  }
}
