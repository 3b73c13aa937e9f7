package io.strato.controller;

import io.strato.controller.sweeper.SweepReport;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * When the orphan sweeper runs. Leaks have causes: a crash (so sweep when this replica starts
 * leading), a Service deleted behind Strato's back (so sweep shortly after any Service deletion),
 * and orphans already seen wait out their grace period (so sweep again after it). Nothing else
 * schedules a sweep, so an idle cluster costs no AWS call. An optional fixed period is a safety net
 * for operators who want one.
 */
final class SweepSchedule {

  private static final Logger LOG = Logger.getLogger(SweepSchedule.class);

  /** Lets the API server finish a deletion (and our finalizer run) before looking. */
  static final Duration AFTER_DELETION = Duration.ofSeconds(30);

  private final ScheduledExecutorService scheduler;
  private final Supplier<SweepReport> sweep;
  private final Duration gracePeriod;
  private ScheduledFuture<?> next;
  private long nextDueNanos;

  SweepSchedule(
      ScheduledExecutorService scheduler, Supplier<SweepReport> sweep, Duration gracePeriod) {
    this.scheduler = scheduler;
    this.sweep = sweep;
    this.gracePeriod = gracePeriod;
  }

  /** Asks for a sweep after the delay; an earlier one already scheduled stands. */
  synchronized void request(Duration delay) {
    long due = System.nanoTime() + delay.toNanos();
    if (next != null && !next.isDone() && nextDueNanos <= due) {
      return;
    }
    if (next != null) {
      next.cancel(false);
    }
    nextDueNanos = due;
    next = scheduler.schedule(this::run, delay.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** A fixed-period sweep on top of the events; zero means none. */
  void every(Duration period) {
    if (!period.isZero() && !period.isNegative()) {
      scheduler.scheduleWithFixedDelay(
          () -> request(Duration.ZERO),
          period.toMillis(),
          period.toMillis(),
          TimeUnit.MILLISECONDS);
    }
  }

  private void run() {
    synchronized (this) {
      next = null;
    }
    try {
      SweepReport report = sweep.get();
      if (report != null && report.found().size() > report.deleted().size()) {
        // Orphans wait out their grace period, or their deletion is still in progress.
        request(gracePeriod.plusSeconds(1));
      }
    } catch (RuntimeException e) {
      LOG.warn("orphan sweep failed; retrying after the grace period", e);
      request(gracePeriod);
    }
  }
}
