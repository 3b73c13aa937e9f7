package io.strato.cloud.nodegroup;

import io.strato.cloud.Deletion;
import io.strato.cloud.Ensured;
import io.strato.cloud.Ownership;
import java.util.Optional;

/**
 * The node group capability on Auto Scaling. Idempotent and crash-safe: the launch template and the
 * group are found by deterministic name and checked by ownership tag.
 */
public interface NodeGroups {

  Optional<NodeGroupStatus> get(Ownership owner, String name);

  /**
   * Makes the cloud match the spec: a new launch template version when the launch content changed,
   * the group's sizes, subnets and tags, and its scaling policy.
   */
  Ensured<NodeGroupStatus> ensure(Ownership owner, NodeGroupSpec spec);

  /**
   * Deletes the group (terminating its instances), then, once the group is gone, its launch
   * template. Absent is success.
   */
  Deletion ensureDeleted(Ownership owner, String name);

  /**
   * Observes every node group the owner has, by its ownership tag, in one batch (a handful of calls
   * however many groups there are), for a caller that manages several groups together.
   */
  NodeGroupBatch observeAll(Ownership owner);

  /**
   * The batch of an owner that cannot have a node group yet, for a caller whose groups are all
   * created after a parent that this very pass found absent and created (and deleted only after
   * every group and template is gone): an implementation may skip the observation, provided that
   * ensuring a group or template whose name turns out to be taken after all (the parent deleted by
   * hand, leaving them) finds it, checks its ownership and converges it as {@link #observeAll}
   * would have. The default observes.
   */
  default NodeGroupBatch noneYet(Ownership owner) {
    return observeAll(owner);
  }
}
