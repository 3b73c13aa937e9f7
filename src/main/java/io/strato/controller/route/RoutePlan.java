package io.strato.controller.route;

import io.strato.cloud.network.Ipv4Cidr;
import io.strato.cloud.route.Route;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the route tables should change, as a pure function of the nodes, the tables and the routes
 * that exist: the reconciler's "compute desired" step, testable without any cloud.
 *
 * <ul>
 *   <li>Every routable node gets a route per IPv4 pod CIDR in <em>every</em> table.
 *   <li>A route to an instance is deleted only when its destination lies inside the cluster CIDR
 *       and no current node claims that destination. Without a cluster CIDR nothing is ever
 *       deleted: Strato cannot tell its own routes from someone else's instance routes (a NAT
 *       instance, a VPN appliance) in the same table.
 *   <li>With no nodes at all nothing is deleted (see below).
 *   <li>Nothing else is touched: routes outside the cluster CIDR, and non-instance routes (which
 *       the provider does not even list).
 * </ul>
 *
 * <p>IPv6 pod CIDRs get no route: an EC2 route to an instance for IPv6 is a different destination
 * field that the {@link Route} record does not carry, and IPv6 pods on AWS take addresses from the
 * subnet's own /64 (prefix delegation on the ENI), which the VPC routes natively. Routing them
 * through the instance would be wrong, not just missing.
 *
 * @param create routes to create; one whose (table, CIDR) exists to another target is a replacement
 * @param delete routes to delete
 * @param wanted per routable node name, the routes it needs (for its NetworkUnavailable condition)
 */
public record RoutePlan(List<Route> create, List<Route> delete, Map<String, List<Route>> wanted) {

  public RoutePlan {
    create = List.copyOf(create);
    delete = List.copyOf(delete);
    wanted = Map.copyOf(wanted);
  }

  private record Slot(String table, String cidr) {
    static Slot of(Route r) {
      return new Slot(r.routeTableId(), r.destinationCidr());
    }
  }

  static RoutePlan compute(
      Collection<RouteNode> nodes,
      Collection<String> tables,
      Collection<Route> existing,
      Optional<String> clusterCidr) {
    List<String> sortedTables = tables.stream().distinct().sorted().toList();
    // One owner per slot, first by name: two nodes with one pod CIDR (a misconfiguration) must not
    // make every reconcile replace the route back and forth.
    Map<Slot, Route> desired = new LinkedHashMap<>();
    Map<String, List<Route>> wanted = new TreeMap<>();
    Set<String> claimedCidrs = new HashSet<>();
    for (RouteNode node : nodes.stream().sorted(Comparator.comparing(RouteNode::name)).toList()) {
      node.ipv4PodCidrs().forEach(claimedCidrs::add);
      if (!node.routable()) {
        continue;
      }
      List<Route> routes = new ArrayList<>();
      for (String cidr : node.ipv4PodCidrs()) {
        for (String table : sortedTables) {
          Route route = new Route(table, cidr, node.instanceId().orElseThrow());
          routes.add(route);
          desired.putIfAbsent(Slot.of(route), route);
        }
      }
      wanted.put(node.name(), routes);
    }

    Set<Route> present = new HashSet<>(existing);
    List<Route> create = desired.values().stream().filter(r -> !present.contains(r)).toList();

    Optional<Ipv4Cidr> cluster = clusterCidr.flatMap(Ipv4Cidr::parse);
    List<Route> delete = new ArrayList<>();
    // No node at all is far likelier an informer cache not yet synced than a cluster without
    // nodes (Strato itself runs on one): deleting every route then would cut all pod traffic.
    if (cluster.isPresent() && !nodes.isEmpty()) {
      for (Route route : existing) {
        boolean ours =
            Ipv4Cidr.parse(route.destinationCidr()).filter(cluster.get()::contains).isPresent();
        // A claimed CIDR whose route points elsewhere is replaced by "create", never deleted first:
        // a delete-then-create would drop the node's pod traffic in between.
        if (ours
            && !desired.containsKey(Slot.of(route))
            && !claimedCidrs.contains(route.destinationCidr())) {
          delete.add(route);
        }
      }
    }
    return new RoutePlan(create, delete, wanted);
  }

  public boolean isEmpty() {
    return create.isEmpty() && delete.isEmpty();
  }
}
