package io.strato.controller.service;

import io.strato.cloud.loadbalancer.KnownTargetGroup;
import io.strato.cloud.loadbalancer.ListenerSpec;
import io.strato.cloud.loadbalancer.ListenerStatus;
import io.strato.cloud.loadbalancer.LoadBalancerSpec;
import io.strato.cloud.loadbalancer.LoadBalancerStatus;
import io.strato.cloud.loadbalancer.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The target set last made real per Service, and the target groups it was made real in, so that a
 * node event that changes nothing a load balancer cares about (a heartbeat, an unrelated label)
 * costs no cloud call, and one that does costs only the register and deregister calls, no reads.
 * Only a saving, never a source of truth: after a restart it is empty, and the first node sync or
 * Service reconcile reads the cloud again. Keyed by UID so a Service deleted and created again
 * starts afresh.
 *
 * <p>The node generation counts relevant node changes: a Service reconcile that saw the generation
 * move while it ran asks for another node sync, so a node change racing an ensure is never lost.
 */
final class AppliedTargets {

  /**
   * What was applied to one Service's load balancer.
   *
   * @param groups its target groups; empty when unknown, which sends the next change through a full
   *     observe
   * @param admittedBy the targets' security groups that admit the load balancer (target ingress);
   *     empty when none or unknown, which sends a target joining in any group to a full ensure
   */
  record Applied(List<KnownTargetGroup> groups, List<Target> targets, Set<String> admittedBy) {
    Applied {
      groups = List.copyOf(groups);
      targets = List.copyOf(targets);
      admittedBy = Set.copyOf(admittedBy);
    }
  }

  private final Map<String, Applied> byUid = new ConcurrentHashMap<>();
  private final AtomicLong nodeGeneration = new AtomicLong();

  boolean matches(String uid, List<Target> targets) {
    Applied applied = byUid.get(uid);
    return applied != null && targets.equals(applied.targets());
  }

  Optional<Applied> get(String uid) {
    return Optional.ofNullable(byUid.get(uid));
  }

  void record(
      String uid, List<KnownTargetGroup> groups, List<Target> targets, Set<String> admittedBy) {
    byUid.put(uid, new Applied(groups, targets, admittedBy));
  }

  void forget(String uid) {
    byUid.remove(uid);
  }

  long nodeGeneration() {
    return nodeGeneration.get();
  }

  void nodesChanged() {
    nodeGeneration.incrementAndGet();
  }

  /**
   * The target groups an ensure left, each with the target port the spec gave its listener; empty
   * if any listener of the spec has no group in the status yet, so nothing half-known is trusted.
   */
  static List<KnownTargetGroup> groupsOf(LoadBalancerSpec spec, LoadBalancerStatus status) {
    List<KnownTargetGroup> out = new ArrayList<>();
    for (ListenerSpec listener : spec.listeners()) {
      Optional<String> arn =
          status.listeners().stream()
              .filter(l -> l.port() == listener.port() && l.targetGroupArn() != null)
              .map(ListenerStatus::targetGroupArn)
              .findFirst();
      if (arn.isEmpty()) {
        return List.of();
      }
      out.add(new KnownTargetGroup(arn.get(), listener.targetPort()));
    }
    return out;
  }
}
