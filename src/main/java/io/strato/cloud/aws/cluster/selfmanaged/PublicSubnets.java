package io.strato.cloud.aws.cluster.selfmanaged;

import io.strato.cloud.aws.AwsErrors;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Route;
import software.amazon.awssdk.services.ec2.model.RouteState;
import software.amazon.awssdk.services.ec2.model.RouteTable;
import software.amazon.awssdk.services.ec2.model.RouteTableAssociation;
import software.amazon.awssdk.services.ec2.model.Subnet;

/**
 * Where an internet-facing API load balancer goes: one public subnet per zone, found in the
 * cluster's VPC. The cluster's own subnets are where its instances run, usually private; a load
 * balancer placed there is created without complaint and answers nobody from outside.
 *
 * <p>Public means what AWS means: the route table serving the subnet (its explicit association,
 * else the VPC's main table) sends {@code 0.0.0.0/0} to an internet gateway. Among a zone's public
 * subnets, one tagged {@code kubernetes.io/role/elb} comes first (the tag cloud-provider-aws and
 * the AWS Load Balancer Controller read), then the lowest ID, so the answer is stable. The tag
 * alone is not enough: a tagged subnet without the route would give an unreachable endpoint.
 *
 * <p>Discovered rather than a spec field: the tag is how accounts already say which subnets take
 * internet-facing load balancers, and the route check keeps discovery honest. Two reads ({@code
 * DescribeSubnets}, {@code DescribeRouteTables}); a complete answer for the same VPC and zones is
 * reused for up to {@code maxReuses} polls, an incomplete one is read again every poll.
 */
final class PublicSubnets {

  static final String PUBLIC_ROLE_TAG = "kubernetes.io/role/elb";

  /**
   * @param subnetIds the chosen subnet of each zone that has one, in zone order
   * @param zonesWithout the wanted zones that have none
   */
  record Choice(List<String> subnetIds, List<String> zonesWithout) {
    Choice {
      subnetIds = List.copyOf(subnetIds);
      zonesWithout = List.copyOf(zonesWithout);
    }

    boolean complete() {
      return zonesWithout.isEmpty();
    }
  }

  private record Found(String vpcId, List<String> zones, Choice choice, int reuses) {}

  private final Ec2Client ec2;
  private final int maxReuses;
  private final Map<String, Found> byCluster = new ConcurrentHashMap<>();

  PublicSubnets(Ec2Client ec2, int maxReuses) {
    this.ec2 = ec2;
    this.maxReuses = maxReuses;
  }

  /** One public subnet per zone of {@code zones}, in the VPC. */
  Choice choose(String clusterUid, String vpcId, List<String> zones) {
    Found last = byCluster.remove(clusterUid);
    if (last != null
        && last.reuses() < maxReuses
        && last.vpcId().equals(vpcId)
        && last.zones().equals(zones)
        && last.choice().complete()) {
      byCluster.put(clusterUid, new Found(vpcId, zones, last.choice(), last.reuses() + 1));
      return last.choice();
    }
    Filter inVpc = Filter.builder().name("vpc-id").values(vpcId).build();
    List<Subnet> subnets =
        AwsErrors.call("DescribeSubnets", () -> ec2.describeSubnets(r -> r.filters(inVpc)))
            .subnets();
    List<RouteTable> tables =
        AwsErrors.call("DescribeRouteTables", () -> ec2.describeRouteTables(r -> r.filters(inVpc)))
            .routeTables();
    Choice choice = choose(subnets, tables, zones);
    byCluster.put(clusterUid, new Found(vpcId, List.copyOf(zones), choice, 0));
    return choice;
  }

  void forget(String clusterUid) {
    byCluster.remove(clusterUid);
  }

  static Choice choose(List<Subnet> subnets, List<RouteTable> tables, List<String> zones) {
    Map<String, String> tableOf = new TreeMap<>();
    RouteTable main = null;
    for (RouteTable t : tables) {
      for (RouteTableAssociation a : t.associations()) {
        if (Boolean.TRUE.equals(a.main())) {
          main = t;
        }
        if (a.subnetId() != null) {
          tableOf.put(a.subnetId(), t.routeTableId());
        }
      }
    }
    Map<String, RouteTable> byId = new TreeMap<>();
    tables.forEach(t -> byId.put(t.routeTableId(), t));
    List<String> chosen = new ArrayList<>();
    List<String> without = new ArrayList<>();
    for (String zone : zones) {
      RouteTable fallback = main;
      subnets.stream()
          .filter(s -> zone.equals(s.availabilityZone()))
          .filter(
              s -> {
                String explicit = tableOf.get(s.subnetId());
                return routesToInternet(explicit == null ? fallback : byId.get(explicit));
              })
          .min(Comparator.comparing((Subnet s) -> !roleTagged(s)).thenComparing(Subnet::subnetId))
          .ifPresentOrElse(s -> chosen.add(s.subnetId()), () -> without.add(zone));
    }
    return new Choice(chosen, without);
  }

  private static boolean routesToInternet(RouteTable table) {
    if (table == null) {
      return false;
    }
    for (Route r : table.routes()) {
      // IPv4: the API load balancer is IPv4, so an IPv6-only default route does not make it public.
      if ("0.0.0.0/0".equals(r.destinationCidrBlock())
          && r.gatewayId() != null
          && r.gatewayId().startsWith("igw-")
          && r.state() != RouteState.BLACKHOLE) {
        return true;
      }
    }
    return false;
  }

  private static boolean roleTagged(Subnet s) {
    return s.tags().stream()
        .anyMatch(
            t ->
                PUBLIC_ROLE_TAG.equals(t.key())
                    && (t.value() == null || t.value().isEmpty() || t.value().equals("1")));
  }
}
