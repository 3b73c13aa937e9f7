package io.strato.cloud.aws.ecs;

import io.strato.cloud.CloudException;
import io.strato.cloud.Ownership;
import java.util.Map;

/** The ownership check every ECS resource found by name passes before Strato changes it. */
final class EcsOwners {

  private EcsOwners() {}

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
