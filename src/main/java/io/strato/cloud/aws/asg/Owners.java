package io.strato.cloud.aws.asg;

import io.strato.cloud.CloudException;
import io.strato.cloud.Ownership;
import java.util.Map;

/** The ownership check every found-by-name resource passes before Strato touches it. */
final class Owners {

  private Owners() {}

  /** Throws Conflict unless the tags say {@code owner} owns the resource. */
  static void require(
      Ownership owner, Map<String, String> tags, String what, String name, String operation) {
    if (!owner.owns(tags)) {
      String holder = tags.getOrDefault(Ownership.OWNER_TAG, "no Strato owner");
      throw new CloudException.Conflict(
          "aws",
          operation,
          what + " " + name + " belongs to " + holder + ", not to " + owner.ownerUid(),
          null);
    }
  }
}
