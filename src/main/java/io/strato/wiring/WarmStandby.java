package io.strato.wiring;

import io.strato.reconcile.StandbyPreparation;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Runs a standby's preparation once, on a daemon thread at the lowest priority: the CCM and the
 * provisioning engine each ask when they find another replica leading, and the work must neither
 * delay a lease renewal nor compete with the REST API the standby serves.
 */
final class WarmStandby implements StandbyPreparation {

  private static final Logger LOG = Logger.getLogger(WarmStandby.class);

  private final Runnable warmUp;
  private final AtomicBoolean started = new AtomicBoolean();

  WarmStandby(Runnable warmUp) {
    this.warmUp = warmUp;
  }

  @Override
  public void prepare() {
    if (!started.compareAndSet(false, true)) {
      return;
    }
    Thread thread = new Thread(this::warmUp, "strato-warm-standby");
    thread.setDaemon(true);
    thread.setPriority(Thread.MIN_PRIORITY);
    thread.start();
  }

  private void warmUp() {
    long start = System.nanoTime();
    try {
      warmUp.run();
      LOG.infof(
          "standby prepared to lead in %d ms (cloud clients built, no cloud call)",
          (System.nanoTime() - start) / 1_000_000);
    } catch (RuntimeException e) {
      // Only a head start: a new leader builds what is missing on its first use.
      LOG.warnf("standby could not prepare to lead: %s", e.getMessage());
    }
  }
}
