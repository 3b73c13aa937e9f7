package io.strato.cloud.nodegroup;

import io.strato.cloud.Deletion;
import io.strato.cloud.Ensured;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every node group of one owner (a cluster), observed together in one pass: what a cluster's
 * reconcile works on, so that a poll reads all its groups at once instead of one group at a time.
 * Valid for one reconcile; observe again for the next. The same guarantees as {@link NodeGroups}:
 * found by ownership tag and deterministic name, checked before any change or delete.
 */
public interface NodeGroupBatch {

  /** Names of the owner's node groups that have an Auto Scaling group now. */
  Set<String> groups();

  /** Names of every node group of the owner's with anything left: its group, template or both. */
  Set<String> names();

  /**
   * {@link NodeGroups#ensure} for each spec, reading back the groups it wrote in one batch.
   *
   * @return by spec name, in spec order
   */
  Map<String, Ensured<NodeGroupStatus>> ensureAll(List<NodeGroupSpec> specs);

  /**
   * {@link NodeGroups#ensureDeleted} for each name.
   *
   * @return by name, in the given order
   */
  Map<String, Deletion> deleteAll(Collection<String> names);

  /**
   * The groups {@link #ensureAll} just wrote, as a rollout sees them: each instance's launch
   * template version (read once per instance and process), lifecycle and health. Call after {@code
   * ensureAll}; a group it did not return is absent.
   */
  Map<String, RolloutView> rolloutViews(Collection<String> names);

  /**
   * Carries out one rollout step on a group of the owner's. Crash-safe at every call: the base
   * capacity is recorded on the group before the capacity rises, and removed only after it fell
   * back.
   */
  void take(String name, RolloutStep step);
}
