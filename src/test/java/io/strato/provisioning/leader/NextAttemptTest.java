package io.strato.provisioning.leader;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** When a refused standby tries again, as a pure function of the times it read. */
class NextAttemptTest {

  static final long T = 1_700_000_000_000L;
  static final Duration EPSILON = NextAttempt.PAST_EXPIRY;

  @Test
  void aimsJustPastTheHoldersExpiryWhenThatComesWithinTheRetryPeriod() {
    NextAttempt next = NextAttempt.afterRefusal(T, T + 3_200, Duration.ofSeconds(5));

    assertThat(next.delay()).isEqualTo(Duration.ofMillis(3_200).plus(EPSILON));
  }

  @Test
  void neverWaitsLongerThanTheRetryPeriod() {
    // A holder that renews pushes its expiry out; only reading the row again tells the standby.
    NextAttempt next = NextAttempt.afterRefusal(T, T + 3_200, Duration.ofMillis(500));

    assertThat(next.delay()).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void anExpiryFarAheadFromASkewedClockWaitsOnlyTheRetryPeriod() {
    NextAttempt next = NextAttempt.afterRefusal(T, T + 3_600_000, Duration.ofMillis(500));

    assertThat(next.delay()).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void anExpiryAlreadyPastRetriesSoonButDoesNotSpin() {
    // The row changed after the refusal (a release), or this replica's clock runs ahead.
    NextAttempt next = NextAttempt.afterRefusal(T, T - 10_000, Duration.ofMillis(500));

    assertThat(next.delay()).isEqualTo(EPSILON);
  }

  @Test
  void anExpiryExactlyNowIsTriedJustAfterIt() {
    // The take-over needs the expiry strictly in the past.
    NextAttempt next = NextAttempt.afterRefusal(T, T, Duration.ofMillis(500));

    assertThat(next.delay()).isEqualTo(EPSILON);
  }
}
