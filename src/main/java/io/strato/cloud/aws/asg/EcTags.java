package io.strato.cloud.aws.asg;

import io.strato.cloud.ChangeOutcome;
import io.strato.cloud.aws.AwsErrors;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * EC2 tags as plain maps, and the calls that bring an EC2 resource's tags to a desired set. Kept in
 * this package on purpose: a shared AWS tag converter may come later and should replace it.
 */
final class EcTags {

  private final Ec2Client ec2;

  EcTags(Ec2Client ec2) {
    this.ec2 = ec2;
  }

  static Map<String, String> toMap(List<Tag> tags) {
    Map<String, String> map = new LinkedHashMap<>();
    tags.forEach(t -> map.put(t.key(), t.value()));
    return map;
  }

  static List<Tag> toList(Map<String, String> tags) {
    return tags.entrySet().stream()
        .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build())
        .toList();
  }

  /** Writes what differs and removes what is no longer wanted (never ownership tags). */
  ChangeOutcome reconcile(
      String resourceId, Map<String, String> current, Map<String, String> desired) {
    TagChanges<String> changes = TagChanges.between(current, desired);
    if (!changes.put().isEmpty()) {
      AwsErrors.run(
          "CreateTags",
          () -> ec2.createTags(r -> r.resources(resourceId).tags(toList(changes.put()))));
    }
    if (!changes.delete().isEmpty()) {
      List<Tag> keys = changes.delete().stream().map(k -> Tag.builder().key(k).build()).toList();
      AwsErrors.run("DeleteTags", () -> ec2.deleteTags(r -> r.resources(resourceId).tags(keys)));
    }
    return changes.isEmpty() ? ChangeOutcome.UNCHANGED : ChangeOutcome.UPDATED;
  }
}
