package io.strato.cloud.aws.elb;

import io.strato.cloud.CloudException;
import io.strato.cloud.Ownership;
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
import java.util.Set;

/**
 * The target groups of one load balancer, one per listener. They are found through the listeners
 * when everything is in place (one cheap read), and otherwise by sweeping the account for groups
 * named and tagged like this load balancer's: that finds a group created by a call whose answer was
 * lost, or left behind when a listener moved, so no twin is ever created and no leftover stays.
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
   */
  Result ensure(
      Ownership owner,
      LoadBalancerSpec spec,
      String vpcId,
      List<ObservedTargetGroup> referenced,
      boolean sweep) {
    Map<String, ListenerSpec> desired = new LinkedHashMap<>();
    spec.listeners()
        .forEach(l -> desired.put(TargetGroupNames.of(spec.name(), l, targetType(spec)), l));
    Map<String, ObservedTargetGroup> known = new LinkedHashMap<>();
    referenced.forEach(g -> known.put(g.name(), g));
    if (sweep || !known.keySet().equals(desired.keySet())) {
      sweep(spec.name()).forEach(g -> known.putIfAbsent(g.name(), g));
    }
    Map<String, String> desiredTags = desiredTags(owner, spec);
    Map<Integer, ObservedTargetGroup> byPort = new LinkedHashMap<>();
    Set<String> created = new HashSet<>();
    boolean changed = false;
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
      boolean fresh = group == null;
      if (fresh) {
        group = calls.create(name, listener, targetType(spec), vpcId, desiredTags);
        created.add(group.arn());
        changed = true;
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
