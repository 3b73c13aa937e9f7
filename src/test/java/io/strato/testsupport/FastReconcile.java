package io.strato.testsupport;

import io.strato.config.StratoConfig;
import java.time.Duration;

/**
 * The engine's settings scaled down for tests that run whole replicas: two workers, polls and
 * retries every 200 ms, and a lease short enough that a takeover is seconds away. The renew
 * deadline keeps production's ratio to the lease (three quarters), so a leader gives up before a
 * standby may take over.
 */
public record FastReconcile(Duration leaseDuration) implements StratoConfig.Reconcile {

  public static final Duration POLL = Duration.ofMillis(200);

  @Override
  public int workers() {
    return 2;
  }

  @Override
  public Duration backoffBase() {
    return Duration.ofMillis(100);
  }

  @Override
  public Duration backoffMax() {
    return Duration.ofSeconds(2);
  }

  @Override
  public Duration pollInterval() {
    return POLL;
  }

  @Override
  public Duration renewDeadline() {
    return leaseDuration.multipliedBy(3).dividedBy(4);
  }

  @Override
  public Duration retryPeriod() {
    return POLL;
  }

  @Override
  public Duration changePoll() {
    return POLL;
  }
}
