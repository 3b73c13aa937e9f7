package io.strato.cloud.aws.ec2;

import io.strato.cloud.CloudException;
import io.strato.cloud.aws.AwsClients;
import io.strato.cloud.aws.AwsErrors;
import io.strato.cloud.route.Route;
import io.strato.cloud.route.Routes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.RouteTable;

/**
 * Pod-CIDR routes in every route table tagged {@code kubernetes.io/cluster/<id>}.
 * cloud-provider-aws insists on exactly one such table; a VPC with a private table per zone needs
 * the route in each, so Strato writes all of them.
 *
 * <p>Only routes whose target is an instance are Strato's: the local route, gateway, NAT, peering
 * and endpoint routes are never listed, so no caller can delete them by mistake.
 */
public final class AwsRoutes implements Routes {

  private static final Logger LOG = Logger.getLogger(AwsRoutes.class);

  /** DescribeInstances accepts at most 200 values in one filter. */
  private static final int FILTER_VALUES = 200;

  private final Ec2Client ec2;

  public AwsRoutes(AwsClients clients) {
    this.ec2 = clients.ec2();
  }

  @Override
  public List<String> routeTables(String clusterId) {
    return describeTables(clusterId).stream().map(RouteTable::routeTableId).sorted().toList();
  }

  @Override
  public List<Route> list(String clusterId) {
    List<Route> out = new ArrayList<>();
    for (RouteTable table : describeTables(clusterId)) {
      out.addAll(instanceRoutes(table));
    }
    return List.copyOf(out);
  }

  /**
   * Creates the route optimistically: one CreateRoute in the common case. When the CIDR is taken,
   * one look at the table decides between "already ours" (nothing to do) and ReplaceRoute.
   */
  @Override
  public void create(Route route) {
    try {
      AwsErrors.run(
          "CreateRoute",
          () ->
              ec2.createRoute(
                  r ->
                      r.routeTableId(route.routeTableId())
                          .destinationCidrBlock(route.destinationCidr())
                          .instanceId(route.instanceId())));
      LOG.infof("route %s created", route);
    } catch (CloudException.InvalidRequest e) {
      if (!"RouteAlreadyExists".equals(e.reason())) {
        throw e;
      }
      Optional<String> current = currentInstance(route);
      if (current.isPresent() && current.get().equals(route.instanceId())) {
        return;
      }
      AwsErrors.run(
          "ReplaceRoute",
          () ->
              ec2.replaceRoute(
                  r ->
                      r.routeTableId(route.routeTableId())
                          .destinationCidrBlock(route.destinationCidr())
                          .instanceId(route.instanceId())));
      LOG.infof("route %s replaced (was %s)", route, current.orElse("a non-instance target"));
    }
  }

  @Override
  public void delete(Route route) {
    try {
      AwsErrors.run(
          "DeleteRoute",
          () ->
              ec2.deleteRoute(
                  r ->
                      r.routeTableId(route.routeTableId())
                          .destinationCidrBlock(route.destinationCidr())));
      LOG.infof("route %s deleted", route);
    } catch (CloudException.NotFound e) {
      // InvalidRoute.NotFound: already gone, which is what we wanted.
    }
  }

  /** One ModifyInstanceAttribute; EC2 accepts it when the check is already off. */
  @Override
  public void disableSourceDestCheck(String instanceId) {
    AwsErrors.run(
        "ModifyInstanceAttribute",
        () ->
            ec2.modifyInstanceAttribute(
                r -> r.instanceId(instanceId).sourceDestCheck(b -> b.value(false))));
  }

  /**
   * The batched form: one DescribeInstances per 200 instances finds those whose check is still on,
   * and only they get a ModifyInstanceAttribute. So a resync of an unchanged cluster writes
   * nothing. An instance that no longer exists is simply not found (a filter, not InstanceIds,
   * which would fail the whole call).
   *
   * @return the instances whose check was turned off now
   */
  @Override
  public Set<String> disableSourceDestChecks(Collection<String> instanceIds) {
    List<String> ids = List.copyOf(new TreeSet<>(instanceIds));
    Set<String> changed = new TreeSet<>();
    for (int from = 0; from < ids.size(); from += FILTER_VALUES) {
      List<String> chunk = ids.subList(from, Math.min(ids.size(), from + FILTER_VALUES));
      for (Instance instance : checkStillOn(chunk)) {
        disableSourceDestCheck(instance.instanceId());
        changed.add(instance.instanceId());
      }
    }
    if (!changed.isEmpty()) {
      LOG.infof("source/destination check disabled on %s", changed);
    }
    return changed;
  }

  private List<Instance> checkStillOn(List<String> instanceIds) {
    return AwsErrors.call(
        "DescribeInstances",
        () ->
            ec2
                .describeInstancesPaginator(
                    r ->
                        r.filters(
                            Filter.builder().name("instance-id").values(instanceIds).build(),
                            Filter.builder().name("source-dest-check").values("true").build(),
                            // A terminated instance's blackhole route may outlive it for a while;
                            // modifying it would fail every reconcile until its Node is gone.
                            Filter.builder()
                                .name("instance-state-name")
                                .values("pending", "running", "stopping", "stopped")
                                .build()))
                .reservations()
                .stream()
                .flatMap(res -> res.instances().stream())
                .filter(i -> !Boolean.FALSE.equals(i.sourceDestCheck()))
                .toList());
  }

  private List<RouteTable> describeTables(String clusterId) {
    return AwsErrors.call(
        "DescribeRouteTables",
        () ->
            ec2
                .describeRouteTablesPaginator(
                    r ->
                        r.filters(
                            Filter.builder()
                                .name("tag-key")
                                .values("kubernetes.io/cluster/" + clusterId)
                                .build()))
                .routeTables()
                .stream()
                .toList());
  }

  private Optional<String> currentInstance(Route route) {
    RouteTable table =
        AwsErrors.call(
            "DescribeRouteTables",
            () ->
                ec2.describeRouteTables(r -> r.routeTableIds(route.routeTableId()))
                    .routeTables()
                    .get(0));
    return table.routes().stream()
        .filter(r -> route.destinationCidr().equals(r.destinationCidrBlock()))
        .map(software.amazon.awssdk.services.ec2.model.Route::instanceId)
        .filter(id -> id != null)
        .findFirst();
  }

  /**
   * Routes to an instance, including blackholes left by a terminated one: those are exactly the
   * routes the controller must be able to see to replace or delete.
   */
  private static List<Route> instanceRoutes(RouteTable table) {
    return table.routes().stream()
        .filter(r -> r.instanceId() != null && r.destinationCidrBlock() != null)
        .map(r -> new Route(table.routeTableId(), r.destinationCidrBlock(), r.instanceId()))
        .toList();
  }
}
