package io.strato.cloud.aws.ecs;

import io.strato.cloud.Ownership;
import io.strato.cloud.aws.AwsErrors;
import java.util.List;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.Filter;

/**
 * The Auto Scaling groups an owner has, found by its owner tag. A cluster's capacity provider has
 * its group's name, so this is also how a cluster finds the node groups it no longer wants, even
 * after a crash lost the capacity provider that pointed at one.
 */
public final class OwnedGroups {

  private final AutoScalingClient autoScaling;

  public OwnedGroups(AutoScalingClient autoScaling) {
    this.autoScaling = autoScaling;
  }

  /** The names of the owner's groups, sorted. */
  public List<String> names(Ownership owner) {
    return AwsErrors.call(
        "DescribeAutoScalingGroups",
        () ->
            autoScaling
                .describeAutoScalingGroupsPaginator(
                    r ->
                        r.filters(
                            Filter.builder()
                                .name("tag:" + Ownership.OWNER_TAG)
                                .values(owner.ownerUid())
                                .build()))
                .autoScalingGroups()
                .stream()
                .map(AutoScalingGroup::autoScalingGroupName)
                .sorted()
                .toList());
  }
}
