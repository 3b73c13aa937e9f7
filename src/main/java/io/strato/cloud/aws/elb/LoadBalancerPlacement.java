package io.strato.cloud.aws.elb;

import io.strato.cloud.ChangeOutcome;
import io.strato.cloud.CloudException;
import io.strato.cloud.Ownership;
import io.strato.cloud.aws.AwsTags;
import io.strato.cloud.loadbalancer.LoadBalancerSpec;
import io.strato.cloud.loadbalancer.SubnetAddresses;
import io.strato.cloud.loadbalancer.SubnetSelection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The load balancer itself: where it sits (scheme, VPC, subnets), who may reach it (security
 * groups) and its tags. Creates it, moves it in place, or replaces it when AWS cannot change what
 * differs.
 */
final class LoadBalancerPlacement {

  /**
   * The load balancer as it now is, what remains of the observation (no listeners when it was
   * replaced), its VPC, what this step did and whether a cleanup is still settling.
   */
  record Placed(
      ObservedLoadBalancer loadBalancer,
      EnsurePipeline.Observed seen,
      String vpcId,
      ChangeOutcome outcome,
      boolean pending) {}

  private final SubnetResolver subnets;
  private final ManagedSecurityGroup securityGroup;
  private final NetworkLoadBalancers loadBalancers;
  private final ElbTags tags;

  LoadBalancerPlacement(
      SubnetResolver subnets,
      ManagedSecurityGroup securityGroup,
      NetworkLoadBalancers loadBalancers,
      ElbTags tags) {
    this.subnets = subnets;
    this.securityGroup = securityGroup;
    this.loadBalancers = loadBalancers;
    this.tags = tags;
  }

  Placed ensure(Ownership owner, LoadBalancerSpec spec, EnsurePipeline.Observed seen) {
    SubnetSelection selection =
        spec.subnets() == null ? SubnetSelection.discover(null) : spec.subnets();
    SubnetResolver.Resolved placement =
        subnets.resolve(selection, spec.scheme(), clusterId(owner), seen.loadBalancer());
    ChangeOutcome outcome = ChangeOutcome.UNCHANGED;
    boolean replaced = false;
    Set<String> recordedAsgs =
        seen.loadBalancer()
            .<Set<String>>map(lb -> AutoScalingAttachment.recorded(lb.tags()))
            .orElse(Set.of());
    if (seen.loadBalancer().filter(lb -> mustReplace(lb, spec, placement)).isPresent()) {
      // Scheme and VPC cannot change on an existing load balancer: the only way is a new one.
      // Deleting it takes its listeners along; its target groups stay and are reused by name
      // (or replaced, when the VPC moved). The DNS name changes, which the status reports.
      loadBalancers.delete(seen.loadBalancer().get());
      seen = new EnsurePipeline.Observed(Optional.empty(), List.of(), seen.targetGroups());
      outcome = ChangeOutcome.UPDATED;
      replaced = true;
    }
    List<String> groupIds = spec.securityGroupIds();
    boolean manages = managesGroup(spec, seen.loadBalancer());
    if (manages) {
      ManagedSecurityGroup.Ensured group =
          securityGroup.ensure(
              owner, spec, placement.vpcId(), seen.loadBalancer().isEmpty() && !replaced);
      outcome = outcome.and(changed(group.outcome() != ChangeOutcome.UNCHANGED));
      groupIds = List.of(group.groupId());
    }
    groupIds = withExtras(groupIds, spec.extraSecurityGroupIds());
    ObservedLoadBalancer lb;
    if (seen.loadBalancer().isPresent()) {
      lb = update(owner, spec, seen.loadBalancer().get(), placement, groupIds);
      outcome = outcome.and(changed(lb != seen.loadBalancer().get()));
    } else {
      lb = create(owner, spec, placement, groupIds, recordedAsgs);
      outcome = ChangeOutcome.CREATED;
    }
    boolean pending = false;
    if (!manages) {
      // After SetSecurityGroups: a group Strato managed before the user named theirs goes now.
      ManagedSecurityGroup.Removal removal = securityGroup.delete(owner, spec.name());
      outcome = outcome.and(changed(removal.removed()));
      pending = removal.pending();
    }
    return new Placed(lb, seen, placement.vpcId(), outcome, pending);
  }

  /**
   * Whether the load balancer gets Strato's group. A new one as the spec says; an existing one as
   * it was created, since AWS can neither add security groups to an NLB created without any nor
   * remove all of them from one created with some (so switching the CCM's mode changes new load
   * balancers only).
   */
  static boolean managesGroup(LoadBalancerSpec spec, Optional<ObservedLoadBalancer> existing) {
    if (!spec.securityGroupIds().isEmpty()) {
      return false;
    }
    return existing.map(lb -> !lb.securityGroupIds().isEmpty()).orElse(spec.managesSecurityGroup());
  }

  /** The user's extra groups after the primary ones, each once, in a stable order. */
  static List<String> withExtras(List<String> primary, List<String> extras) {
    if (extras.isEmpty()) {
      return primary;
    }
    java.util.LinkedHashSet<String> all = new java.util.LinkedHashSet<>(primary);
    all.addAll(extras);
    return List.copyOf(all);
  }

  private static boolean mustReplace(
      ObservedLoadBalancer lb, LoadBalancerSpec spec, SubnetResolver.Resolved placement) {
    return lb.scheme() != spec.scheme() || !lb.vpcId().equals(placement.vpcId());
  }

  private ObservedLoadBalancer create(
      Ownership owner,
      LoadBalancerSpec spec,
      SubnetResolver.Resolved placement,
      List<String> groupIds,
      Set<String> recordedAsgs) {
    Map<String, String> tagsToWrite = new LinkedHashMap<>(tags(owner, spec));
    // Record the Auto Scaling groups before anything is attached (a replaced load balancer keeps
    // the old record too, so the attachment step still detaches from the old groups).
    Set<String> asgs = new java.util.TreeSet<>(recordedAsgs);
    asgs.addAll(spec.autoScalingGroups());
    tagsToWrite.putAll(AutoScalingAttachment.record(asgs));
    SubnetAddresses addresses = spec.subnetAddresses();
    if (!addresses.isEmpty() && addresses.count() != placement.subnetIds().size()) {
      throw new CloudException.InvalidRequest(
          "aws",
          "elbv2:CreateLoadBalancer",
          "SubnetAddressMismatch",
          addresses.count()
              + " addresses given for "
              + placement.subnetIds().size()
              + " subnets "
              + placement.subnetIds()
              + "; give one per subnet",
          null);
    }
    return loadBalancers.create(
        spec.name(), spec.scheme(), placement.subnetIds(), addresses, groupIds, tagsToWrite);
  }

  /** Moves subnets and security groups in place and reconciles tags; the same object if none. */
  private ObservedLoadBalancer update(
      Ownership owner,
      LoadBalancerSpec spec,
      ObservedLoadBalancer lb,
      SubnetResolver.Resolved placement,
      List<String> groupIds) {
    ObservedLoadBalancer current = lb;
    if (!Set.copyOf(lb.subnetIds()).equals(Set.copyOf(placement.subnetIds()))) {
      loadBalancers.setSubnets(lb.arn(), placement.subnetIds());
      current = current.withSubnets(placement.subnetIds());
    }
    if (!Set.copyOf(lb.securityGroupIds()).equals(Set.copyOf(groupIds))) {
      loadBalancers.setSecurityGroups(lb.arn(), groupIds);
      current = current.withSecurityGroups(groupIds);
    }
    Map<String, String> desired = tags(owner, spec);
    if (tags.reconcile(lb.arn(), desired, lb.tags())) {
      Map<String, String> merged = new LinkedHashMap<>(lb.tags());
      merged.keySet().removeAll(AwsTags.changes(desired, lb.tags()).remove());
      merged.putAll(desired);
      current = current.withTags(merged);
    }
    return current;
  }

  /** Ownership tags over the user's: a user tag can never impersonate an owner. */
  static Map<String, String> tags(Ownership owner, LoadBalancerSpec spec) {
    Map<String, String> desired = new LinkedHashMap<>(spec.tags());
    desired.putAll(owner.tags());
    return desired;
  }

  private static ChangeOutcome changed(boolean changed) {
    return changed ? ChangeOutcome.UPDATED : ChangeOutcome.UNCHANGED;
  }

  private static String clusterId(Ownership owner) {
    return owner.clusterId() == null || owner.clusterId().isBlank() ? null : owner.clusterId();
  }
}
