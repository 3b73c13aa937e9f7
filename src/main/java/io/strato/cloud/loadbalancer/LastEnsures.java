package io.strato.cloud.loadbalancer;

import io.strato.cloud.ChangeOutcome;
import io.strato.cloud.Ensured;
import io.strato.cloud.Ownership;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link LoadBalancers#ensure} that remembers what the last ensure of each owner applied and
 * answered, so that the next one does less:
 *
 * <ul>
 *   <li><b>Waiting for active.</b> An NLB is born {@code provisioning}; the poll after the ensure
 *       that made everything would otherwise observe the whole load balancer again (subnets,
 *       security group, listeners, target groups, tags, targets) only to find it active. When an
 *       ensure left nothing but the state to settle, the next ensure at the same spec version with
 *       an equal desired spec reads only the state ({@link LoadBalancers#refreshState}).
 *   <li><b>Listeners added</b> (only {@link #includingSettled}): when the last ensure left
 *       everything settled and the new spec is the same plus listeners on new ports, those are
 *       added without observing again ({@link LoadBalancers#addListeners}).
 *   <li><b>Auto Scaling groups added</b>: when the remembered load balancer is one this holder may
 *       answer from memory (waiting for active, or settled within the bound) and the new spec is
 *       the same plus Auto Scaling groups, they are attached without observing again ({@link
 *       LoadBalancers#addAutoScalingGroups}): a self-managed cluster's API load balancer, made
 *       before the control-plane groups it serves.
 * </ul>
 *
 * <p>Only a saving, never a source of truth: empty after a restart; an entry is taken out when it
 * is used, so a failed call leaves none; and every other ensure (a changed spec, a new version, a
 * load balancer gone, a memory the cloud contradicts) observes in full, with its ownership checks.
 * The version is the owner's spec version (a REST resource's generation, a Service's
 * metadata.generation): it only grows, so a spec changed and changed back in between (by another
 * replica, say) is never mistaken for the remembered one. A settled load balancer is remembered
 * only by {@link #includingSettled}, whose holder must not outlive its leadership term (another
 * replica may change the load balancer meanwhile); nothing polls a settled one, so idle stays idle.
 * {@link #settledForPolls} remembers a settled one too, for owners that poll it, and bounds how
 * long a change behind its back can stay unrepaired by a full ensure every so many polls.
 */
public final class LastEnsures {

  /**
   * What the last ensure of one owner applied and answered, at which spec version; {@code
   * stateReads} counts the ensures since answered by reading the state only.
   */
  private record Last(
      long version, LoadBalancerSpec spec, LoadBalancerStatus status, int stateReads) {}

  private final LoadBalancers loadBalancers;
  private final boolean rememberSettled;
  private final int settledStateReads;
  private final Map<String, Last> byOwner = new ConcurrentHashMap<>();

  private LastEnsures(LoadBalancers loadBalancers, boolean rememberSettled, int settledStateReads) {
    this.loadBalancers = loadBalancers;
    this.rememberSettled = rememberSettled;
    this.settledStateReads = settledStateReads;
  }

  /** Remembers only load balancers waiting to turn active: safe for a process-long holder. */
  public static LastEnsures whileSettling(LoadBalancers loadBalancers) {
    return new LastEnsures(loadBalancers, false, 0);
  }

  /**
   * Also answers the ensure of a settled load balancer at the same version and spec by reading its
   * state, at most {@code stateReads} times in a row: then one full ensure repairs whatever was
   * changed behind Strato's back (by hand, or by another replica that held the owner meanwhile),
   * and the count starts again. For owners polled while something else settles (a cluster's API
   * load balancer while its nodes come up), whose load balancer spec rarely changes.
   */
  public static LastEnsures settledForPolls(LoadBalancers loadBalancers, int stateReads) {
    if (stateReads < 1) {
      throw new IllegalArgumentException("stateReads must be at least 1");
    }
    return new LastEnsures(loadBalancers, false, stateReads);
  }

  /**
   * Also remembers settled load balancers, to add listeners without observing. For a holder built
   * afresh on every leadership term (the CCM's controllers), never for one that outlives it.
   */
  public static LastEnsures includingSettled(LoadBalancers loadBalancers) {
    return new LastEnsures(loadBalancers, true, 0);
  }

  /**
   * Ensures {@code spec} for {@code owner}, or, when the memory allows, only reads the state or
   * only adds listeners.
   */
  public Ensured<LoadBalancerStatus> ensure(Ownership owner, long version, LoadBalancerSpec spec) {
    Last last = byOwner.remove(owner.ownerUid());
    if (last != null && (last.status().onlyStatePending() || mayReadStateOnly(last))) {
      if (last.version() == version && last.spec().equals(spec)) {
        Optional<LoadBalancerStatus> now = loadBalancers.refreshState(owner, last.status());
        if (now.isPresent()) {
          remember(owner, version, spec, now.get(), last.stateReads() + 1);
          return new Ensured<>(now.get(), ChangeOutcome.UNCHANGED, now.get().active());
        }
        // Gone since (deleted by hand, say): the full ensure below makes it again.
      }
    } else if (last != null && rememberSettled) {
      Optional<Ensured<LoadBalancerStatus>> added =
          loadBalancers.addListeners(owner, last.spec(), last.status(), spec);
      if (added.isPresent()) {
        remember(owner, version, spec, added.get().status(), 0);
        return added.get();
      }
    }
    if (last != null
        && !last.spec().equals(spec)
        && (last.status().onlyStatePending() || mayReadStateOnly(last) || rememberSettled)) {
      Optional<Ensured<LoadBalancerStatus>> attached =
          loadBalancers.addAutoScalingGroups(owner, last.spec(), last.status(), spec);
      if (attached.isPresent()) {
        // The bound counts passes, not calls: the caller's pass was counted by the ensure just
        // before this one (a self-managed cluster attaches the groups its pass created right
        // after that pass's own ensure of the load balancer), so it is not counted twice.
        remember(owner, version, spec, attached.get().status(), last.stateReads());
        return attached.get();
      }
    }
    Ensured<LoadBalancerStatus> ensured = loadBalancers.ensure(owner, spec);
    remember(owner, version, spec, ensured.status(), 0);
    return ensured;
  }

  /** Drops what is remembered for an owner: its load balancer is being deleted. */
  public void forget(String ownerUid) {
    byOwner.remove(ownerUid);
  }

  private boolean mayReadStateOnly(Last last) {
    return settled(last.status()) && last.stateReads() < settledStateReads;
  }

  private static boolean settled(LoadBalancerStatus s) {
    return s.active() && !s.cleanupPending();
  }

  private void remember(
      Ownership owner, long version, LoadBalancerSpec spec, LoadBalancerStatus s, int stateReads) {
    if (s.onlyStatePending() || (settled(s) && (rememberSettled || settledStateReads > 0))) {
      byOwner.put(owner.ownerUid(), new Last(version, spec, s, stateReads));
    }
  }
}
