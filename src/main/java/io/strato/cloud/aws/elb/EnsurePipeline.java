package io.strato.cloud.aws.elb;

import io.strato.cloud.ChangeOutcome;
import io.strato.cloud.Ensured;
import io.strato.cloud.Ownership;
import io.strato.cloud.loadbalancer.ListenerSpec;
import io.strato.cloud.loadbalancer.LoadBalancerSpec;
import io.strato.cloud.loadbalancer.LoadBalancerStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code ensure} as a pipeline: observe, place the load balancer (see {@link
 * LoadBalancerPlacement}), its attributes, target groups, Auto Scaling attachment, targets, the
 * targets' security groups, listeners, obsolete target groups, report. Every step finds before it
 * creates, and every create carries its ownership tags, so a crash between any two calls is
 * repaired by running the pipeline again.
 */
final class EnsurePipeline {

  /** What exists before this reconcile acts. */
  record Observed(
      Optional<ObservedLoadBalancer> loadBalancer,
      List<ObservedListener> listeners,
      List<ObservedTargetGroup> targetGroups) {}

  private final LoadBalancerObserver observer;
  private final LoadBalancerPlacement placement;
  private final TargetGroups targetGroups;
  private final ElbTargetGroups targetGroupCalls;
  private final TargetRegistrations registrations;
  private final AutoScalingAttachment autoScaling;
  private final Listeners listeners;
  private final ElbTags tags;
  private final LoadBalancerAttributeSync attributes;
  private final TargetSecurityGroups targetAccess;

  EnsurePipeline(
      LoadBalancerObserver observer,
      LoadBalancerPlacement placement,
      TargetGroups targetGroups,
      ElbTargetGroups targetGroupCalls,
      TargetRegistrations registrations,
      AutoScalingAttachment autoScaling,
      Listeners listeners,
      ElbTags tags,
      LoadBalancerAttributeSync attributes,
      TargetSecurityGroups targetAccess) {
    this.targetAccess = targetAccess;
    this.observer = observer;
    this.placement = placement;
    this.targetGroups = targetGroups;
    this.targetGroupCalls = targetGroupCalls;
    this.registrations = registrations;
    this.autoScaling = autoScaling;
    this.listeners = listeners;
    this.tags = tags;
    this.attributes = attributes;
  }

  Ensured<LoadBalancerStatus> ensure(Ownership owner, LoadBalancerSpec spec) {
    SpecValidation.check(spec);
    Observed before = observer.observe(owner, spec.name());
    LoadBalancerPlacement.Placed placed = placement.ensure(owner, spec, before);
    Observed seen = placed.seen();
    ObservedLoadBalancer lb = placed.loadBalancer();
    Progress progress = new Progress();
    progress.outcome = placed.outcome();
    progress.pending = placed.pending();
    progress.updated(
        attributes.reconcile(lb.arn(), spec.attributes(), before.loadBalancer().isEmpty()));
    boolean sweepPending = lb.tags().containsKey(TargetGroups.SWEEP_TAG);
    TargetGroups.Result groups =
        targetGroups.ensure(
            owner,
            spec,
            placed.vpcId(),
            seen.targetGroups(),
            sweepPending,
            before.loadBalancer().isEmpty());
    progress.updated(groups.changed());
    AutoScalingAttachment.State attachment =
        autoScaling.ensure(
            lb, spec.autoScalingGroups(), arns(groups.byListenerPort().values()), ours(groups));
    progress.updated(attachment.changed());
    // After the attachment step: targets an Auto Scaling group registered leave with its detach,
    // never through an exact diff while the group still owns them.
    progress.updated(registerTargets(spec, groups));
    // The targets' own groups must admit the load balancer, or AWS drops its health checks and
    // traffic (the emulator does not): see TargetIngress.
    TargetSecurityGroups.Admission admission = targetAccess.ensure(owner, spec, lb);
    progress.updated(admission.changed());
    if (!groups.obsolete().isEmpty() && !sweepPending) {
      tags.put(lb.arn(), TargetGroups.SWEEP_TAG, "pending");
    }
    List<ObservedListener> now = reconcileListeners(owner, spec, lb, seen.listeners(), groups);
    progress.updated(now != seen.listeners()); // the same list when nothing was to be done
    boolean allRemoved = removeObsolete(groups, attachment, progress);
    if ((sweepPending || !groups.obsolete().isEmpty()) && allRemoved) {
      tags.remove(lb.arn(), TargetGroups.SWEEP_TAG);
      progress.updated(true);
    }
    return new Ensured<>(
        LoadBalancerStatuses.of(lb, now, progress.pending, admission.groupIds()),
        progress.outcome,
        "active".equalsIgnoreCase(lb.state()) && !progress.pending);
  }

  /**
   * Explicit targets go into every group on the listener's target port. Without an Auto Scaling
   * group the spec's targets are the exact set; with some, the groups register their instances, so
   * explicit targets are only added and nothing is deregistered.
   */
  private boolean registerTargets(LoadBalancerSpec spec, TargetGroups.Result groups) {
    boolean exact = spec.autoScalingGroups().isEmpty();
    boolean changed = false;
    for (ListenerSpec listener : spec.listeners()) {
      ObservedTargetGroup group = groups.byListenerPort().get(listener.port());
      changed |=
          registrations.reconcile(
              group.arn(),
              TargetRegistrations.on(spec.targets(), listener.targetPort()),
              exact,
              groups.createdArns().contains(group.arn()));
    }
    return changed;
  }

  private List<ObservedListener> reconcileListeners(
      Ownership owner,
      LoadBalancerSpec spec,
      ObservedLoadBalancer lb,
      List<ObservedListener> current,
      TargetGroups.Result groups) {
    Map<Integer, String> arnByPort = new LinkedHashMap<>();
    groups.byListenerPort().forEach((port, group) -> arnByPort.put(port, group.arn()));
    ListenerPlan plan = ListenerPlan.of(spec.listeners(), current, arnByPort);
    return plan.isEmpty()
        ? current
        : listeners.apply(lb.arn(), current, plan, arnByPort, owner.tags());
  }

  /**
   * Groups no listener uses any more: detach them from the Auto Scaling group, then delete. Answers
   * whether all of them are gone.
   */
  private boolean removeObsolete(
      TargetGroups.Result groups, AutoScalingAttachment.State attachment, Progress progress) {
    if (groups.obsolete().isEmpty()) {
      return true;
    }
    autoScaling.detachObsolete(attachment, arns(groups.obsolete()));
    boolean allRemoved = true;
    for (ObservedTargetGroup group : groups.obsolete()) {
      allRemoved &= targetGroupCalls.delete(group);
    }
    progress.pending |= !allRemoved;
    return allRemoved;
  }

  private static Set<String> ours(TargetGroups.Result groups) {
    List<ObservedTargetGroup> all = new ArrayList<>(groups.byListenerPort().values());
    all.addAll(groups.obsolete());
    return arns(all);
  }

  private static Set<String> arns(java.util.Collection<ObservedTargetGroup> groups) {
    return groups.stream().map(ObservedTargetGroup::arn).collect(Collectors.toSet());
  }

  /** What the reconcile did so far, and whether something is still settling. */
  private static final class Progress {
    ChangeOutcome outcome = ChangeOutcome.UNCHANGED;
    boolean pending;

    void updated(boolean changed) {
      if (changed) {
        outcome = outcome.and(ChangeOutcome.UPDATED);
      }
    }
  }
}
