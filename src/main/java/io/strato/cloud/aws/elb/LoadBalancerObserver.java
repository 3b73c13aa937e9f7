package io.strato.cloud.aws.elb;

import io.strato.cloud.Ownership;
import io.strato.cloud.aws.OwnershipGuard;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads what exists for a load balancer name in the fewest calls: the load balancer, its listeners,
 * the target groups they forward to, and the tags of all of these in one batch. Refuses (with a
 * Conflict) a load balancer another owner holds.
 */
final class LoadBalancerObserver {

  private final NetworkLoadBalancers loadBalancers;
  private final Listeners listeners;
  private final ElbTargetGroups targetGroups;
  private final ElbTags tags;

  LoadBalancerObserver(
      NetworkLoadBalancers loadBalancers,
      Listeners listeners,
      ElbTargetGroups targetGroups,
      ElbTags tags) {
    this.loadBalancers = loadBalancers;
    this.listeners = listeners;
    this.targetGroups = targetGroups;
    this.tags = tags;
  }

  EnsurePipeline.Observed observe(Ownership owner, String name) {
    Optional<ObservedLoadBalancer> found = loadBalancers.findBeforeEnsure(name);
    if (found.isEmpty()) {
      return new EnsurePipeline.Observed(Optional.empty(), List.of(), List.of());
    }
    ObservedLoadBalancer lb = found.get();
    List<ObservedListener> current = listeners.describe(lb.arn());
    List<ObservedTargetGroup> groups =
        targetGroups.describe(
            current.stream()
                .map(ObservedListener::targetGroupArn)
                .filter(Objects::nonNull)
                .distinct()
                .toList());
    List<String> arns = new ArrayList<>();
    arns.add(lb.arn());
    groups.forEach(g -> arns.add(g.arn()));
    Map<String, Map<String, String>> byArn = tags.describe(arns);
    lb = lb.withTags(byArn.getOrDefault(lb.arn(), Map.of()));
    requireOwned(owner, lb);
    return new EnsurePipeline.Observed(
        Optional.of(lb),
        current,
        groups.stream().map(g -> g.withTags(byArn.getOrDefault(g.arn(), Map.of()))).toList());
  }

  /** The load balancer with its tags and listeners only (no target group details): for get. */
  Optional<EnsurePipeline.Observed> observeShallow(Ownership owner, String name) {
    Optional<ObservedLoadBalancer> lb = loadBalancers.findTagged(name);
    lb.ifPresent(l -> requireOwned(owner, l));
    return lb.map(l -> new EnsurePipeline.Observed(lb, listeners.describe(l.arn()), List.of()));
  }

  static void requireOwned(Ownership owner, ObservedLoadBalancer lb) {
    OwnershipGuard.requireOwned(
        owner, "elbv2:CreateLoadBalancer", "network load balancer " + lb.name(), lb.tags());
  }
}
