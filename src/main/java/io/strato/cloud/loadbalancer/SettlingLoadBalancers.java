package io.strato.cloud.loadbalancer;

import io.strato.cloud.ChangeOutcome;
import io.strato.cloud.Ensured;
import io.strato.cloud.Ownership;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link LoadBalancers#ensure} for callers that poll a load balancer until it is active. An NLB is
 * born {@code provisioning}; the poll after the ensure that made everything would otherwise observe
 * the whole load balancer again (subnets, security group, listeners, target groups, tags, targets)
 * only to find it active. So when an ensure leaves nothing but the load balancer's state to settle,
 * what it answered is remembered, and the next ensure of the same owner, at the same spec version,
 * with an equal desired spec, reads only the state ({@link LoadBalancers#refreshState}).
 *
 * <p>Only a saving, never a source of truth: it is empty after a restart, an entry is dropped as
 * soon as it is used (a failed call leaves none) and kept only while the state is pending, so every
 * other ensure (a changed spec, a new version, a restart, a load balancer gone) observes in full,
 * with its ownership checks. The version is the owner's spec version (a REST resource's generation,
 * a Service's metadata.generation): it only grows, so a spec changed and changed back in between
 * (by another replica, say) is never mistaken for the remembered one. It covers only the polls
 * while waiting for active: a settled load balancer is not remembered.
 */
public final class SettlingLoadBalancers {

  /** What the last ensure of one owner applied and answered, at which spec version. */
  private record Pending(long version, LoadBalancerSpec spec, LoadBalancerStatus status) {}

  private final LoadBalancers loadBalancers;
  private final Map<String, Pending> byOwner = new ConcurrentHashMap<>();

  public SettlingLoadBalancers(LoadBalancers loadBalancers) {
    this.loadBalancers = loadBalancers;
  }

  /**
   * Ensures {@code spec} for {@code owner}, or, when the last ensure at this version applied an
   * equal spec and left only the state pending, reads that state again.
   */
  public Ensured<LoadBalancerStatus> ensure(Ownership owner, long version, LoadBalancerSpec spec) {
    Pending last = byOwner.remove(owner.ownerUid());
    if (last != null && last.version() == version && last.spec().equals(spec)) {
      Optional<LoadBalancerStatus> now = loadBalancers.refreshState(owner, last.status());
      if (now.isPresent()) {
        remember(owner, version, spec, now.get());
        return new Ensured<>(now.get(), ChangeOutcome.UNCHANGED, now.get().active());
      }
      // Gone since (deleted by hand, say): the full ensure below makes it again.
    }
    Ensured<LoadBalancerStatus> ensured = loadBalancers.ensure(owner, spec);
    if (!ensured.settled()) {
      remember(owner, version, spec, ensured.status());
    }
    return ensured;
  }

  /** Drops what is remembered for an owner: its load balancer is being deleted. */
  public void forget(String ownerUid) {
    byOwner.remove(ownerUid);
  }

  private void remember(
      Ownership owner, long version, LoadBalancerSpec spec, LoadBalancerStatus s) {
    if (s.onlyStatePending()) {
      byOwner.put(owner.ownerUid(), new Pending(version, spec, s));
    }
  }
}
