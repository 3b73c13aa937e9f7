package io.strato.cloud.aws.elb;

import io.strato.cloud.ChangeOutcome;
import io.strato.cloud.CloudException;
import io.strato.cloud.Ensured;
import io.strato.cloud.Ownership;
import io.strato.cloud.loadbalancer.ListenerSpec;
import io.strato.cloud.loadbalancer.ListenerStatus;
import io.strato.cloud.loadbalancer.LoadBalancerSpec;
import io.strato.cloud.loadbalancer.LoadBalancerStatus;
import io.strato.cloud.loadbalancer.Scheme;
import io.strato.cloud.loadbalancer.TargetIngress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.jboss.logging.Logger;

/**
 * Attaches a load balancer whose last ensure the caller remembers to Auto Scaling groups added to
 * its spec, without observing it again: a self-managed cluster's API load balancer, made before the
 * control-plane groups (their user data names it) and attached to them on the next pass.
 *
 * <p>What it reads before changing anything: the load balancer's tags (one DescribeTags, which also
 * fails for one that is gone): still ours, no target group sweep pending, and the attachment and
 * target security group records exactly those the memory holds. Then, as the full ensure does: the
 * record of the attached groups first (a crash after an attach leaves a trace the delete follows),
 * one AttachLoadBalancerTargetGroups per added group (additive: AWS documents it as never detaching
 * anything), the targets' own security groups for the members of every attached group ({@link
 * TargetSecurityGroups#ensure}), and the state, when the memory still has it provisioning.
 *
 * <p>What it skips, against a full ensure: the load balancer, listener, target group and target
 * group attribute reads, and the read of what each Auto Scaling group has attached (the added ones
 * had nothing of this load balancer's, per the record). The memory it trusts is at most {@code
 * LastEnsures}'s bound of polls old, and a full ensure after that bound repairs a listener or
 * attribute changed by hand in between.
 *
 * <p>It declines (and the caller ensures in full) unless the new spec is the remembered one plus
 * Auto Scaling groups, every listener has its remembered target group, and the cloud agrees with
 * the memory; a group or target group gone on the way declines too.
 */
final class GroupAddition {

  private static final Logger LOG = Logger.getLogger(GroupAddition.class);

  private final ElbTags tags;
  private final AutoScalingAttachment attachment;
  private final TargetSecurityGroups targetAccess;
  private final WaitingStates waiting;

  GroupAddition(
      ElbTags tags,
      AutoScalingAttachment attachment,
      TargetSecurityGroups targetAccess,
      WaitingStates waiting) {
    this.tags = tags;
    this.attachment = attachment;
    this.targetAccess = targetAccess;
    this.waiting = waiting;
  }

  /**
   * The Auto Scaling groups of {@code spec} that {@code last} lacks, if that is the only change.
   */
  static SortedSet<String> added(LoadBalancerSpec last, LoadBalancerSpec spec) {
    SortedSet<String> added = new TreeSet<>(spec.autoScalingGroups());
    if (!spec.autoScalingGroups().containsAll(last.autoScalingGroups())
        || !spec.withAutoScalingGroupsOf(last).equals(last)) {
      return new TreeSet<>();
    }
    added.removeAll(last.autoScalingGroups());
    return added;
  }

  Optional<Ensured<LoadBalancerStatus>> add(
      Ownership owner,
      LoadBalancerSpec last,
      LoadBalancerStatus lastStatus,
      LoadBalancerSpec spec) {
    SortedSet<String> added = added(last, spec);
    if (added.isEmpty() || lastStatus.cleanupPending() || lastStatus.arn() == null) {
      return Optional.empty();
    }
    Set<String> targetGroupArns = new TreeSet<>();
    for (ListenerSpec listener : spec.listeners()) {
      Optional<String> arn =
          lastStatus.listeners().stream()
              .filter(l -> l.port() == listener.port() && l.targetGroupArn() != null)
              .map(ListenerStatus::targetGroupArn)
              .findFirst();
      if (arn.isEmpty()) {
        return Optional.empty();
      }
      targetGroupArns.add(arn.get());
    }
    // The targets' groups are told the load balancer's own groups as the source; client ranges
    // also need the subnets' CIDRs, which the full ensure reads.
    if (spec.targetIngress() != TargetIngress.OFF
        && (spec.targetIngress() != TargetIngress.LOAD_BALANCER_GROUP
            || lastStatus.securityGroupIds().isEmpty())) {
      return Optional.empty();
    }
    try {
      Map<String, String> lbTags =
          tags.describe(List.of(lastStatus.arn())).getOrDefault(lastStatus.arn(), Map.of());
      if (!asRemembered(owner, lbTags, last, lastStatus)) {
        return Optional.empty();
      }
      ObservedLoadBalancer lb =
          new ObservedLoadBalancer(
              lastStatus.arn(),
              lastStatus.name(),
              lastStatus.dnsName(),
              "internal".equals(lastStatus.scheme()) ? Scheme.INTERNAL : Scheme.INTERNET_FACING,
              lastStatus.state(),
              lastStatus.vpcId(),
              lastStatus.subnetIds(),
              lastStatus.securityGroupIds(),
              attachment.attachAdded(
                  lastStatus.arn(), lbTags, spec.autoScalingGroups(), added, targetGroupArns));
      TargetSecurityGroups.Admission admission = targetAccess.ensure(owner, spec, lb);
      LoadBalancerStatus now = lastStatus.withTargetSecurityGroups(admission.groupIds());
      if (!now.active()) {
        Optional<ObservedLoadBalancer> state = waiting.state(now.arn());
        if (state.isEmpty()) {
          return Optional.empty(); // gone since: the full ensure makes it again
        }
        now = now.withState(state.get().state(), state.get().dnsName());
      }
      LOG.debugf("load balancer %s: attached Auto Scaling groups %s", spec.name(), added);
      return Optional.of(new Ensured<>(now, ChangeOutcome.UPDATED, now.active()));
    } catch (CloudException.Conflict | CloudException.NotFound e) {
      LOG.infof(
          "load balancer %s: the remembered state is stale (%s); ensuring in full",
          spec.name(), e.getMessage());
      return Optional.empty();
    }
  }

  /**
   * The load balancer still ours, no sweep due, and its records of attached groups and of the
   * targets' security groups exactly those the memory holds (a record that differs means an ensure
   * since, or one that crashed, left something the full ensure must reconcile).
   */
  private static boolean asRemembered(
      Ownership owner,
      Map<String, String> lbTags,
      LoadBalancerSpec last,
      LoadBalancerStatus lastStatus) {
    return owner.owns(lbTags)
        && !lbTags.containsKey(TargetGroups.SWEEP_TAG)
        && AutoScalingAttachment.recorded(lbTags).equals(last.autoScalingGroups())
        && TargetSecurityGroups.recorded(lbTags)
            .equals(new TreeSet<>(lastStatus.targetSecurityGroupIds()));
  }
}
