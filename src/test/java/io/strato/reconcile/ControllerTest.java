package io.strato.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.strato.cloud.CloudException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ControllerTest {

  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final Backoff fast = new Backoff(Duration.ofMillis(5), Duration.ofMillis(50));
  private Controller<String> controller;

  @AfterEach
  void stop() {
    if (controller != null) {
      controller.close();
    }
    scheduler.shutdownNow();
  }

  private Controller<String> start(Reconciler<String> reconciler, int workers) {
    controller = new Controller<>("test", reconciler, workers, fast, scheduler, registry);
    controller.start();
    return controller;
  }

  @Test
  void closingStopsAReconcileInFlightBeforeItsNextCall() throws Exception {
    // Closing is what a replica does when it loses its lease: whatever a reconcile would call
    // next, another leader may already be calling.
    java.util.concurrent.CountDownLatch inFlight = new java.util.concurrent.CountDownLatch(1);
    AtomicInteger callsAfterWait = new AtomicInteger();
    AtomicInteger interrupted = new AtomicInteger();
    start(
        key -> {
          inFlight.countDown();
          try {
            Thread.sleep(Duration.ofMinutes(5).toMillis()); // stands for a call that hangs
          } catch (InterruptedException e) {
            interrupted.incrementAndGet();
            throw e;
          }
          callsAfterWait.incrementAndGet(); // the next cloud call
          return Result.done();
        },
        1);
    controller.enqueue("a");
    inFlight.await();

    controller.close();

    assertThat(interrupted).hasValue(1);
    assertThat(callsAfterWait).hasValue(0);
  }

  @Test
  void closingAfterInFlightLetsTheReconcileFinishUninterrupted() throws Exception {
    // For workers inside embedded H2's file I/O, which an interrupt would break.
    java.util.concurrent.CountDownLatch inFlight = new java.util.concurrent.CountDownLatch(1);
    AtomicInteger finished = new AtomicInteger();
    AtomicInteger interrupted = new AtomicInteger();
    start(
        key -> {
          inFlight.countDown();
          try {
            Thread.sleep(200); // stands for a write in progress
          } catch (InterruptedException e) {
            interrupted.incrementAndGet();
            throw e;
          }
          finished.incrementAndGet();
          return Result.done();
        },
        1);
    controller.enqueue("a");
    inFlight.await();

    controller.closeAfterInFlight();

    assertThat(interrupted).hasValue(0);
    assertThat(finished).hasValue(1);
  }

  @Test
  void neverReconcilesOneKeyTwiceAtOnceButRunsKeysInParallel() {
    Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    AtomicInteger overlap = new AtomicInteger();
    AtomicInteger maxParallel = new AtomicInteger();
    AtomicInteger running = new AtomicInteger();
    AtomicInteger runs = new AtomicInteger();
    start(
        key -> {
          if (inFlight.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet() > 1) {
            overlap.incrementAndGet();
          }
          maxParallel.accumulateAndGet(running.incrementAndGet(), Math::max);
          Thread.sleep(20); // simulates a slow cloud call inside the test reconciler only
          running.decrementAndGet();
          inFlight.get(key).decrementAndGet();
          runs.incrementAndGet();
          return Result.done();
        },
        4);
    for (int round = 0; round < 10; round++) {
      for (String key : new String[] {"a", "b", "c", "d"}) {
        controller.enqueue(key);
      }
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> runs.get() >= 4 && running.get() == 0);
    assertThat(overlap).hasValue(0);
    assertThat(maxParallel.get()).isGreaterThan(1);
  }

  @Test
  void aFailingKeyIsRetriedWithBackoffUntilItSucceeds() {
    AtomicInteger attempts = new AtomicInteger();
    start(
        key -> {
          if (attempts.incrementAndGet() < 4) {
            throw new IllegalStateException("not yet");
          }
          return Result.done();
        },
        1);
    controller.enqueue("a");
    await().atMost(Duration.ofSeconds(5)).until(() -> attempts.get() == 4);
    assertThat(
            registry
                .counter("strato.reconcile.total", "controller", "test", "outcome", "error")
                .count())
        .isEqualTo(3);
    assertThat(
            registry
                .counter("strato.reconcile.total", "controller", "test", "outcome", "success")
                .count())
        .isEqualTo(1);
  }

  @Test
  void aRequeueAskedForComesBackAfterItsDelay() {
    AtomicInteger attempts = new AtomicInteger();
    start(
        key -> attempts.incrementAndGet() < 3 ? Result.after(Duration.ofMillis(30)) : Result.done(),
        1);
    controller.enqueue("a");
    await().atMost(Duration.ofSeconds(5)).until(() -> attempts.get() == 3);
  }

  @Test
  void throttlingHonoursTheCloudsRetryAfter() {
    AtomicInteger attempts = new AtomicInteger();
    long[] times = new long[2];
    start(
        key -> {
          int n = attempts.getAndIncrement();
          times[Math.min(n, 1)] = System.nanoTime();
          if (n == 0) {
            throw new CloudException.Throttled(
                "aws", "CreateLoadBalancer", "slow down", Duration.ofMillis(300), null);
          }
          return Result.done();
        },
        1);
    controller.enqueue("a");
    await().atMost(Duration.ofSeconds(5)).until(() -> attempts.get() == 2);
    assertThat(Duration.ofNanos(times[1] - times[0]))
        .isGreaterThanOrEqualTo(Duration.ofMillis(290));
  }
}
