package io.strato.reconcile;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with jitter: the n-th consecutive failure waits a random time between half
 * and all of {@code base * 2^(n-1)}, capped at {@code max}. The jitter spreads retries of many keys
 * that failed together (an API outage) so they do not return as one thundering herd.
 */
public final class Backoff {

  private final long baseMillis;
  private final long maxMillis;
  private final DoubleSupplier random;

  public Backoff(Duration base, Duration max) {
    this(base, max, () -> ThreadLocalRandom.current().nextDouble());
  }

  Backoff(Duration base, Duration max, DoubleSupplier random) {
    if (base.isNegative() || base.isZero() || max.compareTo(base) < 0) {
      throw new IllegalArgumentException("need 0 < base <= max, got " + base + " and " + max);
    }
    this.baseMillis = base.toMillis();
    this.maxMillis = max.toMillis();
    this.random = random;
  }

  /** The delay before retry number {@code failures} (1 for the first failure). */
  public Duration delay(int failures) {
    int exponent = Math.max(0, Math.min(failures - 1, 30));
    long ceiling = Math.min(maxMillis, baseMillis << exponent);
    if (ceiling < 0) {
      ceiling = maxMillis;
    }
    long half = ceiling / 2;
    return Duration.ofMillis(half + (long) (random.getAsDouble() * (ceiling - half)));
  }
}
