package io.strato.reconcile;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Runs a {@link Reconciler} over a {@link WorkQueue} with a fixed number of workers: several keys
 * in parallel, never one key twice at once. Decides from the outcome what happens next: a requeue
 * the reconciler asked for, the cloud's retry-after when throttled, or exponential backoff on any
 * other failure. Counts and times every reconcile.
 */
public final class Controller<K> implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(Controller.class);

  private final String name;
  private final Reconciler<K> reconciler;
  private final WorkQueue<K> queue;
  private final int workers;
  private final MeterRegistry registry;
  private final List<Thread> threads = new ArrayList<>();
  private final Counter adds;
  private volatile boolean running;

  public Controller(
      String name,
      Reconciler<K> reconciler,
      int workers,
      Backoff backoff,
      ScheduledExecutorService scheduler,
      MeterRegistry registry) {
    if (workers < 1) {
      throw new IllegalArgumentException("workers must be at least 1");
    }
    this.name = name;
    this.reconciler = reconciler;
    this.workers = workers;
    this.registry = registry;
    this.queue = new WorkQueue<>(scheduler, backoff);
    Gauge.builder("strato.workqueue.depth", queue, WorkQueue::depth)
        .description("Keys waiting for a worker")
        .tag("controller", name)
        .register(registry);
    Gauge.builder("strato.workqueue.delayed", queue, WorkQueue::delayedCount)
        .description("Keys waiting for a requeue or backoff delay")
        .tag("controller", name)
        .register(registry);
    // client-go's workqueue_adds_total, for the keys events and timers ask for (a reconcile's own
    // requeue is in strato.reconcile.total): it tells "nothing asked" from "asked, not run yet".
    this.adds =
        Counter.builder("strato.workqueue.adds")
            .description("Keys queued by events and periodic checks")
            .tag("controller", name)
            .register(registry);
  }

  public synchronized void start() {
    if (running) {
      return;
    }
    running = true;
    for (int i = 0; i < workers; i++) {
      Thread t = new Thread(this::work, name + "-worker-" + i);
      t.setDaemon(true);
      t.start();
      threads.add(t);
    }
    LOG.infof("controller %s started with %d workers", name, workers);
  }

  public void enqueue(K key) {
    adds.increment();
    queue.add(key);
  }

  public void enqueueAfter(K key, Duration delay) {
    adds.increment();
    queue.addAfter(key, delay);
  }

  public String name() {
    return name;
  }

  private void work() {
    while (running) {
      K key;
      try {
        key = queue.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (key == null) {
        return;
      }
      try {
        reconcileOnce(key);
      } finally {
        queue.done(key);
      }
    }
  }

  void reconcileOnce(K key) {
    long started = System.nanoTime();
    String outcome;
    try {
      Result result = reconciler.reconcile(key);
      queue.forget(key);
      outcome = result.requeue().isPresent() ? "requeue" : "success";
      result.requeue().ifPresent(delay -> queue.addAfter(key, delay));
    } catch (Exception e) {
      if (e instanceof RetryAfter throttled) {
        outcome = "throttled";
        Duration backoff = queue.nextBackoff(key);
        Duration delay =
            throttled.retryAfter().filter(d -> d.compareTo(backoff) > 0).orElse(backoff);
        LOG.warnf(
            "%s %s: throttled by %s, retrying in %s", name, key, throttled.operation(), delay);
        queue.addAfter(key, delay);
      } else {
        outcome = "error";
        Duration delay = queue.addRateLimited(key);
        LOG.warnf(e, "%s %s: reconcile failed, retrying in %s", name, key, delay);
      }
    }
    Timer.builder("strato.reconcile.duration")
        .description("Duration of one reconcile")
        .tags("controller", name, "outcome", outcome)
        .register(registry)
        .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
    Counter.builder("strato.reconcile.total")
        .description("Reconciles run")
        .tags("controller", name, "outcome", outcome)
        .register(registry)
        .increment();
  }

  /**
   * Stops taking keys and interrupts the reconciles in flight, then waits for them. A controller
   * closes when its replica lost the lease (or stops): a reconcile in flight must not go on to its
   * next cloud call, which another leader may already be making. Interrupted, the SDK aborts its
   * call and a blocked Kubernetes request ends; reconciles are idempotent, so the next leader picks
   * up where this one stopped. Without it, a CCM leader whose API server had gone away went on
   * creating listeners seconds after its lease ran out (KubeApiRestartCampaign).
   */
  @Override
  public void close() {
    stop(true);
  }

  /**
   * Stops taking keys and lets the reconciles in flight finish (up to 10 s each). For workers that
   * read and write an embedded H2 database: an interrupt during H2's file I/O closes its file
   * channel and with it the database for every connection (h2database#227, #1076).
   */
  public void closeAfterInFlight() {
    stop(false);
  }

  private synchronized void stop(boolean interrupt) {
    running = false;
    queue.shutdown();
    if (interrupt) {
      threads.forEach(Thread::interrupt);
    }
    for (Thread t : threads) {
      try {
        t.join(TimeUnit.SECONDS.toMillis(10));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    threads.clear();
  }
}
