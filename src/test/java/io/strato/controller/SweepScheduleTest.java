package io.strato.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.strato.cloud.inventory.OrphanKind;
import io.strato.controller.sweeper.Orphan;
import io.strato.controller.sweeper.SweepReport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SweepScheduleTest {

  /** One thread: a task submitted behind a sweep runs only once that sweep has returned. */
  private final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);

  @AfterEach
  void stop() {
    scheduler.shutdownNow();
  }

  @Test
  void requestsCollapseAndNothingRunsUnasked() throws Exception {
    AtomicInteger sweeps = new AtomicInteger();
    SweepSchedule schedule =
        new SweepSchedule(
            scheduler,
            () -> {
              sweeps.incrementAndGet();
              return new SweepReport(Instant.now(), List.of(), List.of(), List.of());
            },
            Duration.ofMillis(50));
    schedule.request(Duration.ofMillis(100));
    schedule.request(Duration.ofMillis(20));
    schedule.request(Duration.ofSeconds(5));
    await().atMost(Duration.ofSeconds(5)).until(() -> sweeps.get() == 1);
    // The positive signal: the sweep has returned and had its say on what comes next.
    scheduler.submit(() -> {}).get(5, TimeUnit.SECONDS);

    assertThat(pending()).as("nothing was found, so nothing more is scheduled").isZero();
    assertThat(sweeps).hasValue(1);
  }

  /** Sweeps still scheduled (a request that another replaced stays queued, cancelled). */
  private long pending() {
    return scheduler.getQueue().stream().filter(t -> !((Future<?>) t).isCancelled()).count();
  }

  @Test
  void orphansWaitingOutTheirGraceBringAnotherSweep() {
    List<Integer> found = new ArrayList<>(List.of(1, 1, 0));
    AtomicInteger sweeps = new AtomicInteger();
    SweepSchedule schedule =
        new SweepSchedule(
            scheduler,
            () -> {
              sweeps.incrementAndGet();
              int n = found.isEmpty() ? 0 : found.remove(0);
              List<Orphan> orphans =
                  n == 0
                      ? List.of()
                      : List.of(
                          new Orphan(
                              OrphanKind.LOAD_BALANCER,
                              "arn",
                              "web",
                              "uid",
                              "Service/default/web",
                              Instant.now()));
              return new SweepReport(Instant.now(), orphans, List.of(), List.of());
            },
            Duration.ofMillis(20));
    schedule.request(Duration.ZERO);
    await().atMost(Duration.ofSeconds(10)).until(() -> sweeps.get() == 3);
  }
}
