package io.strato.cloud.nodegroup;

import java.util.List;

/**
 * The one thing a rollout does next for a group, decided by {@link RolloutPlan} from a {@link
 * RolloutView}; {@link NodeGroupBatch#take} carries it out.
 */
public sealed interface RolloutStep {

  /** Progress for status: instances still on an older version, and the group's capacity. */
  Progress progress();

  record Progress(int outdated, int capacity) {}

  /** Every instance runs the current version; nothing to do. */
  record Idle(Progress progress) implements RolloutStep {}

  /**
   * Records the base capacity on the group, then raises its capacity (and its maximum if needed) so
   * that new instances launch before any old one goes.
   */
  record Surge(Progress progress, int base, int desiredCapacity, int maxSize)
      implements RolloutStep {}

  /**
   * Terminates old instances; a replacement launches from the current version unless the
   * termination also takes back a surged instance ({@code decrement}).
   */
  record Terminate(Progress progress, List<Termination> instances) implements RolloutStep {
    public Terminate {
      instances = List.copyOf(instances);
    }
  }

  record Termination(String instanceId, boolean decrement) {}

  /** Every instance is new: the capacity and maximum go back, and the record of the base goes. */
  record Finish(Progress progress, int desiredCapacity, int maxSize) implements RolloutStep {}

  /** Something is still launching, joining or leaving; look again later. */
  record Wait(Progress progress, String reason) implements RolloutStep {}

  /** A new instance is failing: the rollout stops here until it recovers or the spec changes. */
  record Stalled(Progress progress, String reason) implements RolloutStep {}
}
