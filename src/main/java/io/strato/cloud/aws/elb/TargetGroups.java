package io.strato.cloud.aws.elb;

import io.strato.cloud.CloudException;
import io.strato.cloud.Ownership;
import io.strato.cloud.aws.OwnershipGuard;
import io.strato.cloud.loadbalancer.HealthCheckSpec;
import io.strato.cloud.loadbalancer.ListenerSpec;
import io.strato.cloud.loadbalancer.LoadBalancerSpec;
import io.strato.cloud.loadbalancer.TargetGroupAttributes;
import io.strato.cloud.loadbalancer.TargetType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The target groups of one load balancer, one per listener. They are found through the listeners
 * when everything is in place (one cheap read), and otherwise by sweeping the account for groups
 * named and tagged like this load balancer's: that finds a group created by a call whose answer was
 * lost, or left behind when a listener moved, so no twin is ever created and no leftover stays. A
 * load balancer that did not exist yet has no such history: its groups are created directly.
 */
final class TargetGroups {

  /** Ties a group to its load balancer, since two names may share a truncated prefix. */
  static final String LOAD_BALANCER_TAG = "strato.io/load-balancer";

  /**
   * Set on the load balancer before listeners leave groups that are then deleted, and cleared once
   * they are gone: a crash in between is seen by the next reconcile, which sweeps for the leftover
   * even though every listener already points where it should.
   */
  static final String SWEEP_TAG = "strato.io/target-group-sweep";

  /** The groups per listener port, those to delete once the listeners moved, and what changed. */
  record Result(
      Map<Integer, ObservedTargetGroup> byListenerPort,
      List<ObservedTargetGroup> obsolete,
      Set<String> createdArns,
      boolean changed) {}

  private final ElbTargetGroups calls;
  private final ElbTags tags;

  TargetGroups(ElbTargetGroups calls, ElbTags tags) {
    this.calls = calls;
    this.tags = tags;
  }

  static TargetType targetType(LoadBalancerSpec spec) {
    return spec.targetType() == null ? TargetType.INSTANCE : spec.targetType();
  }

  static Map<String, String> desiredTags(Ownership owner, LoadBalancerSpec spec) {
    Map<String, String> desired = new LinkedHashMap<>(spec.tags());
    desired.putAll(owner.tags());
    desired.put(LOAD_BALANCER_TAG, spec.name());
    return desired;
  }

  /** Whether tags mark a group as this owner's group of this load balancer. */
  static boolean ours(Ownership owner, String loadBalancerName, Map<String, String> groupTags) {
    return owner.owns(groupTags) && loadBalancerName.equals(groupTags.get(LOAD_BALANCER_TAG));
  }

  /** Every group named like this load balancer's, with its tags; ownership is for callers. */
  List<ObservedTargetGroup> sweep(String loadBalancerName) {
    List<ObservedTargetGroup> named =
        calls.list(name -> TargetGroupNames.matches(name, loadBalancerName));
    Map<String, Map<String, String>> byArn =
        tags.describe(named.stream().map(ObservedTargetGroup::arn).toList());
    return named.stream().map(g -> g.withTags(byArn.getOrDefault(g.arn(), Map.of()))).toList();
  }

  /**
   * Makes one group per listener exist with the desired health check, attributes and tags.
   *
   * @param referenced the groups the current listeners point at, with their tags
   * @param sweep whether to sweep even when the listeners point at exactly the desired groups
   * @param newLoadBalancer whether the load balancer did not exist when this reconcile began: its
   *     groups are then created directly instead of sweeping the account (see {@link
   *     #createForNewLoadBalancer})
   */
  Result ensure(
      Ownership owner,
      LoadBalancerSpec spec,
      String vpcId,
      List<ObservedTargetGroup> referenced,
      boolean sweep,
      boolean newLoadBalancer) {
    Map<String, ListenerSpec> desired = new LinkedHashMap<>();
    spec.listeners()
        .forEach(l -> desired.put(TargetGroupNames.of(spec.name(), l, targetType(spec)), l));
    Map<String, String> desiredTags = desiredTags(owner, spec);
    Map<String, ObservedTargetGroup> known = new LinkedHashMap<>();
    referenced.forEach(g -> known.put(g.name(), g));
    Set<String> created = new HashSet<>();
    if (newLoadBalancer && referenced.isEmpty()) {
      known.putAll(createForNewLoadBalancer(spec, desired, vpcId, desiredTags, created));
    } else if (sweep || !known.keySet().equals(desired.keySet())) {
      sweep(spec.name()).forEach(g -> known.putIfAbsent(g.name(), g));
    }
    Map<Integer, ObservedTargetGroup> byPort = new LinkedHashMap<>();
    boolean changed = !created.isEmpty();
    for (Map.Entry<String, ListenerSpec> entry : desired.entrySet()) {
      String name = entry.getKey();
      ListenerSpec listener = entry.getValue();
      ObservedTargetGroup group = known.get(name);
      if (group != null) {
        OwnershipGuard.requireOwned(
            owner, "elbv2:CreateTargetGroup", "target group " + name, group.tags());
        if (!group.vpcId().equals(vpcId)) {
          // Target groups are bound to a VPC and this name is needed in the new one. The load
          // balancer that used the group was replaced in this same reconcile, so it is free.
          if (!calls.delete(group)) {
            throw new CloudException.Conflict(
                "aws", "elbv2:DeleteTargetGroup", "target group " + name + " still in use", null);
          }
          group = null;
        }
      }
      boolean fresh = group == null || created.contains(group.arn());
      if (group == null) {
        group = calls.create(name, listener, targetType(spec), vpcId, desiredTags);
        created.add(group.arn());
        changed = true;
      } else if (fresh) {
        // Created a moment ago with the desired settings; AWS may have answered an earlier twin
        // (a lost answer) whose tags are older.
        changed |= tags.reconcile(group.arn(), desiredTags, group.tags());
      } else {
        changed |= reconcileExisting(group, listener, desiredTags);
      }
      changed |= reconcileAttributes(group.arn(), listener.attributes(), fresh);
      byPort.put(listener.port(), group);
    }
    List<ObservedTargetGroup> obsolete = new ArrayList<>();
    known.values().stream()
        .filter(g -> !desired.containsKey(g.name()))
        .filter(g -> ours(owner, spec.name(), g.tags()))
        .forEach(obsolete::add);
    return new Result(byPort, obsolete, created, changed || !obsolete.isEmpty());
  }

  /**
   * The groups of a load balancer that did not exist when this reconcile began, found without
   * listing every group in the account (a listing grows with the account and was the slowest call
   * of a create). Each group is created directly; a name AWS refuses as taken is looked up by name.
   * Since AWS answers a create whose name and settings match an existing group with that group,
   * whoever owns it, every group's tags are then read in one batch, and the caller refuses a group
   * that is not this owner's before touching it.
   *
   * <p>No leftover is missed: a crash after any of these calls leaves the load balancer in place,
   * so the next reconcile is not a new one and sweeps; groups of an earlier load balancer of the
   * same name that no listener wants any more go with the teardown's sweep.
   *
   * @param created receives the ARNs this call created (or that AWS answered for a create)
   */
  private Map<String, ObservedTargetGroup> createForNewLoadBalancer(
      LoadBalancerSpec spec,
      Map<String, ListenerSpec> desired,
      String vpcId,
      Map<String, String> desiredTags,
      Set<String> created) {
    Map<String, ObservedTargetGroup> untagged = new LinkedHashMap<>();
    for (Map.Entry<String, ListenerSpec> entry : desired.entrySet()) {
      String name = entry.getKey();
      Optional<ObservedTargetGroup> made =
          calls.createUnlessNameTaken(name, entry.getValue(), targetType(spec), vpcId, desiredTags);
      made.ifPresent(g -> created.add(g.arn()));
      // Absent after a refusal means the holder went away in between: the main pass creates it.
      made.or(() -> calls.findByName(name)).ifPresent(g -> untagged.put(name, g));
    }
    Map<String, Map<String, String>> byArn =
        tags.describe(untagged.values().stream().map(ObservedTargetGroup::arn).toList());
    Map<String, ObservedTargetGroup> out = new LinkedHashMap<>();
    untagged.forEach((name, g) -> out.put(name, g.withTags(byArn.getOrDefault(g.arn(), Map.of()))));
    return out;
  }

  private boolean reconcileExisting(
      ObservedTargetGroup group, ListenerSpec listener, Map<String, String> desiredTags) {
    boolean changed = false;
    HealthCheckSpec check = TargetGroupSettings.desiredHealthCheck(listener);
    if (!check.equals(group.healthCheck())) {
      calls.modifyHealthCheck(group.arn(), check);
      changed = true;
    }
    return tags.reconcile(group.arn(), desiredTags, group.tags()) || changed;
  }

  /**
   * Writes only the attributes that differ. A group created a moment ago has AWS defaults, so its
   * attributes are set without reading them first.
   */
  private boolean reconcileAttributes(String arn, TargetGroupAttributes attributes, boolean fresh) {
    Map<String, String> desired =
        (attributes == null ? TargetGroupAttributes.NONE : attributes).asAwsAttributes();
    if (desired.isEmpty()) {
      return false;
    }
    Map<String, String> changes =
        fresh ? desired : TargetGroupSettings.attributeChanges(desired, calls.attributes(arn));
    if (changes.isEmpty()) {
      return false;
    }
    calls.modifyAttributes(arn, changes);
    return true;
  }
}
