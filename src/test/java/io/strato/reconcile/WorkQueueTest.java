package io.strato.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WorkQueueTest {

  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final WorkQueue<String> queue =
      new WorkQueue<>(scheduler, new Backoff(Duration.ofMillis(10), Duration.ofSeconds(1)));

  @AfterEach
  void stop() {
    queue.shutdown();
    scheduler.shutdownNow();
  }

  @Test
  void aKeyAddedManyTimesIsQueuedOnce() throws Exception {
    queue.add("a");
    queue.add("a");
    queue.add("b");
    queue.add("a");
    assertThat(queue.depth()).isEqualTo(2);
    assertThat(queue.take()).isEqualTo("a");
    assertThat(queue.take()).isEqualTo("b");
  }

  @Test
  void aKeyAddedWhileProcessingIsHeldBackUntilDone() throws Exception {
    queue.add("a");
    String taken = queue.take();
    queue.add("a");
    assertThat(queue.depth()).as("never handed to a second worker").isZero();
    queue.done(taken);
    assertThat(queue.depth()).isEqualTo(1);
    assertThat(queue.take()).isEqualTo("a");
  }

  @Test
  void delayedAddsKeepTheEarliestAndAnImmediateAddCancelsThem() throws Exception {
    queue.addAfter("a", Duration.ofHours(1));
    queue.addAfter("a", Duration.ofMillis(20));
    queue.addAfter("a", Duration.ofHours(2));
    assertThat(queue.delayedCount()).isEqualTo(1);
    assertThat(queue.take()).isEqualTo("a");
    queue.done("a");

    queue.addAfter("b", Duration.ofHours(1));
    queue.add("b");
    assertThat(queue.delayedCount()).as("the pending timer is redundant").isZero();
  }

  @Test
  void rateLimitedAddsGrowUntilForgotten() {
    Duration first = queue.addRateLimited("a");
    Duration second = queue.addRateLimited("a");
    Duration third = queue.addRateLimited("a");
    assertThat(third).isGreaterThan(first);
    assertThat(second).isGreaterThanOrEqualTo(Duration.ofMillis(10));
    queue.forget("a");
    assertThat(queue.addRateLimited("a")).isLessThanOrEqualTo(Duration.ofMillis(10));
  }

  @Test
  void shutdownReleasesWaitingWorkers() throws Exception {
    Thread t =
        new Thread(
            () -> {
              try {
                assertThat(queue.take()).isNull();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    t.start();
    queue.shutdown();
    t.join(2000);
    assertThat(t.isAlive()).isFalse();
  }
}
