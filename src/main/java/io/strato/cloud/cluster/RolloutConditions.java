package io.strato.cloud.cluster;

import io.strato.cloud.cluster.ClusterProgress.ClusterEvent;
import io.strato.cloud.nodegroup.RolloutStep;
import io.strato.reconcile.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the rollouts of a cluster's groups come to in status: {@code UpToDate} (every instance runs
 * its group's current launch template; False while a rollout runs, so the cluster keeps being
 * polled) and {@code RolloutStalled} (True, with the reason, while a new instance fails), plus an
 * event for each step that changed something.
 */
public final class RolloutConditions {

  public static final String UP_TO_DATE = "UpToDate";
  public static final String ROLLOUT_STALLED = "RolloutStalled";

  private RolloutConditions() {}

  /**
   * @param steps by a name a person knows the group by
   */
  public static List<Condition> of(Map<String, RolloutStep> steps) {
    List<String> stalled = new ArrayList<>();
    List<String> rolling = new ArrayList<>();
    steps.forEach(
        (group, step) -> {
          if (step instanceof RolloutStep.Stalled s) {
            stalled.add(group + ": " + s.reason());
          } else if (!(step instanceof RolloutStep.Idle)) {
            rolling.add(describe(group, step));
          }
        });
    Condition upToDate;
    if (!stalled.isEmpty()) {
      upToDate = Condition.of(UP_TO_DATE, false, ROLLOUT_STALLED, String.join("; ", stalled));
    } else if (!rolling.isEmpty()) {
      upToDate = Condition.of(UP_TO_DATE, false, "RollingOut", String.join("; ", rolling));
    } else {
      upToDate =
          Condition.of(
              UP_TO_DATE, true, "UpToDate", "every instance runs its group's launch template");
    }
    Condition stall =
        stalled.isEmpty()
            ? Condition.of(ROLLOUT_STALLED, false, "Progressing", "no new instance is failing")
            : Condition.of(ROLLOUT_STALLED, true, "NewInstanceFailing", String.join("; ", stalled));
    return List.of(upToDate, stall);
  }

  /** An event for each step that made a call. */
  public static List<ClusterEvent> events(Map<String, RolloutStep> steps) {
    List<ClusterEvent> events = new ArrayList<>();
    steps.forEach(
        (group, step) -> {
          if (step instanceof RolloutStep.Surge s) {
            events.add(
                ClusterEvent.normal(
                    "RolloutStarted",
                    group
                        + ": replacing "
                        + s.progress().outdated()
                        + " instances, capacity "
                        + s.base()
                        + " -> "
                        + s.desiredCapacity()));
          } else if (step instanceof RolloutStep.Terminate t) {
            events.add(
                ClusterEvent.normal(
                    "ReplacingInstances",
                    group
                        + ": terminating "
                        + t.instances().stream().map(RolloutStep.Termination::instanceId).toList()
                        + ", "
                        + s(t.progress())));
          } else if (step instanceof RolloutStep.Finish) {
            events.add(
                ClusterEvent.normal(
                    "RolloutFinished", group + ": every instance runs the current version"));
          }
          // A stall is in the conditions; an event on every poll would only repeat it.
        });
    return events;
  }

  private static String describe(String group, RolloutStep step) {
    String base = group + ": " + s(step.progress());
    if (step instanceof RolloutStep.Wait w) {
      return base + ", " + w.reason();
    }
    return base;
  }

  private static String s(RolloutStep.Progress p) {
    return p.outdated() + " of " + p.capacity() + " instances still to replace";
  }
}
