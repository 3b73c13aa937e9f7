package io.strato.cloud.cluster;

import io.strato.cloud.nodegroup.NodeGroupBatch;
import io.strato.cloud.nodegroup.NodeGroupSpec;
import io.strato.cloud.nodegroup.RolloutPlan;
import io.strato.cloud.nodegroup.RolloutStep;
import io.strato.cloud.nodegroup.RolloutView;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rolls worker groups: each group on its own, one step per reconcile, within its own surge and
 * unavailability bounds. Called after the batch ensured the groups, so a changed launch template is
 * already what new instances launch from.
 */
public final class GroupRollouts {

  /** Carries a step out; ECS capacity wraps it to drain container instances first. */
  @FunctionalInterface
  public interface StepTaker {
    RolloutStep take(String group, RolloutStep step);
  }

  private GroupRollouts() {}

  /**
   * @return the step taken (or waited on), by group name, in spec order
   */
  public static Map<String, RolloutStep> roll(NodeGroupBatch batch, List<NodeGroupSpec> specs) {
    return roll(
        batch,
        specs,
        (group, step) -> {
          batch.take(group, step);
          return step;
        });
  }

  public static Map<String, RolloutStep> roll(
      NodeGroupBatch batch, List<NodeGroupSpec> specs, StepTaker taker) {
    Map<String, RolloutView> views =
        batch.rolloutViews(specs.stream().map(NodeGroupSpec::name).toList());
    Map<String, RolloutStep> steps = new LinkedHashMap<>();
    for (NodeGroupSpec spec : specs) {
      RolloutView view = views.get(spec.name());
      if (view == null) {
        continue;
      }
      RolloutStep step =
          RolloutPlan.next(
              view,
              spec.replacement().rollout(),
              spec.desiredCapacity(),
              spec.maxSize(),
              Integer.MAX_VALUE,
              null);
      steps.put(spec.name(), taker.take(spec.name(), step));
    }
    return steps;
  }
}
