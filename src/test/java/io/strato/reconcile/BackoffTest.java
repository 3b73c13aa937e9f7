package io.strato.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

  @Test
  void doublesPerFailureUpToTheCap() {
    Backoff top = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(10), () -> 0.999999);
    assertThat(top.delay(1)).isBetween(Duration.ofMillis(99), Duration.ofMillis(100));
    assertThat(top.delay(2)).isBetween(Duration.ofMillis(199), Duration.ofMillis(200));
    assertThat(top.delay(4)).isBetween(Duration.ofMillis(799), Duration.ofMillis(800));
    assertThat(top.delay(30)).isBetween(Duration.ofMillis(9999), Duration.ofSeconds(10));
    assertThat(top.delay(1000)).isLessThanOrEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void jitterStaysBetweenHalfAndAllOfTheCeiling() {
    Backoff bottom = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(10), () -> 0.0);
    assertThat(bottom.delay(3)).isEqualTo(Duration.ofMillis(200));
    Backoff real = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(10));
    for (int i = 0; i < 1000; i++) {
      assertThat(real.delay(3)).isBetween(Duration.ofMillis(200), Duration.ofMillis(400));
    }
  }

  @Test
  void refusesAnInvertedRange() {
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
