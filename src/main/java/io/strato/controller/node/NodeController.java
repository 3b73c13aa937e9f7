package io.strato.controller.node;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.strato.cloud.instance.Instances;
import io.strato.reconcile.Backoff;
import io.strato.reconcile.Controller;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The CCM's node controller: initialises new nodes and retires those whose instance is gone. Feed
 * it the Node informer's add and update events ({@link #onNodeEvent}) and deletes ({@link
 * #onNodeDeleted}); {@link #start()} also checks NotReady nodes every monitor period and refreshes
 * every node's addresses and labels every status update period, both from the informer's cache.
 * Nodes that are initialised, Ready and as their instance says are never queued, so an idle cluster
 * costs one batched describe per status update period and no write.
 */
public final class NodeController implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(NodeController.class);

  private final NodeControllerSettings settings;
  private final Supplier<Collection<Node>> nodeCache;
  private final ScheduledExecutorService scheduler;
  private final InstanceLookups lookups;
  private final NodeRefresh refresh;
  private final NodeReconciler reconciler;
  private final Controller<String> controller;
  private ScheduledFuture<?> monitor;
  private ScheduledFuture<?> refresher;

  /**
   * @param nodeCache the Nodes as the informer's store holds them: the periodic checks read it, so
   *     they cost no API call
   */
  public NodeController(
      KubernetesClient client,
      Supplier<Collection<Node>> nodeCache,
      Instances instances,
      NodeControllerSettings settings,
      ScheduledExecutorService scheduler,
      MeterRegistry registry) {
    this.nodeCache = nodeCache;
    this.settings = settings;
    this.scheduler = scheduler;
    Clock clock = Clock.systemUTC();
    this.lookups =
        new InstanceLookups(instances, clock, settings.answerFreshness(), settings.batchWindow());
    NodeEvents events = new NodeEvents(client, clock);
    this.refresh = new NodeRefresh(client, instances, settings.providerIdPrefix());
    this.reconciler =
        new NodeReconciler(
            client,
            new NodeInitializer(client, lookups, events),
            new NodeLifecycle(client, lookups, events, settings.providerIdPrefix()),
            lookups,
            refresh,
            settings.notFoundRetry());
    this.controller =
        new Controller<>(
            "node",
            reconciler,
            settings.workers(),
            new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5)),
            scheduler,
            registry);
  }

  /**
   * Starts the workers, the periodic NotReady check and the periodic refresh; call when this
   * replica leads.
   */
  public synchronized void start() {
    controller.start();
    if (monitor == null) {
      long period = settings.monitorPeriod().toMillis();
      monitor =
          scheduler.scheduleWithFixedDelay(
              this::checkNotReadyNodesSafely, period, period, TimeUnit.MILLISECONDS);
    }
    if (refresher == null && !settings.statusUpdatePeriod().isZero()) {
      long period = settings.statusUpdatePeriod().toMillis();
      refresher =
          scheduler.scheduleWithFixedDelay(
              this::refreshSafely, period, period, TimeUnit.MILLISECONDS);
    }
  }

  /** A Node was added or changed: queue it if it waits for initialisation or is not well. */
  public void onNodeEvent(Node node) {
    if (NodeFacts.needsAttention(node)) {
      enqueue(node);
    }
  }

  public void onNodeDeleted(Node node) {
    lookups.forget(NodeFacts.name(node));
    refresh.forget(NodeFacts.name(node));
  }

  /**
   * Queues every NotReady or shutdown-tainted node of the cache; their reconciles then share one
   * batched look-up.
   */
  public int checkNotReadyNodes() {
    return checkNotReadyNodes(nodeCache.get());
  }

  /** The same from the given nodes. */
  public int checkNotReadyNodes(Collection<Node> nodes) {
    int queued = 0;
    for (Node node : nodes) {
      if (!NodeFacts.ready(node) || NodeFacts.shutdownTainted(node)) {
        enqueue(node);
        queued++;
      }
    }
    return queued;
  }

  private void checkNotReadyNodesSafely() {
    try {
      int queued = checkNotReadyNodes();
      LOG.debugf("node monitor: %d NotReady or shut-down nodes queued", queued);
    } catch (RuntimeException e) {
      LOG.warnf(e, "node monitor: check failed, trying again next period");
    }
  }

  /**
   * One refresh pass over the cache: one batched look-up of every initialised node, and only the
   * nodes whose addresses or labels differ from their instance are queued to be written.
   *
   * @return how many nodes were queued
   */
  public int refreshNodes() {
    List<String> drifted = refresh.drifted(nodeCache.get());
    drifted.forEach(controller::enqueue);
    return drifted.size();
  }

  private void refreshSafely() {
    try {
      int queued = refreshNodes();
      if (queued > 0) {
        LOG.infof("node refresh: %d nodes differ from their instances, queued", queued);
      }
    } catch (RuntimeException e) {
      LOG.warnf(e, "node refresh: look-up failed, trying again next period");
    }
  }

  private void enqueue(Node node) {
    // Only these reconciles will ask for the instance: a Ready node that only needs its shutdown
    // taint off needs none, nor does a node of another provider.
    if (NodeFacts.uninitialized(node)
        || (!NodeFacts.ready(node) && NodeFacts.hasProviderId(node, settings.providerIdPrefix()))) {
      lookups.expect(NodeFacts.ref(node));
    }
    controller.enqueue(NodeFacts.name(node));
  }

  /** The reconciler the workers run, for tests that drive it step by step. */
  NodeReconciler reconciler() {
    return reconciler;
  }

  @Override
  public synchronized void close() {
    if (monitor != null) {
      monitor.cancel(false);
      monitor = null;
    }
    if (refresher != null) {
      refresher.cancel(false);
      refresher = null;
    }
    controller.close();
  }
}
