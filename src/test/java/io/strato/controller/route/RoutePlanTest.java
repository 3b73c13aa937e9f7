package io.strato.controller.route;

import static org.assertj.core.api.Assertions.assertThat;

import io.strato.cloud.network.Ipv4Cidr;
import io.strato.cloud.route.Route;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RoutePlanTest {

  private static final Optional<String> CLUSTER = Optional.of("100.64.0.0/16");
  private static final List<String> TABLES = List.of("rtb-b", "rtb-a");

  private static RouteNode node(String name, String instance, String... cidrs) {
    return new RouteNode(name, Optional.ofNullable(instance), List.of(cidrs));
  }

  @Test
  void everyNodeGetsARoutePerPodCidrInEveryTable() {
    RoutePlan plan =
        RoutePlan.compute(
            List.of(node("n1", "i-1", "100.64.1.0/24"), node("n2", "i-2", "100.64.2.0/24")),
            TABLES,
            List.of(),
            CLUSTER);

    assertThat(plan.create())
        .containsExactlyInAnyOrder(
            new Route("rtb-a", "100.64.1.0/24", "i-1"),
            new Route("rtb-b", "100.64.1.0/24", "i-1"),
            new Route("rtb-a", "100.64.2.0/24", "i-2"),
            new Route("rtb-b", "100.64.2.0/24", "i-2"));
    assertThat(plan.delete()).isEmpty();
    assertThat(plan.wanted()).containsOnlyKeys("n1", "n2");
  }

  @Test
  void routesThatExistAreNotCreatedAgain() {
    List<Route> existing =
        List.of(
            new Route("rtb-a", "100.64.1.0/24", "i-1"), new Route("rtb-b", "100.64.1.0/24", "i-1"));

    RoutePlan plan =
        RoutePlan.compute(List.of(node("n1", "i-1", "100.64.1.0/24")), TABLES, existing, CLUSTER);

    assertThat(plan.isEmpty()).isTrue();
    assertThat(plan.wanted().get("n1")).containsExactlyInAnyOrderElementsOf(existing);
  }

  @Test
  void aDepartedNodesRoutesAreDeletedFromEveryTable() {
    List<Route> existing =
        List.of(
            new Route("rtb-a", "100.64.1.0/24", "i-1"),
            new Route("rtb-b", "100.64.1.0/24", "i-1"),
            new Route("rtb-a", "100.64.9.0/24", "i-9"),
            new Route("rtb-b", "100.64.9.0/24", "i-9"));

    RoutePlan plan =
        RoutePlan.compute(List.of(node("n1", "i-1", "100.64.1.0/24")), TABLES, existing, CLUSTER);

    assertThat(plan.create()).isEmpty();
    assertThat(plan.delete())
        .containsExactlyInAnyOrder(
            new Route("rtb-a", "100.64.9.0/24", "i-9"), new Route("rtb-b", "100.64.9.0/24", "i-9"));
  }

  @Test
  void aReplacedInstanceIsACreateOverTheOldRouteNeverADelete() {
    List<Route> existing = List.of(new Route("rtb-a", "100.64.1.0/24", "i-old"));

    RoutePlan plan =
        RoutePlan.compute(
            List.of(node("n1", "i-new", "100.64.1.0/24")), List.of("rtb-a"), existing, CLUSTER);

    assertThat(plan.create()).containsExactly(new Route("rtb-a", "100.64.1.0/24", "i-new"));
    assertThat(plan.delete()).isEmpty();
  }

  @Test
  void routesOutsideTheClusterCidrAreNeverTouched() {
    List<Route> existing =
        List.of(
            new Route("rtb-a", "10.99.0.0/16", "i-vpn"),
            new Route("rtb-a", "100.65.1.0/24", "i-other-cluster"),
            // same prefix digits but wider than the cluster CIDR: not inside it
            new Route("rtb-a", "100.64.0.0/15", "i-wide"),
            new Route("rtb-a", "100.64.1.0/24", "i-1"));

    RoutePlan plan =
        RoutePlan.compute(
            List.of(node("n1", "i-1", "100.64.1.0/24")), List.of("rtb-a"), existing, CLUSTER);

    assertThat(plan.isEmpty()).isTrue();
  }

  @Test
  void withoutAClusterCidrNothingIsEverDeleted() {
    List<Route> existing = List.of(new Route("rtb-a", "100.64.9.0/24", "i-9"));

    RoutePlan plan =
        RoutePlan.compute(
            List.of(node("n1", "i-1", "100.64.1.0/24")),
            List.of("rtb-a"),
            existing,
            Optional.empty());

    assertThat(plan.delete()).isEmpty();
    assertThat(plan.create()).containsExactly(new Route("rtb-a", "100.64.1.0/24", "i-1"));
  }

  @Test
  void anEmptyNodeListDeletesNothing() {
    List<Route> existing = List.of(new Route("rtb-a", "100.64.9.0/24", "i-9"));

    RoutePlan plan = RoutePlan.compute(List.of(), List.of("rtb-a"), existing, CLUSTER);

    assertThat(plan.isEmpty()).isTrue();
  }

  @Test
  void ipv6PodCidrsGetNoRoute() {
    RoutePlan plan =
        RoutePlan.compute(
            List.of(node("n1", "i-1", "100.64.1.0/24", "fd00:10:244:1::/64")),
            List.of("rtb-a"),
            List.of(),
            CLUSTER);

    assertThat(plan.create()).containsExactly(new Route("rtb-a", "100.64.1.0/24", "i-1"));
  }

  @Test
  void anIpv6OnlyNodeIsNotRoutable() {
    RoutePlan plan =
        RoutePlan.compute(
            List.of(node("n1", "i-1", "fd00:10:244:1::/64")), List.of("rtb-a"), List.of(), CLUSTER);

    assertThat(plan.isEmpty()).isTrue();
    assertThat(plan.wanted()).isEmpty();
  }

  @Test
  void nodesWithoutInstanceOrPodCidrWaitButKeepTheirRoutes() {
    List<Route> existing = List.of(new Route("rtb-a", "100.64.3.0/24", "i-3"));

    RoutePlan plan =
        RoutePlan.compute(
            List.of(node("no-provider-id", null, "100.64.3.0/24"), node("no-cidr", "i-4")),
            List.of("rtb-a"),
            existing,
            CLUSTER);

    assertThat(plan.isEmpty()).isTrue();
    assertThat(plan.wanted()).isEmpty();
  }

  @Test
  void twoNodesClaimingOneCidrDoNotFlap() {
    RoutePlan plan =
        RoutePlan.compute(
            List.of(node("b", "i-b", "100.64.1.0/24"), node("a", "i-a", "100.64.1.0/24")),
            List.of("rtb-a"),
            List.of(),
            CLUSTER);

    assertThat(plan.create()).containsExactly(new Route("rtb-a", "100.64.1.0/24", "i-a"));
  }

  @Test
  void cidrContainment() {
    Ipv4Cidr cluster = Ipv4Cidr.parse("10.244.0.0/16").orElseThrow();
    assertThat(cluster.contains(Ipv4Cidr.parse("10.244.3.0/24").orElseThrow())).isTrue();
    assertThat(cluster.contains(Ipv4Cidr.parse("10.244.0.0/16").orElseThrow())).isTrue();
    assertThat(cluster.contains(Ipv4Cidr.parse("10.245.0.0/24").orElseThrow())).isFalse();
    assertThat(cluster.contains(Ipv4Cidr.parse("10.0.0.0/8").orElseThrow())).isFalse();
    assertThat(Ipv4Cidr.parse("0.0.0.0/0").orElseThrow().contains(cluster)).isTrue();
    assertThat(Ipv4Cidr.parse("fd00::/64")).isEmpty();
    assertThat(Ipv4Cidr.parse("10.0.0.256/24")).isEmpty();
    assertThat(Ipv4Cidr.parse("10.0.0.0/33")).isEmpty();
  }

  @Test
  void providerIdsNameTheInstance() {
    assertThat(RouteNode.instanceId("aws:///us-east-1a/i-0abc123")).contains("i-0abc123");
    assertThat(RouteNode.instanceId("aws:////i-0abc123")).contains("i-0abc123");
    assertThat(RouteNode.instanceId("gce://p/z/vm")).isEmpty();
    assertThat(RouteNode.instanceId(null)).isEmpty();
  }
}
