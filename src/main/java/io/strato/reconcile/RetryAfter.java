package io.strato.reconcile;

import java.time.Duration;
import java.util.Optional;

/**
 * A failure that means "slow down": the other side throttled the call and may have said for how
 * long. {@link Controller} waits at least that long (or its own backoff, whichever is longer)
 * instead of counting an error. An interface here, implemented by the cloud's {@code Throttled}, so
 * that the engine needs nothing from the cloud side and {@code reconcile} stays the bottom layer.
 */
public interface RetryAfter {

  /** The call that was throttled, for the log. */
  String operation();

  /** How long the other side asked to wait, when it said. */
  Optional<Duration> retryAfter();
}
