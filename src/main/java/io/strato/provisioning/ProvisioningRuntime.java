package io.strato.provisioning;

import io.micrometer.core.instrument.MeterRegistry;
import io.strato.config.StratoConfig;
import io.strato.provisioning.leader.ChangeFeed;
import io.strato.provisioning.leader.ProvisioningLeadership;
import io.strato.provisioning.leader.StoreLease;
import io.strato.provisioning.store.ResourceKey;
import io.strato.provisioning.store.ResourceStore;
import io.strato.reconcile.Backoff;
import io.strato.reconcile.Controller;
import io.strato.reconcile.Reconciler;
import io.strato.reconcile.Result;
import io.strato.reconcile.StandbyPreparation;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * The provisioning reconcilers on the shared engine, for one replica. Replicas sharing a store
 * elect a leader on a lease row; only the leader reconciles. When a replica starts leading every
 * stored resource is queued once, so work a previous leader left unfinished (a crash mid-create, a
 * delete not yet done) resumes; after that only changes (local REST writes, and other replicas'
 * writes seen by the change feed) and requested polls queue anything, so an idle Strato makes no
 * cloud call.
 */
public final class ProvisioningRuntime implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(ProvisioningRuntime.class);

  private final StratoConfig.Reconcile settings;
  private final ScheduledExecutorService scheduler;
  private final Controller<ResourceKey> controller;
  private final ChangeFeed changes;
  private final ProvisioningLeadership leadership;

  public ProvisioningRuntime(
      ResourceStore store,
      DataSource dataSource,
      StatusReporter reporter,
      Function<Consumer<ResourceKey>, List<KindReconciler>> kinds,
      StratoConfig.Reconcile settings,
      MeterRegistry registry,
      String identity) {
    this(store, dataSource, reporter, kinds, settings, registry, identity, StandbyPreparation.NONE);
  }

  /**
   * @param kinds builds the kind reconcilers, given the function that queues a resource
   * @param standby asked once, when this replica finds another one leading
   */
  public ProvisioningRuntime(
      ResourceStore store,
      DataSource dataSource,
      StatusReporter reporter,
      Function<Consumer<ResourceKey>, List<KindReconciler>> kinds,
      StratoConfig.Reconcile settings,
      MeterRegistry registry,
      String identity,
      StandbyPreparation standby) {
    this.settings = settings;
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "provisioning-timers");
              t.setDaemon(true);
              return t;
            });
    this.changes = new ChangeFeed(store, this::enqueue);
    ProvisioningReconciler reconciler =
        new ProvisioningReconciler(
            store,
            reporter,
            kinds.apply(this::enqueue),
            settings.pollInterval(),
            changes::observed);
    this.controller =
        new Controller<>(
            "provisioning",
            leaderOnly(reconciler),
            settings.workers(),
            new Backoff(settings.backoffBase(), settings.backoffMax()),
            scheduler,
            registry);
    this.leadership =
        new ProvisioningLeadership(
            new StoreLease(dataSource, "provisioning"),
            identity,
            settings.leaseDuration(),
            settings.renewDeadline(),
            settings.retryPeriod(),
            Clock.systemUTC(),
            new ProvisioningLeadership.Listener() {
              @Override
              public void startedLeading() {
                resync();
              }

              @Override
              public void stoppedLeading() {
                // The gate drops work from now on; queued keys drain without acting.
              }

              @Override
              public void standingBy() {
                standby.prepare();
              }
            });
  }

  /** Only the leader reconciles; a standby drops what it is asked and the leader's feed sees it. */
  private Reconciler<ResourceKey> leaderOnly(Reconciler<ResourceKey> reconciler) {
    return key -> leadership.leading() ? reconciler.reconcile(key) : Result.done();
  }

  public void start() {
    controller.start();
    scheduler.execute(this::tick);
    scheduler.scheduleWithFixedDelay(
        this::pollChanges,
        settings.changePoll().toMillis(),
        settings.changePoll().toMillis(),
        TimeUnit.MILLISECONDS);
  }

  /** A clean stop: steps down and frees the lease so a standby takes over at once. */
  @Override
  public void close() {
    leadership.release();
    halt();
  }

  /** Stops without releasing the lease, as a crash would: a standby waits for it to expire. */
  public void halt() {
    // Not interrupted: the workers may be inside embedded H2's file I/O (see the method).
    controller.closeAfterInFlight();
    scheduler.shutdownNow();
  }

  public void enqueue(ResourceKey key) {
    controller.enqueue(key);
  }

  public boolean leading() {
    return leadership.leading();
  }

  public String identity() {
    return leadership.identity();
  }

  /**
   * One election round, then the next one when the round says: not a fixed period, so a standby
   * tries again the moment a dead leader's lease runs out ({@link
   * io.strato.provisioning.leader.NextAttempt}).
   */
  private void tick() {
    Duration next = settings.retryPeriod();
    try {
      next = leadership.tick().delay();
    } catch (RuntimeException e) {
      LOG.warnf("provisioning leader election: %s", e.getMessage());
    }
    try {
      scheduler.schedule(this::tick, next.toNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException stopping) {
      // halt() shut the scheduler down: the election ends with it.
    }
  }

  private void pollChanges() {
    if (!leadership.leading()) {
      return;
    }
    try {
      changes.poll();
    } catch (RuntimeException e) {
      LOG.warnf("provisioning change feed: %s", e.getMessage());
    }
  }

  private void resync() {
    List<ResourceKey> keys = changes.baseline();
    keys.forEach(controller::enqueue);
    LOG.infof("provisioning resync: %d resources queued", keys.size());
  }
}
