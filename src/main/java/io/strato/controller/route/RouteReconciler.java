package io.strato.controller.route;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.strato.cloud.CloudException;
import io.strato.cloud.route.Route;
import io.strato.cloud.route.Routes;
import io.strato.reconcile.Reconciler;
import io.strato.reconcile.Result;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Reconciles the whole cluster's routes as one key, because the route tables are shared state: two
 * workers each holding half the nodes would each see the other's routes as strays. Observe (tables
 * and routes: two reads), plan ({@link RoutePlan}), act (deletes first, so a table near its route
 * quota has room), then report per node. One failed route does not stop the others; the first
 * failure is rethrown at the end so that the engine retries with backoff.
 */
public final class RouteReconciler implements Reconciler<String> {

  /** The one key this reconciler answers to. */
  public static final String KEY = "routes";

  private static final Logger LOG = Logger.getLogger(RouteReconciler.class);

  private final String clusterId;
  private final Optional<String> clusterCidr;
  private final Routes routes;
  private final SourceDestCheck sourceDestCheck;
  private final Supplier<List<Node>> nodes;
  private final NetworkCondition condition;
  private final RouteEvents events;

  /**
   * @param clusterCidr the pods' CIDR ({@code --cluster-cidr}); without it routes are only ever
   *     created, never deleted
   * @param nodes the current nodes, normally the node informer's cache (read, never modified)
   */
  public RouteReconciler(
      String clusterId,
      Optional<String> clusterCidr,
      Routes routes,
      SourceDestCheck sourceDestCheck,
      KubernetesClient client,
      Supplier<List<Node>> nodes) {
    this.clusterId = clusterId;
    this.clusterCidr = clusterCidr;
    this.routes = routes;
    this.sourceDestCheck = sourceDestCheck;
    this.nodes = nodes;
    this.condition = new NetworkCondition(client, Clock.systemUTC());
    this.events = new RouteEvents(client, Clock.systemUTC());
    if (clusterCidr.isEmpty()) {
      LOG.warn("no cluster CIDR configured: the route controller creates routes but never deletes");
    }
  }

  @Override
  public Result reconcile(String key) {
    List<Node> current = List.copyOf(nodes.get());
    List<RouteNode> routeNodes = current.stream().map(RouteNode::of).toList();
    List<String> tables = routes.routeTables(clusterId);
    List<Route> existing = routes.list(clusterId);
    RoutePlan plan = RoutePlan.compute(routeNodes, tables, existing, clusterCidr);

    List<RuntimeException> failures = new ArrayList<>();
    Map<Route, CloudException> failedCreates = new HashMap<>();
    Set<Route> present = apply(plan, existing, failedCreates, failures);
    disableSourceDestChecks(routeNodes, plan, present, failures);
    report(current, tables, plan, present, failedCreates, failures);

    LOG.debugf(
        "routes reconciled: %d to create, %d to delete, %d failures",
        plan.create().size(), plan.delete().size(), failures.size());
    if (!failures.isEmpty()) {
      // Throttling first, so that the engine honours the cloud's retry-after for the whole key.
      throw failures.stream()
          .filter(f -> f instanceof CloudException.Throttled)
          .findFirst()
          .orElse(failures.get(0));
    }
    return Result.done();
  }

  /** Deletes first, so that a table near its route quota has room; answers what exists after. */
  private Set<Route> apply(
      RoutePlan plan,
      List<Route> existing,
      Map<Route, CloudException> failedCreates,
      List<RuntimeException> failures) {
    Set<Route> present = new HashSet<>(existing);
    for (Route route : plan.delete()) {
      try {
        routes.delete(route);
        present.remove(route);
      } catch (CloudException e) {
        failures.add(e);
        LOG.warnf(e, "deleting route %s failed", route);
      }
    }
    for (Route route : plan.create()) {
      try {
        routes.create(route);
        present.removeIf(r -> sameSlot(r, route));
        present.add(route);
      } catch (CloudException e) {
        failures.add(e);
        failedCreates.put(route, e);
        LOG.warnf(e, "creating route %s failed", route);
      }
    }
    return present;
  }

  /**
   * After the routes, not before: a crash in between leaves routes with the check on, which the
   * next reconcile's batched look finds and fixes.
   */
  private void disableSourceDestChecks(
      List<RouteNode> routeNodes,
      RoutePlan plan,
      Set<Route> present,
      List<RuntimeException> failures) {
    Set<String> routedInstances = new TreeSet<>();
    for (RouteNode node : routeNodes) {
      if (routed(plan.wanted().get(node.name()), present)) {
        routedInstances.add(node.instanceId().orElseThrow());
      }
    }
    try {
      sourceDestCheck.disable(routedInstances);
    } catch (CloudException e) {
      failures.add(e);
      LOG.warnf(e, "disabling source/destination checks on %s failed", routedInstances);
    }
  }

  private void report(
      List<Node> current,
      List<String> tables,
      RoutePlan plan,
      Set<Route> present,
      Map<Route, CloudException> failedCreates,
      List<RuntimeException> failures) {
    String tableNames = String.join(", ", new TreeSet<>(tables));
    for (Node node : current) {
      List<Route> wanted = plan.wanted().get(node.getMetadata().getName());
      if (wanted == null) {
        // Not routable yet (no providerID or pod CIDR), or pod CIDRs are not ours to route (a CNI
        // that assigns none): marking it NetworkUnavailable would taint it unschedulable for good.
        continue;
      }
      boolean routed = routed(wanted, present);
      Optional<String> failure =
          wanted.stream()
              .filter(failedCreates::containsKey)
              .findFirst()
              .map(
                  r ->
                      "creating the route to "
                          + r.destinationCidr()
                          + " in "
                          + r.routeTableId()
                          + " failed: "
                          + reasonOf(failedCreates.get(r)));
      String message =
          tables.isEmpty()
              ? "no route table is tagged kubernetes.io/cluster/" + clusterId
              : (routed ? "routes created in " : "routes not yet created in ")
                  + tableNames
                  + failure.map(f -> "; " + f).orElse("");
      failure.ifPresent(f -> events.failedToCreateRoute(node, f));
      try {
        condition.ensure(node, routed, message);
      } catch (KubernetesClientException e) {
        // A failed test op (the kubelet reordered conditions) or a conflict: the retry re-reads.
        failures.add(e);
        LOG.warnf(e, "updating NetworkUnavailable on node %s failed", node.getMetadata().getName());
      }
    }
  }

  /** A word the user can look up: the AWS error code when the cloud rejected the request. */
  private static String reasonOf(CloudException e) {
    return e instanceof CloudException.InvalidRequest invalid
        ? invalid.reason()
        : e.getClass().getSimpleName();
  }

  /** A node is routed when it wants some routes and all exist (no tables means not routed). */
  private static boolean routed(List<Route> wanted, Set<Route> present) {
    return wanted != null && !wanted.isEmpty() && present.containsAll(wanted);
  }

  private static boolean sameSlot(Route a, Route b) {
    return a.routeTableId().equals(b.routeTableId())
        && a.destinationCidr().equals(b.destinationCidr());
  }
}
