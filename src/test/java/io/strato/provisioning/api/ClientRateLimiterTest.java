package io.strato.provisioning.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ClientRateLimiterTest {

  private final AtomicLong now = new AtomicLong();

  @Test
  void aBurstThenTheSteadyRate() {
    ClientRateLimiter limiter = new ClientRateLimiter(2, 3, 100, now::get);
    for (int i = 0; i < 3; i++) {
      assertThat(limiter.acquire("a")).isZero();
    }
    assertThat(limiter.acquire("a")).isEqualTo(Duration.ofMillis(500));
    assertThat(limiter.acquire("b")).as("another client has its own bucket").isZero();
    now.addAndGet(Duration.ofMillis(500).toNanos());
    assertThat(limiter.acquire("a")).isZero();
    assertThat(limiter.acquire("a")).isPositive();
  }

  @Test
  void memoryStaysBoundedByDroppingIdleClientsFirst() {
    ClientRateLimiter limiter = new ClientRateLimiter(1, 1, 3, now::get);
    limiter.acquire("busy");
    limiter.acquire("idle-1");
    limiter.acquire("idle-2");
    now.addAndGet(Duration.ofSeconds(5).toNanos()); // everyone's bucket refills
    limiter.acquire("busy");
    limiter.acquire("new");
    assertThat(limiter.clients()).isLessThanOrEqualTo(3);
    assertThat(limiter.acquire("busy")).as("the busy client kept its empty bucket").isPositive();
  }
}
