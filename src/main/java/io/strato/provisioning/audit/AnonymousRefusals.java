package io.strato.provisioning.audit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Change requests refused without a principal (no token, or one that failed verification). Anyone
 * on the network can send them, so each costs a counter increment, not a database row: the metric
 * {@code strato_audit_anonymous_refusals_total} for monitoring, and a running count that {@link
 * AuditHousekeeping} turns into one audit entry per period.
 */
@ApplicationScoped
public class AnonymousRefusals {

  private final Counter total;
  private final AtomicLong sinceSummary = new AtomicLong();

  @Inject
  public AnonymousRefusals(MeterRegistry registry) {
    this.total =
        Counter.builder("strato.audit.anonymous.refusals")
            .description("change requests under /api refused without a valid token")
            .register(registry);
  }

  public void count() {
    total.increment();
    sinceSummary.incrementAndGet();
  }

  /** The refusals since the last call, and zero from now on. */
  long takeCount() {
    return sinceSummary.getAndSet(0);
  }

  /** Puts back a count that could not be written, so the next summary includes it. */
  void giveBack(long count) {
    sinceSummary.addAndGet(count);
  }
}
