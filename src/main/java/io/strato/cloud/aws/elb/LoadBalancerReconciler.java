package io.strato.cloud.aws.elb;

import io.strato.cloud.ChangeOutcome;
import io.strato.cloud.Ensured;
import io.strato.cloud.Ownership;
import io.strato.cloud.aws.AwsTags;
import io.strato.cloud.loadbalancer.ListenerSpec;
import io.strato.cloud.loadbalancer.LoadBalancerSpec;
import io.strato.cloud.loadbalancer.LoadBalancerStatus;
import io.strato.cloud.loadbalancer.SubnetSelection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code ensure} as a pipeline: observe, replace what AWS cannot change, security group, load
 * balancer, target groups, Auto Scaling attachment, targets, listeners, obsolete target groups,
 * report. Every step finds before it creates, and every create carries its ownership tags, so a
 * crash between any two calls is repaired by running the pipeline again.
 */
final class LoadBalancerReconciler {

  /** What exists before this reconcile acts. */
  record Observed(
      Optional<ObservedLoadBalancer> loadBalancer,
      List<ObservedListener> listeners,
      List<ObservedTargetGroup> targetGroups) {}

  private final LoadBalancerObserver observer;
  private final SubnetResolver subnets;
  private final ManagedSecurityGroup securityGroup;
  private final NetworkLoadBalancers loadBalancers;
  private final TargetGroups targetGroups;
  private final ElbTargetGroups targetGroupCalls;
  private final TargetRegistrations registrations;
  private final AutoScalingAttachment autoScaling;
  private final Listeners listeners;
  private final ElbTags tags;

  LoadBalancerReconciler(
      LoadBalancerObserver observer,
      SubnetResolver subnets,
      ManagedSecurityGroup securityGroup,
      NetworkLoadBalancers loadBalancers,
      TargetGroups targetGroups,
      ElbTargetGroups targetGroupCalls,
      TargetRegistrations registrations,
      AutoScalingAttachment autoScaling,
      Listeners listeners,
      ElbTags tags) {
    this.observer = observer;
    this.subnets = subnets;
    this.securityGroup = securityGroup;
    this.loadBalancers = loadBalancers;
    this.targetGroups = targetGroups;
    this.targetGroupCalls = targetGroupCalls;
    this.registrations = registrations;
    this.autoScaling = autoScaling;
    this.listeners = listeners;
    this.tags = tags;
  }

  Ensured<LoadBalancerStatus> ensure(Ownership owner, LoadBalancerSpec spec) {
    SpecValidation.check(spec);
    Observed seen = observer.observe(owner, spec.name());
    SubnetSelection selection =
        spec.subnets() == null ? SubnetSelection.discover(null) : spec.subnets();
    SubnetResolver.Resolved placement =
        subnets.resolve(selection, spec.scheme(), clusterId(owner), seen.loadBalancer());
    Progress progress = new Progress();
    String recordedAsg =
        seen.loadBalancer().map(lb -> lb.tags().get(AutoScalingAttachment.TAG)).orElse(null);
    if (seen.loadBalancer().filter(lb -> mustReplace(lb, spec, placement)).isPresent()) {
      // Scheme and VPC cannot change on an existing load balancer: the only way is a new one.
      // Deleting it takes its listeners along; its target groups stay and are reused by name
      // (or replaced, when the VPC moved). The DNS name changes, which the status reports.
      loadBalancers.delete(seen.loadBalancer().get());
      seen = new Observed(Optional.empty(), List.of(), seen.targetGroups());
      progress.updated(true);
    }
    List<String> groupIds = securityGroups(owner, spec, placement.vpcId(), progress);
    ObservedLoadBalancer lb =
        seen.loadBalancer().isPresent()
            ? update(owner, spec, seen.loadBalancer().get(), placement, groupIds, progress)
            : create(owner, spec, placement, groupIds, recordedAsg, progress);
    if (!spec.managesSecurityGroup()) {
      // After SetSecurityGroups: a group Strato managed before the user named theirs goes now.
      ManagedSecurityGroup.Removal removal = securityGroup.delete(owner, spec.name());
      progress.updated(removal.removed());
      progress.pending |= removal.pending();
    }
    boolean sweepPending = lb.tags().containsKey(TargetGroups.SWEEP_TAG);
    TargetGroups.Result groups =
        targetGroups.ensure(owner, spec, placement.vpcId(), seen.targetGroups(), sweepPending);
    progress.updated(groups.changed());
    AutoScalingAttachment.State attachment =
        autoScaling.ensure(
            lb,
            spec.attachToAutoScalingGroup(),
            arns(groups.byListenerPort().values()),
            ours(groups));
    progress.updated(attachment.changed());
    // After the attachment step: targets an Auto Scaling group registered leave with its detach,
    // never through an exact diff while the group still owns them.
    progress.updated(registerTargets(spec, groups));
    if (!groups.obsolete().isEmpty() && !sweepPending) {
      tags.put(lb.arn(), TargetGroups.SWEEP_TAG, "pending");
    }
    List<ObservedListener> now = reconcileListeners(owner, spec, lb, seen.listeners(), groups);
    progress.updated(now != seen.listeners());
    boolean allRemoved = removeObsolete(groups, attachment, progress);
    if ((sweepPending || !groups.obsolete().isEmpty()) && allRemoved) {
      tags.remove(lb.arn(), TargetGroups.SWEEP_TAG);
      progress.updated(true);
    }
    return new Ensured<>(
        StatusView.of(lb, now), progress.outcome, lb.state().equals("active") && !progress.pending);
  }

  private static boolean mustReplace(
      ObservedLoadBalancer lb, LoadBalancerSpec spec, SubnetResolver.Resolved placement) {
    return lb.scheme() != spec.scheme() || !lb.vpcId().equals(placement.vpcId());
  }

  private List<String> securityGroups(
      Ownership owner, LoadBalancerSpec spec, String vpcId, Progress progress) {
    if (!spec.managesSecurityGroup()) {
      return spec.securityGroupIds();
    }
    ManagedSecurityGroup.Ensured group = securityGroup.ensure(owner, spec, vpcId);
    progress.updated(group.outcome() != ChangeOutcome.UNCHANGED);
    return List.of(group.groupId());
  }

  private ObservedLoadBalancer create(
      Ownership owner,
      LoadBalancerSpec spec,
      SubnetResolver.Resolved placement,
      List<String> groupIds,
      String recordedAsg,
      Progress progress) {
    Map<String, String> tagsToWrite = new LinkedHashMap<>(loadBalancerTags(owner, spec));
    // Record the Auto Scaling group before anything is attached (a replaced load balancer keeps
    // the old record, so the attachment step still detaches from the old group).
    String asg = recordedAsg != null ? recordedAsg : spec.attachToAutoScalingGroup();
    if (asg != null) {
      tagsToWrite.put(AutoScalingAttachment.TAG, asg);
    }
    ObservedLoadBalancer created =
        loadBalancers.create(
            spec.name(), spec.scheme(), placement.subnetIds(), groupIds, tagsToWrite);
    progress.outcome = ChangeOutcome.CREATED;
    return created;
  }

  private ObservedLoadBalancer update(
      Ownership owner,
      LoadBalancerSpec spec,
      ObservedLoadBalancer lb,
      SubnetResolver.Resolved placement,
      List<String> groupIds,
      Progress progress) {
    ObservedLoadBalancer current = lb;
    if (!Set.copyOf(lb.subnetIds()).equals(Set.copyOf(placement.subnetIds()))) {
      loadBalancers.setSubnets(lb.arn(), placement.subnetIds());
      current = current.withSubnets(placement.subnetIds());
      progress.updated(true);
    }
    if (!Set.copyOf(lb.securityGroupIds()).equals(Set.copyOf(groupIds))) {
      loadBalancers.setSecurityGroups(lb.arn(), groupIds);
      current = current.withSecurityGroups(groupIds);
      progress.updated(true);
    }
    Map<String, String> desired = loadBalancerTags(owner, spec);
    if (tags.reconcile(lb.arn(), desired, lb.tags())) {
      Map<String, String> merged = new LinkedHashMap<>(lb.tags());
      merged.keySet().removeAll(AwsTags.changes(desired, lb.tags()).remove());
      merged.putAll(desired);
      current = current.withTags(merged);
      progress.updated(true);
    }
    return current;
  }

  /**
   * Explicit targets go into every group on the listener's target port. Without an Auto Scaling
   * group the spec's targets are the exact set; with one, the group registers its own instances, so
   * explicit targets are only added and nothing is deregistered.
   */
  private boolean registerTargets(LoadBalancerSpec spec, TargetGroups.Result groups) {
    boolean exact = spec.attachToAutoScalingGroup() == null;
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

  static Map<String, String> loadBalancerTags(Ownership owner, LoadBalancerSpec spec) {
    Map<String, String> desired = new LinkedHashMap<>(spec.tags());
    desired.putAll(owner.tags());
    return desired;
  }

  private static Set<String> ours(TargetGroups.Result groups) {
    List<ObservedTargetGroup> all = new ArrayList<>(groups.byListenerPort().values());
    all.addAll(groups.obsolete());
    return arns(all);
  }

  private static Set<String> arns(java.util.Collection<ObservedTargetGroup> groups) {
    return groups.stream().map(ObservedTargetGroup::arn).collect(Collectors.toSet());
  }

  private static String clusterId(Ownership owner) {
    return owner.clusterId() == null || owner.clusterId().isBlank() ? null : owner.clusterId();
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
