package io.strato.cloud.aws.cluster.selfmanaged;

import io.strato.cloud.nodegroup.NodeGroupBatch;
import io.strato.cloud.nodegroup.NodeGroupSpec;
import io.strato.cloud.nodegroup.RolloutPlan;
import io.strato.cloud.nodegroup.RolloutStep;
import io.strato.cloud.nodegroup.RolloutView;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Rolls the control-plane groups as one quorum: one group at a time in layout order, one member at
 * a time, and a member goes only when every other member is in service and answers through the API
 * load balancer. With the default surge the new member joins etcd (as a fourth of three) before the
 * old one leaves; the old one's termination hook holds it until its {@code kubeadm reset} has
 * removed its etcd member, or the hook's timeout passes.
 */
final class ControlPlaneRollout {

  private ControlPlaneRollout() {}

  /**
   * @param specs the control-plane groups' specs, in layout order
   * @param notReady reads which members the API load balancer does not call healthy; read only when
   *     some group has a rollout to run
   * @return the step of each group, by group name
   */
  static Map<String, RolloutStep> roll(
      NodeGroupBatch batch, List<NodeGroupSpec> specs, Supplier<Map<String, String>> notReady) {
    Map<String, RolloutView> views =
        batch.rolloutViews(specs.stream().map(NodeGroupSpec::name).toList());
    Map<String, RolloutStep> steps = new LinkedHashMap<>();
    boolean rolling =
        views.values().stream()
            .anyMatch(
                v ->
                    v.baseCapacity() != null
                        || v.members().stream().anyMatch(m -> m.version() != v.targetVersion()));
    Map<String, String> health = rolling ? notReady.get() : Map.of();
    String active = null;
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
              1,
              health);
      if (step instanceof RolloutStep.Idle) {
        steps.put(spec.name(), step);
        continue;
      }
      if (active != null) {
        steps.put(
            spec.name(),
            new RolloutStep.Wait(step.progress(), "waiting for group " + active + " to finish"));
        continue;
      }
      active = spec.name();
      // Neither a member added (etcd's quorum grows with it) nor one removed while another member
      // is down: etcd's own advice for changing membership.
      if (step instanceof RolloutStep.Terminate || step instanceof RolloutStep.Surge) {
        String other = unavailableElsewhere(views, spec.name(), health);
        if (other != null) {
          step = new RolloutStep.Wait(step.progress(), other);
        }
      }
      batch.take(spec.name(), step);
      steps.put(spec.name(), step);
    }
    return steps;
  }

  /** A member of another group that is not in service and healthy, which a removal must await. */
  private static String unavailableElsewhere(
      Map<String, RolloutView> views, String group, Map<String, String> notReady) {
    for (RolloutView view : views.values()) {
      if (view.name().equals(group)) {
        continue;
      }
      for (RolloutView.Member m : view.members()) {
        if (!m.inService() || notReady.containsKey(m.instanceId())) {
          return "member "
              + m.instanceId()
              + " of "
              + view.name()
              + " is not available ("
              + (m.inService() ? notReady.get(m.instanceId()) : m.lifecycleState())
              + "); no member leaves until it is";
        }
      }
    }
    return null;
  }
}
