package io.strato.provisioning.audit;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.strato.config.StratoConfig;
import io.strato.provisioning.ProvisioningEngine;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Keeps the audit trail bounded: every replica writes its count of unauthenticated refusals as one
 * entry per period, and the provisioning leader (one per shared store) deletes entries past the
 * retention, so replicas do not race each other's deletes.
 */
@ApplicationScoped
public class AuditHousekeeping {

  private static final Logger LOG = Logger.getLogger(AuditHousekeeping.class);

  private final StratoConfig.Audit settings;
  private final Provider<AuditLog> audit;
  private final AnonymousRefusals refusals;
  private final Provider<ProvisioningEngine> engine;
  private final Clock clock = Clock.systemUTC();
  private ScheduledExecutorService timer;

  @Inject
  public AuditHousekeeping(
      StratoConfig config,
      Provider<AuditLog> audit,
      AnonymousRefusals refusals,
      Provider<ProvisioningEngine> engine) {
    this.settings = config.audit();
    this.audit = audit;
    this.refusals = refusals;
    this.engine = engine;
  }

  void start(@Observes StartupEvent event) {
    timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "audit-housekeeping");
              t.setDaemon(true);
              return t;
            });
    every(settings.refusalSummaryInterval(), this::summarizeRefusals);
    every(settings.pruneInterval(), this::pruneIfLeading);
  }

  void stop(@Observes ShutdownEvent event) {
    if (timer != null) {
      timer.shutdownNow();
    }
    summarizeRefusals();
  }

  /** Writes one entry for the refusals counted since the last one, if there were any. */
  public void summarizeRefusals() {
    long count = refusals.takeCount();
    if (count == 0) {
      return;
    }
    try {
      audit.get().recordAnonymousRefusals(count);
    } catch (RuntimeException e) {
      refusals.giveBack(count);
      LOG.warnf("audit log: could not write the summary of %d refusals: %s", count, e.getMessage());
    }
  }

  /** Deletes entries older than the retention, on the provisioning leader only. */
  public int pruneIfLeading() {
    if (!engine.get().leading()) {
      return 0;
    }
    Instant cutoff = clock.instant().minus(settings.retention());
    try {
      int deleted = audit.get().deleteOlderThan(cutoff);
      if (deleted > 0) {
        LOG.infof("audit log: deleted %d entries older than %s", deleted, cutoff);
      }
      return deleted;
    } catch (RuntimeException e) {
      LOG.warnf("audit log: could not delete old entries: %s", e.getMessage());
      return 0;
    }
  }

  private void every(Duration period, Runnable task) {
    long ms = period.toMillis();
    timer.scheduleAtFixedRate(task, ms, ms, TimeUnit.MILLISECONDS);
  }
}
