package io.strato.provisioning.leader;

import java.time.Clock;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Leader election for provisioning among replicas sharing one store, on a {@link StoreLease}. Only
 * the leader reconciles; the others serve the REST API and stand by. Like client-go's elector: the
 * holder stops acting once it has failed to renew for {@code renewDeadline}, which is shorter than
 * the lease, so it has stopped before another replica can take over.
 */
public final class ProvisioningLeadership {

  private static final Logger LOG = Logger.getLogger(ProvisioningLeadership.class);

  /** What happens on transitions; called from the thread that calls {@link #tick()}. */
  public interface Listener {
    void startedLeading();

    void stoppedLeading();

    /**
     * Called once, the first time the lease is found held by another replica while this one does
     * not lead: this replica is a standby, so a takeover is plausible and it may prepare for it.
     * Never called on a replica that takes the lease on its first try. Must return at once.
     */
    default void standingBy() {}
  }

  private final StoreLease lease;
  private final String identity;
  private final Duration leaseDuration;
  private final Duration renewDeadline;
  private final Duration retryPeriod;
  private final Clock clock;
  private final Listener listener;
  private volatile boolean leading;
  private long lastRenewMillis;
  private boolean stoodBy;

  public ProvisioningLeadership(
      StoreLease lease,
      String identity,
      Duration leaseDuration,
      Duration renewDeadline,
      Duration retryPeriod,
      Clock clock,
      Listener listener) {
    if (renewDeadline.compareTo(leaseDuration) >= 0) {
      throw new IllegalArgumentException("the renew deadline must be shorter than the lease");
    }
    if (retryPeriod.compareTo(renewDeadline) >= 0) {
      throw new IllegalArgumentException(
          "the retry period must be shorter than the renew deadline");
    }
    this.lease = lease;
    this.identity = identity;
    this.leaseDuration = leaseDuration;
    this.renewDeadline = renewDeadline;
    this.retryPeriod = retryPeriod;
    this.clock = clock;
    this.listener = listener;
  }

  public boolean leading() {
    return leading;
  }

  public String identity() {
    return identity;
  }

  /**
   * One round: acquire or renew, and notice a lost lease.
   *
   * @return when to run the next round: a retry period from now, or for a refused standby just
   *     after the holder's lease expires if that comes sooner
   */
  public synchronized NextAttempt tick() {
    long now = clock.millis();
    StoreLease.Attempt attempt = null;
    try {
      attempt = lease.attempt(identity, now, leaseDuration);
    } catch (RuntimeException e) {
      LOG.warnf("provisioning lease: store unreachable: %s", e.getMessage());
    }
    boolean held = attempt != null && attempt.held();
    if (held) {
      lastRenewMillis = now;
      if (!leading) {
        leading = true;
        LOG.infof("provisioning: %s is now the leader", identity);
        listener.startedLeading();
      }
    } else if (leading && now - lastRenewMillis >= renewDeadline.toMillis()) {
      leading = false;
      LOG.warnf("provisioning: %s lost the lease and stops reconciling", identity);
      listener.stoppedLeading();
    }
    // An unreachable store says nothing about who holds the lease, so only a refusal counts.
    if (attempt == null || held) {
      return NextAttempt.inRetryPeriod(retryPeriod);
    }
    if (!leading && !stoodBy) {
      stoodBy = true;
      LOG.infof("provisioning: %s stands by, the lease is held by another replica", identity);
      listener.standingBy();
    }
    // Measured after the round: the statements and the listener took time of their own.
    return NextAttempt.afterRefusal(clock.millis(), attempt.expiresAtMillis(), retryPeriod);
  }

  /** Steps down and frees the lease for a standby (clean shutdown). */
  public synchronized void release() {
    if (leading) {
      leading = false;
      listener.stoppedLeading();
    }
    try {
      lease.release(identity);
    } catch (RuntimeException e) {
      LOG.warnf("provisioning lease: could not release: %s", e.getMessage());
    }
  }
}
