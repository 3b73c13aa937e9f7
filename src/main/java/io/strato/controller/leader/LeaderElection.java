package io.strato.controller.leader;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.RequestConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfig;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElector;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.strato.reconcile.LeaseSettings;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * Elects one acting replica among Strato's CCM replicas through a {@code coordination.k8s.io/v1}
 * Lease, on Fabric8's {@link LeaderElector}.
 *
 * <p>It runs on its own thread and never blocks its caller. The callbacks run on a second thread of
 * their own, one at a time and in order, so a slow {@code onStartLeading} can never delay a lease
 * renewal (Fabric8 calls its callbacks inside the renew loop). A replica that loses the lease calls
 * {@code onStopLeading} and stands again; {@link #close()} stops the controllers first, then
 * releases the lease, so the next replica takes over within one retry period instead of waiting for
 * the lease to expire.
 */
public final class LeaderElection implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(LeaderElection.class);

  private final KubernetesClient client;
  private final LeaseSettings settings;
  private final Runnable onStartLeading;
  private final Runnable onStopLeading;
  private final Runnable onStandingBy;
  private final AtomicBoolean stoodBy = new AtomicBoolean();
  private final ScheduledExecutorService election;
  private final ExecutorService callbacks;
  private final AtomicBoolean leading = new AtomicBoolean();
  private final AtomicReference<String> leader = new AtomicReference<>();
  private CompletableFuture<?> round; // guarded by this
  private volatile boolean closed; // written under this

  public LeaderElection(
      KubernetesClient client,
      LeaseSettings settings,
      Runnable onStartLeading,
      Runnable onStopLeading) {
    this(client, settings, onStartLeading, onStopLeading, () -> {});
  }

  /**
   * @param onStandingBy run once, on the election thread, the first time another replica is seen
   *     holding the lease while this one does not lead; it must return at once
   */
  public LeaderElection(
      KubernetesClient client,
      LeaseSettings settings,
      Runnable onStartLeading,
      Runnable onStopLeading,
      Runnable onStandingBy) {
    this.onStandingBy = onStandingBy;
    this.client = renewing(client, settings);
    this.settings = settings;
    this.onStartLeading = onStartLeading;
    this.onStopLeading = onStopLeading;
    this.election = Executors.newSingleThreadScheduledExecutor(named("strato-leader-election"));
    this.callbacks = Executors.newSingleThreadExecutor(named("strato-leader-callbacks"));
  }

  /** Starts standing for election and returns at once. */
  public synchronized void start() {
    if (closed) {
      throw new IllegalStateException("leader election for " + lease() + " is closed");
    }
    if (round == null) {
      LOG.infof("standing for leader of lease %s as %s", lease(), settings.identity());
      stand();
    }
  }

  /** Whether this replica holds the lease now. */
  public boolean isLeader() {
    return leading.get();
  }

  /** The identity of the leader this replica last saw, if any. */
  public Optional<String> leader() {
    return Optional.ofNullable(leader.get()).filter(s -> !s.isEmpty());
  }

  public String identity() {
    return settings.identity();
  }

  /**
   * Stops the controllers (if leading), then releases the lease and stops standing. Waits at most
   * the renew deadline for {@code onStopLeading}: past that the lease is released anyway, because a
   * replica that is shutting down must not hold the cluster's controllers hostage.
   */
  @Override
  public void close() {
    CompletableFuture<?> current;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      current = round;
    }
    if (leading.getAndSet(false)) {
      await(callbacks.submit(guarded("onStopLeading", onStopLeading)));
    }
    if (current != null) {
      // Fabric8 releases the lease in this call (ReleaseOnCancel) before it returns.
      current.cancel(true);
    }
    election.shutdownNow();
    callbacks.shutdown();
    LOG.infof("left the election for lease %s", lease());
  }

  /**
   * The client the election talks through: the caller's, with no request retries and a request
   * timeout that lets a renew attempt (a GET and an update) end well inside the renew deadline.
   * Fabric8's renew loop checks its deadline only between attempts, and an attempt on the shared
   * client retries a refused connection with exponential backoff for up to ~100 s: with the API
   * server down, a leader went on acting for the whole outage, three lease durations and more
   * (KubeApiRestartCampaign). client-go bounds each attempt by the deadline; this does the same.
   * The retries are the renew loop's own, every retry period. Shares the caller's HTTP client, so
   * it is never closed here.
   */
  private static KubernetesClient renewing(KubernetesClient client, LeaseSettings settings) {
    long budget = settings.renewDeadline().minus(settings.retryPeriod()).toMillis() / 2;
    int timeout = (int) Math.max(100, Math.min(Integer.MAX_VALUE, budget));
    return client
        .newClient(
            new RequestConfigBuilder(client.getConfiguration().getRequestConfig())
                .withRequestRetryBackoffLimit(0)
                .withRequestTimeout(timeout)
                .build())
        .adapt(KubernetesClient.class);
  }

  private synchronized void stand() {
    if (closed) {
      return;
    }
    CompletableFuture<?> next = new LeaderElector(client, config(), election).start();
    round = next;
    next.whenComplete(
        (ok, error) -> {
          if (error != null && !(error instanceof CancellationException)) {
            LOG.warnf(error, "leader election round for lease %s failed", lease());
          }
          // Fabric8 skips onStopLeading when its release fails on anything but a
          // KubernetesClientException (a closed client, say); a round that ended leads no more.
          stoppedLeading();
          // A round ends when this replica lost the lease (or could not reach the API server
          // to renew it): stand again, as a candidate, after a pause.
          synchronized (this) {
            if (!closed) {
              election.schedule(
                  this::stand, settings.retryPeriod().toMillis(), TimeUnit.MILLISECONDS);
            }
          }
        });
  }

  private LeaderElectionConfig config() {
    return new LeaderElectionConfigBuilder()
        .withName(lease())
        .withLock(new LeaseLock(settings.namespace(), settings.name(), settings.identity()))
        .withLeaseDuration(settings.leaseDuration())
        .withRenewDeadline(settings.renewDeadline())
        .withRetryPeriod(settings.retryPeriod())
        .withReleaseOnCancel(true)
        .withLeaderCallbacks(
            new LeaderCallbacks(this::startedLeading, this::stoppedLeading, this::newLeader))
        .build();
  }

  private void startedLeading() {
    if (!closed && !leading.getAndSet(true)) {
      LOG.infof("%s became the leader of lease %s", settings.identity(), lease());
      callbacks.execute(guarded("onStartLeading", onStartLeading));
    }
  }

  private void stoppedLeading() {
    if (leading.getAndSet(false)) {
      LOG.infof("%s is no longer the leader of lease %s", settings.identity(), lease());
      callbacks.execute(guarded("onStopLeading", onStopLeading));
    }
  }

  private void newLeader(String identity) {
    leader.set(identity);
    if (identity != null && !identity.isEmpty() && !identity.equals(settings.identity())) {
      LOG.infof("lease %s is held by %s", lease(), identity);
      if (!leading.get() && !stoodBy.getAndSet(true)) {
        guarded("onStandingBy", onStandingBy).run();
      }
    }
  }

  private void await(Future<?> stopping) {
    try {
      stopping.get(settings.renewDeadline().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      // guarded() already logged it
    } catch (TimeoutException e) {
      LOG.warnf(
          "onStopLeading took longer than %s; releasing lease %s anyway",
          settings.renewDeadline(), lease());
    }
  }

  private Runnable guarded(String name, Runnable callback) {
    return () -> {
      try {
        callback.run();
      } catch (RuntimeException e) {
        LOG.errorf(e, "%s failed for lease %s", name, lease());
      }
    };
  }

  private String lease() {
    return settings.namespace() + "/" + settings.name();
  }

  private static ThreadFactory named(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}
