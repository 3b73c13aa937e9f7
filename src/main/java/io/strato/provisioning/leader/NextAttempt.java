package io.strato.provisioning.leader;

import java.time.Duration;

/**
 * When a replica should next try the provisioning lease, as {@link ProvisioningLeadership#tick()}
 * answers it to the scheduler that drives it.
 *
 * <p>A leader renews every retry period. A standby that was refused knows when the holder's lease
 * ends, and tries again just after that moment rather than at its next periodic tick, which could
 * be up to a retry period later: after a leader dies that retry period is pure lost time in the
 * takeover (client-go's elector, polling every retry period with jitter, pays it too; etcd's
 * election does not, as it watches the holder's key go away instead of polling). It still tries at
 * least every retry period, because a holder that renews pushes the expiry out and reading the row
 * again is how the standby learns it.
 */
public record NextAttempt(Duration delay) {

  /**
   * Past the expiry by this much: the take-over statement needs the expiry strictly in the past,
   * and a few milliseconds absorb the scheduler waking a little early.
   */
  static final Duration PAST_EXPIRY = Duration.ofMillis(5);

  public NextAttempt {
    if (delay.isNegative()) {
      throw new IllegalArgumentException("a delay cannot be negative: " + delay);
    }
  }

  /** The periodic attempt: a leader renewing, or a replica that could not reach the store. */
  public static NextAttempt inRetryPeriod(Duration retryPeriod) {
    return new NextAttempt(retryPeriod);
  }

  /**
   * After a refusal read at {@code nowMillis}: just past the holder's expiry, but never later than
   * one retry period from now nor sooner than {@link #PAST_EXPIRY}.
   *
   * <p>Both times are on the same footing the lease itself uses: the expiry was written by the
   * holder's clock, and whether it has passed is decided by the contender's clock (the take-over
   * statement compares it with the contender's "now"). Aiming at it on this replica's clock is the
   * first moment that statement can succeed here, so this is exactly as safe under clock skew as
   * trying every retry period was: the attempt can only succeed when a periodic one at the same
   * instant would have. Skew makes the computed delay wrong in either direction; the bounds keep a
   * skewed expiry far ahead from delaying beyond a retry period, and one already passed (the row
   * changed after the refusal, or this clock runs ahead) from spinning.
   */
  public static NextAttempt afterRefusal(
      long nowMillis, long holderExpiresAtMillis, Duration retryPeriod) {
    long untilExpiry = holderExpiresAtMillis + PAST_EXPIRY.toMillis() - nowMillis;
    long delay = Math.max(PAST_EXPIRY.toMillis(), Math.min(untilExpiry, retryPeriod.toMillis()));
    return new NextAttempt(Duration.ofMillis(delay));
  }
}
