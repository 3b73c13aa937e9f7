package io.strato.cloud.aws.elb;

import io.strato.cloud.Deletion;
import io.strato.cloud.Ownership;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * {@code ensureDeleted} in dependency order: take its rules out of the targets' security groups,
 * detach from the Auto Scaling groups, delete the load balancer (AWS deletes its listeners with
 * it), then its target groups and the managed security group. Each step treats "already gone" as
 * done. Target groups are found by name and tag rather than through the load balancer, so a crash
 * between any two steps (or during a create) leaves nothing behind for good. Nothing is deleted
 * without its ownership tags read first; the tags of the load balancer and of every group named
 * like its own come in one batched read.
 */
final class LoadBalancerTeardown {

  private static final Logger LOG = Logger.getLogger(LoadBalancerTeardown.class);

  private final NetworkLoadBalancers loadBalancers;
  private final ElbTargetGroups targetGroupCalls;
  private final ElbTags tags;
  private final AutoScalingAttachment autoScaling;
  private final ManagedSecurityGroup securityGroup;
  private final TargetSecurityGroups targetAccess;

  LoadBalancerTeardown(
      NetworkLoadBalancers loadBalancers,
      ElbTargetGroups targetGroupCalls,
      ElbTags tags,
      AutoScalingAttachment autoScaling,
      ManagedSecurityGroup securityGroup,
      TargetSecurityGroups targetAccess) {
    this.targetAccess = targetAccess;
    this.loadBalancers = loadBalancers;
    this.targetGroupCalls = targetGroupCalls;
    this.tags = tags;
    this.autoScaling = autoScaling;
    this.securityGroup = securityGroup;
  }

  Deletion ensureDeleted(Ownership owner, String name) {
    Optional<ObservedLoadBalancer> found = loadBalancers.find(name);
    List<ObservedTargetGroup> named =
        targetGroupCalls.list(group -> TargetGroupNames.matches(group, name));
    List<String> arns = new ArrayList<>();
    found.ifPresent(lb -> arns.add(lb.arn()));
    named.forEach(g -> arns.add(g.arn()));
    Map<String, Map<String, String>> byArn = tags.describe(arns);
    Optional<ObservedLoadBalancer> lb =
        found.map(l -> l.withTags(byArn.getOrDefault(l.arn(), Map.of())));
    if (lb.isPresent() && !owner.owns(lb.get().tags())) {
      // Someone else's load balancer under this name: nothing of ours is in it. Never touch it.
      LOG.warnf("load balancer %s belongs to another owner; leaving it alone", name);
      lb = Optional.empty();
    }
    List<ObservedTargetGroup> groups =
        named.stream()
            .map(g -> g.withTags(byArn.getOrDefault(g.arn(), Map.of())))
            .filter(g -> TargetGroups.ours(owner, name, g.tags()))
            .toList();
    boolean remaining = false;
    if (lb.isPresent()) {
      // First, while the load balancer still records which groups hold its rules; a rule naming
      // the managed group would also keep that group from being deleted.
      targetAccess.revokeAll(owner, lb.get());
      Set<String> asgs = AutoScalingAttachment.recorded(lb.get().tags());
      if (!asgs.isEmpty() && !groups.isEmpty()) {
        autoScaling.detachAll(asgs, arns(groups));
      }
      loadBalancers.delete(lb.get());
      // A second load balancer of ours under this name (an emulator that made a twin when the SDK
      // retried a create whose answer was lost; found by the fault injection campaign) is deleted
      // on the next pass instead of leaking.
      remaining |=
          loadBalancers.findTagged(name).filter(twin -> owner.owns(twin.tags())).isPresent();
    }
    for (ObservedTargetGroup group : groups) {
      // AWS may count a group in use for a moment after its load balancer went: then it is
      // deleted on the next pass.
      remaining |= !targetGroupCalls.delete(group);
    }
    remaining |= securityGroup.delete(owner, name).pending();
    return remaining ? Deletion.IN_PROGRESS : Deletion.GONE;
  }

  private static Set<String> arns(List<ObservedTargetGroup> groups) {
    return groups.stream().map(ObservedTargetGroup::arn).collect(Collectors.toSet());
  }
}
