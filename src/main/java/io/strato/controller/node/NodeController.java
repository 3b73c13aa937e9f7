package io.strato.controller.node;

import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
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
 * #onNodeDeleted}); {@link #start()} also checks NotReady nodes every monitor period. Nodes that
 * are initialised and Ready are never queued, so an idle cluster costs no cloud call.
 */
public final class NodeController implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(NodeController.class);

  private final KubernetesClient client;
  private final NodeControllerSettings settings;
  private final ScheduledExecutorService scheduler;
  private final InstanceLookups lookups;
  private final NodeReconciler reconciler;
  private final Controller<String> controller;
  private ScheduledFuture<?> monitor;

  public NodeController(
      KubernetesClient client,
      Instances instances,
      NodeControllerSettings settings,
      ScheduledExecutorService scheduler,
      MeterRegistry registry) {
    this.client = client;
    this.settings = settings;
    this.scheduler = scheduler;
    Clock clock = Clock.systemUTC();
    this.lookups =
        new InstanceLookups(instances, clock, settings.answerFreshness(), settings.batchWindow());
    NodeEvents events = new NodeEvents(client, clock);
    this.reconciler =
        new NodeReconciler(
            client,
            new NodeInitializer(client, lookups, events),
            new NodeLifecycle(client, lookups, events, settings.providerIdPrefix()),
            lookups,
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

  /** Starts the workers and the periodic NotReady check; call when this replica leads. */
  public synchronized void start() {
    start(this::listNodes);
  }

  /**
   * The same, with the periodic check reading {@code cachedNodes} (the leader's informer store)
   * instead of listing every node from the API server each period.
   */
  public synchronized void start(Supplier<? extends Collection<Node>> cachedNodes) {
    controller.start();
    if (monitor == null) {
      long period = settings.monitorPeriod().toMillis();
      monitor =
          scheduler.scheduleWithFixedDelay(
              () -> checkNotReadyNodesSafely(cachedNodes), period, period, TimeUnit.MILLISECONDS);
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
  }

  /**
   * Queues every NotReady or shutdown-tainted node, from one list served by the API server's watch
   * cache ({@code resourceVersion=0}); their reconciles then share one batched look-up.
   */
  public int checkNotReadyNodes() {
    return checkNotReadyNodes(listNodes());
  }

  private List<Node> listNodes() {
    return client
        .nodes()
        .list(new ListOptionsBuilder().withResourceVersion("0").build())
        .getItems();
  }

  /** The same from nodes the caller already holds (an informer's store): no API call. */
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

  private void checkNotReadyNodesSafely(Supplier<? extends Collection<Node>> nodes) {
    try {
      int queued = checkNotReadyNodes(nodes.get());
      LOG.debugf("node monitor: %d NotReady or shut-down nodes queued", queued);
    } catch (RuntimeException e) {
      LOG.warnf(e, "node monitor: listing nodes failed, trying again next period");
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
    controller.close();
  }
}
