package io.strato.cloud.aws.elb;

import io.strato.cloud.CloudException;
import io.strato.cloud.Ownership;
import java.util.Map;

/** Refuses to touch a resource found by name that another owner (or no Strato owner) holds. */
final class OwnershipGuard {

  private OwnershipGuard() {}

  static void requireOwned(
      Ownership owner, String operation, String what, Map<String, String> tags) {
    if (owner.owns(tags)) {
      return;
    }
    String holder = tags.get(Ownership.OWNER_TAG);
    String held =
        holder == null
            ? "was not created by Strato (no " + Ownership.OWNER_TAG + " tag)"
            : "belongs to owner " + holder;
    throw new CloudException.Conflict(
        "aws",
        operation,
        what
            + " already exists and "
            + held
            + ", not to "
            + owner.ownerUid()
            + "; Strato will not adopt or modify it. Choose another name or delete it.",
        null);
  }
}
