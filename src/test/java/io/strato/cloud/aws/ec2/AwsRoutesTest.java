package io.strato.cloud.aws.ec2;

import static org.assertj.core.api.Assertions.assertThat;

import io.strato.cloud.aws.AwsClients;
import io.strato.cloud.route.Route;
import io.strato.testsupport.AwsFixtures;
import io.strato.testsupport.MotoServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.InstanceAttributeName;
import software.amazon.awssdk.services.ec2.model.ResourceType;

class AwsRoutesTest {

  private static final String CLUSTER = "routes-test";

  private final MotoServer moto = MotoServer.shared();
  private AwsClients clients;
  private Ec2Client ec2;
  private AwsRoutes routes;
  private String tableA;
  private String tableB;
  private String untagged;
  private List<String> instances;

  @BeforeEach
  void network() {
    moto.reset();
    clients = moto.clients();
    ec2 = clients.ec2();
    routes = new AwsRoutes(clients);
    AwsFixtures net = AwsFixtures.network(ec2, CLUSTER);
    tableA = table(net.vpcId(), true);
    tableB = table(net.vpcId(), true);
    untagged = table(net.vpcId(), false);
    instances =
        ec2
            .runInstances(
                r ->
                    r.imageId(AwsFixtures.imageId(ec2))
                        .instanceType("t3.small")
                        .subnetId(net.privateSubnets().get(0))
                        .minCount(3)
                        .maxCount(3))
            .instances()
            .stream()
            .map(i -> i.instanceId())
            .toList();
    clients.metrics().reset();
  }

  @AfterEach
  void close() {
    clients.close();
  }

  private String table(String vpcId, boolean tagged) {
    return ec2.createRouteTable(
            r -> {
              r.vpcId(vpcId);
              if (tagged) {
                r.tagSpecifications(
                    t ->
                        t.resourceType(ResourceType.ROUTE_TABLE)
                            .tags(
                                tag -> tag.key("kubernetes.io/cluster/" + CLUSTER).value("owned")));
              }
            })
        .routeTable()
        .routeTableId();
  }

  @Test
  void listsOnlyInstanceRoutesInTheTablesTaggedForTheCluster() {
    String igw = ec2.createInternetGateway(r -> {}).internetGateway().internetGatewayId();
    ec2.createRoute(r -> r.routeTableId(tableA).destinationCidrBlock("0.0.0.0/0").gatewayId(igw));
    ec2.createRoute(
        r ->
            r.routeTableId(untagged)
                .destinationCidrBlock("100.64.7.0/24")
                .instanceId(instances.get(2)));
    routes.create(new Route(tableA, "100.64.1.0/24", instances.get(0)));
    routes.create(new Route(tableB, "100.64.1.0/24", instances.get(0)));

    assertThat(routes.routeTables(CLUSTER)).containsExactlyInAnyOrder(tableA, tableB);
    assertThat(routes.list(CLUSTER))
        .containsExactlyInAnyOrder(
            new Route(tableA, "100.64.1.0/24", instances.get(0)),
            new Route(tableB, "100.64.1.0/24", instances.get(0)));
  }

  @Test
  void createIsIdempotentAndReplacesARouteToAnotherInstance() {
    Route first = new Route(tableA, "100.64.1.0/24", instances.get(0));
    routes.create(first);
    routes.create(first);
    assertThat(routes.list(CLUSTER)).containsExactly(first);

    clients.metrics().reset();
    Route replacement = new Route(tableA, "100.64.1.0/24", instances.get(1));
    routes.create(replacement);

    assertThat(routes.list(CLUSTER)).containsExactly(replacement);
    assertThat(clients.metrics().snapshot())
        .containsEntry("Ec2:CreateRoute", 1L)
        .containsEntry("Ec2:ReplaceRoute", 1L);
  }

  @Test
  void deletingARouteThatIsGoneIsSuccess() {
    Route route = new Route(tableB, "100.64.2.0/24", instances.get(1));
    routes.create(route);

    routes.delete(route);
    routes.delete(route);

    assertThat(routes.list(CLUSTER)).isEmpty();
  }

  @Test
  void sourceDestCheckIsTurnedOffOnlyWhereItIsStillOn() {
    routes.disableSourceDestCheck(instances.get(0));
    clients.metrics().reset();

    assertThat(routes.disableSourceDestChecks(instances))
        .containsExactlyInAnyOrder(instances.get(1), instances.get(2));
    assertThat(clients.metrics().snapshot())
        .isEqualTo(Map.of("Ec2:DescribeInstances", 1L, "Ec2:ModifyInstanceAttribute", 2L));
    for (String id : instances) {
      assertThat(
              ec2.describeInstanceAttribute(
                      r -> r.instanceId(id).attribute(InstanceAttributeName.SOURCE_DEST_CHECK))
                  .sourceDestCheck()
                  .value())
          .as(id)
          .isFalse();
    }

    clients.metrics().reset();
    assertThat(routes.disableSourceDestChecks(instances)).isEmpty();
    assertThat(routes.disableSourceDestChecks(List.of("i-0000000000000dead"))).isEmpty();
    assertThat(clients.metrics().snapshot()).isEqualTo(Map.of("Ec2:DescribeInstances", 2L));
  }
}
