package io.strato.cloud.aws.asg;

import io.strato.cloud.ChangeOutcome;
import io.strato.cloud.aws.AwsErrors;
import io.strato.cloud.aws.AwsTags;
import io.strato.cloud.aws.TagChanges;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * The calls that bring an EC2 resource's tags to a desired set. The conversion between SDK tags and
 * plain maps is {@link AwsTags}'s, shared with every other AWS path.
 */
final class EcTags {

  private final Ec2Client ec2;

  EcTags(Ec2Client ec2) {
    this.ec2 = ec2;
  }

  /** Writes what differs and removes what is no longer wanted (never ownership tags). */
  ChangeOutcome reconcile(
      String resourceId, Map<String, String> current, Map<String, String> desired) {
    TagChanges<String> changes = TagChanges.between(current, desired);
    if (!changes.put().isEmpty()) {
      AwsErrors.run(
          "CreateTags",
          () -> ec2.createTags(r -> r.resources(resourceId).tags(AwsTags.toEc2(changes.put()))));
    }
    if (!changes.delete().isEmpty()) {
      List<Tag> keys = changes.delete().stream().map(k -> Tag.builder().key(k).build()).toList();
      AwsErrors.run("DeleteTags", () -> ec2.deleteTags(r -> r.resources(resourceId).tags(keys)));
    }
    return changes.isEmpty() ? ChangeOutcome.UNCHANGED : ChangeOutcome.UPDATED;
  }
}
