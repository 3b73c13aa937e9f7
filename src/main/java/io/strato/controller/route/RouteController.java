package io.strato.controller.route;

import io.fabric8.kubernetes.api.model.Node;
import io.micrometer.core.instrument.MeterRegistry;
import io.strato.reconcile.Backoff;
import io.strato.reconcile.Controller;
import io.strato.reconcile.Reconciler;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The route controller: runs the {@link RouteReconciler} on the shared engine with one key for the
 * whole cluster, and wakes it only when routing could change. It does not poll: with nothing
 * changing it makes no cloud call at all. Node status heartbeats (and the condition this controller
 * writes itself) change nothing it routes by, so they are filtered out here rather than costing two
 * DescribeRouteTables each.
 *
 * <p>The remembered facts are only a filter for events, never the source of truth: a restart loses
 * them and {@link #start()} reconciles everything once.
 *
 * <p>Wiring, on the elected leader only: build {@code AwsRoutes routes = new AwsRoutes(clients)},
 * then {@code new RouteReconciler(clusterId, clusterCidr, routes, routes::disableSourceDestChecks,
 * client, nodeInformer.getStore()::list)} and this controller around it; feed the node informer's
 * add and update events to {@link #onNodeEvent} and its delete events to {@link #onNodeDeleted};
 * call {@link #start()} once the informer has synced (its cache is the reconciler's node list).
 */
public final class RouteController implements AutoCloseable {

  private record Facts(String instanceId, java.util.List<String> podCidrs) {}

  private final Controller<String> engine;
  private final Map<String, Facts> seen = new ConcurrentHashMap<>();

  public RouteController(
      Reconciler<String> reconciler,
      Backoff backoff,
      ScheduledExecutorService scheduler,
      MeterRegistry registry) {
    // One worker: there is one key, and the engine never runs a key twice at once anyway.
    this.engine = new Controller<>("route", reconciler, 1, backoff, scheduler, registry);
  }

  /**
   * Starts the worker and reconciles once, which also repairs anything changed while down. Call it
   * after the node informer has synced: the reconciler plans from that cache.
   */
  public void start() {
    engine.start();
    engine.enqueue(RouteReconciler.KEY);
  }

  /** For the node informer's add and update events. */
  public void onNodeEvent(Node node) {
    RouteNode routeNode = RouteNode.of(node);
    Facts facts = new Facts(routeNode.instanceId().orElse(null), routeNode.podCidrs());
    Facts before = seen.put(routeNode.name(), facts);
    if (!Objects.equals(before, facts)) {
      engine.enqueue(RouteReconciler.KEY);
    }
  }

  /** For the node informer's delete event: the node's routes must go. */
  public void onNodeDeleted(Node node) {
    seen.remove(node.getMetadata().getName());
    engine.enqueue(RouteReconciler.KEY);
  }

  @Override
  public void close() {
    engine.close();
  }
}
