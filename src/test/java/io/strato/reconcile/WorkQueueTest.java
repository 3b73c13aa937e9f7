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
    ReadAhead.end(); // the tests take keys on this thread, some without done
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

  @Test
  void theTakingThreadLearnsWhenItsKeyWasQueuedAndHowManyWaitBehindIt() throws Exception {
    long before = System.nanoTime();
    queue.add("a");
    queue.add("b");
    queue.add("c");
    long aQueued = queue.queuedAt("a");
    assertThat(aQueued).isGreaterThanOrEqualTo(before);
    assertThat(ReadAhead.current()).as("outside a reconcile: nothing").isEmpty();

    String a = queue.take();

    assertThat(ReadAhead.current()).contains(new ReadAhead(aQueued, 2));
    queue.done(a);
    assertThat(ReadAhead.current()).as("cleared when done").isEmpty();
    String b = queue.take();
    assertThat(ReadAhead.current().orElseThrow().othersQueued()).isEqualTo(1);
    queue.done(b);
  }

  @Test
  void aKeyAddedAgainWhileWaitingCountsFromItsNewestAdd() throws Exception {
    queue.add("a");
    long first = queue.queuedAt("a");
    queue.add("b");
    queue.add("a");

    assertThat(queue.queuedAt("a"))
        .as("a newer request: older reads may not serve it")
        .isGreaterThan(first);
    assertThat(queue.depth()).isEqualTo(2);
  }

  @Test
  void aKeyAddedWhileProcessingCountsFromWhenItsReconcileEnded() throws Exception {
    queue.add("a");
    String taken = queue.take();
    queue.add("a");
    assertThat(queue.queuedAt("a")).as("not queued while its reconcile runs").isNull();
    long ended = System.nanoTime();

    queue.done(taken);

    assertThat(queue.queuedAt("a"))
        .as("a read sent while the last reconcile ran may not show what it did")
        .isGreaterThanOrEqualTo(ended);
    queue.take();
    assertThat(ReadAhead.current().orElseThrow().queuedAtNanos()).isGreaterThanOrEqualTo(ended);
    queue.done("a");
  }

  @Test
  void aDelayedAddCountsFromWhenItFires() throws Exception {
    long before = System.nanoTime();
    queue.addAfter("a", Duration.ofMillis(20));

    String taken = queue.take();

    assertThat(ReadAhead.current().orElseThrow().queuedAtNanos())
        .isGreaterThanOrEqualTo(before + Duration.ofMillis(20).toNanos());
    queue.done(taken);
  }
}
