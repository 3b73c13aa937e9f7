package io.strato.controller.route;

import io.strato.cloud.route.Route;
import io.strato.testsupport.AwsFixtures;
import java.util.List;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.InstanceAttributeName;
import software.amazon.awssdk.services.ec2.model.ResourceType;

/**
 * A VPC on moto with two route tables tagged for the cluster (a private table per zone, the case
 * cloud-provider-aws cannot handle), one untagged table that must stay untouched, and instances.
 */
record RouteNetwork(
    Ec2Client ec2, String vpcId, String subnetId, List<String> tagged, String untagged) {

  static RouteNetwork create(Ec2Client ec2, String clusterId) {
    AwsFixtures net = AwsFixtures.network(ec2, clusterId);
    String a = table(ec2, net.vpcId(), clusterId);
    String b = table(ec2, net.vpcId(), clusterId);
    String untagged = table(ec2, net.vpcId(), null);
    return new RouteNetwork(ec2, net.vpcId(), net.privateSubnets().get(0), List.of(a, b), untagged);
  }

  private static String table(Ec2Client ec2, String vpcId, String clusterId) {
    return ec2.createRouteTable(
            r -> {
              r.vpcId(vpcId);
              if (clusterId != null) {
                r.tagSpecifications(
                    t ->
                        t.resourceType(ResourceType.ROUTE_TABLE)
                            .tags(
                                tag ->
                                    tag.key("kubernetes.io/cluster/" + clusterId).value("owned")));
              }
            })
        .routeTable()
        .routeTableId();
  }

  List<String> runInstances(int count) {
    return ec2
        .runInstances(
            r ->
                r.imageId(AwsFixtures.imageId(ec2))
                    .instanceType("t3.small")
                    .subnetId(subnetId)
                    .minCount(count)
                    .maxCount(count))
        .instances()
        .stream()
        .map(i -> i.instanceId())
        .toList();
  }

  /** Every route of the table, instance or not, as the emulator holds it. */
  List<software.amazon.awssdk.services.ec2.model.Route> routesOf(String tableId) {
    return ec2.describeRouteTables(r -> r.routeTableIds(tableId)).routeTables().get(0).routes();
  }

  /** The table's routes to instances, as records. */
  List<Route> instanceRoutesOf(String tableId) {
    return routesOf(tableId).stream()
        .filter(r -> r.instanceId() != null)
        .map(r -> new Route(tableId, r.destinationCidrBlock(), r.instanceId()))
        .toList();
  }

  boolean sourceDestCheck(String instanceId) {
    return ec2.describeInstanceAttribute(
            r -> r.instanceId(instanceId).attribute(InstanceAttributeName.SOURCE_DEST_CHECK))
        .sourceDestCheck()
        .value();
  }
}
