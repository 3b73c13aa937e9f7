package io.strato.cloud.aws;

import io.strato.cloud.CloudException;
import io.strato.cloud.Ownership;
import java.util.Map;

/**
 * The one ownership check every AWS resource found by name passes before Strato touches it (load
 * balancers, target groups, security groups, Auto Scaling groups, launch templates): a resource
 * another owner holds, or that Strato did not create, is a Conflict the user must resolve, never
 * something to adopt.
 */
public final class OwnershipGuard {

  private OwnershipGuard() {}

  public static void requireOwned(
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
