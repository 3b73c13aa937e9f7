package io.strato.provisioning.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strato.cloud.CloudException;
import io.strato.cloud.aws.AwsClients;
import io.strato.cloud.aws.ec2.AwsSubnets;
import io.strato.cloud.cluster.ClusterSpecDto;
import io.strato.cloud.cluster.ClusterSubnet;
import io.strato.testsupport.AwsFixtures;
import io.strato.testsupport.MotoServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ClusterNetworkTest {

  private AwsClients clients;
  private AwsFixtures net;
  private ClusterNetwork network;

  @BeforeEach
  void setUp() {
    MotoServer.shared().reset();
    clients = MotoServer.shared().clients();
    net = AwsFixtures.network(clients.ec2(), null);
    network = new ClusterNetwork(new AwsSubnets(clients.ec2()));
  }

  @AfterEach
  void tearDown() {
    clients.close();
  }

  private ClusterSpecDto.NetworkDto byIds(List<String> ids, List<String> zones) {
    return ClusterSpecs.parse(ClusterSpecs.eks(ClusterSpecs.subnets(ids, zones), "1.31", 1))
        .network();
  }

  @Test
  void subnetsByIdResolveInOneCallSortedByZone() {
    List<String> ids =
        List.of(
            net.privateSubnets().get(2), net.privateSubnets().get(0), net.privateSubnets().get(1));
    List<String> zones = List.of("us-east-1c", "us-east-1a", "us-east-1b");
    clients.metrics().reset();
    ClusterNetwork.Resolved r = network.resolve(byIds(ids, zones));
    assertThat(r.vpcId()).isEqualTo(net.vpcId());
    assertThat(r.subnets()).extracting(ClusterSubnet::zone).isEqualTo(AwsFixtures.ZONES);
    assertThat(r.subnets()).extracting(ClusterSubnet::id).isEqualTo(net.privateSubnets());
    assertThat(clients.metrics().total()).isEqualTo(1);
  }

  @Test
  void aZoneThatDoesNotMatchTheCloudIsNamed() {
    List<String> zones = List.of("us-east-1a", "us-east-1c", "us-east-1b");
    assertThatThrownBy(() -> network.resolve(byIds(net.privateSubnets(), zones)))
        .isInstanceOfSatisfying(
            CloudException.InvalidRequest.class,
            e -> {
              assertThat(e.reason()).isEqualTo("SubnetZoneMismatch");
              assertThat(e.getMessage()).contains(net.privateSubnets().get(1), "us-east-1b");
            });
  }

  @Test
  void aMissingSubnetIsNamed() {
    List<String> ids =
        List.of(net.privateSubnets().get(0), net.privateSubnets().get(1), "subnet-0badbad0");
    assertThatThrownBy(() -> network.resolve(byIds(ids, AwsFixtures.ZONES)))
        .isInstanceOfSatisfying(
            CloudException.InvalidRequest.class,
            e -> {
              assertThat(e.reason()).isEqualTo("SubnetNotFound");
              assertThat(e.getMessage()).contains("subnet-0badbad0");
            });
  }

  @Test
  void discoveryByTagsFindsTheTaggedSubnetsAndChecksTheZones() {
    ClusterSpecDto.NetworkDto tagged =
        new ClusterSpecDto.NetworkDto(
            net.vpcId(), null, Map.of("kubernetes.io/role/internal-elb", "1"));
    assertThat(network.resolve(tagged).subnets())
        .extracting(ClusterSubnet::id)
        .containsExactlyElementsOf(net.privateSubnets());

    String otherVpc = clients.ec2().createVpc(r -> r.cidrBlock("10.1.0.0/16")).vpc().vpcId();
    clients
        .ec2()
        .createSubnet(
            r -> r.vpcId(otherVpc).availabilityZone("us-east-1a").cidrBlock("10.1.0.0/24"));
    ClusterSpecDto.NetworkDto empty =
        new ClusterSpecDto.NetworkDto(otherVpc, null, Map.of("kubernetes.io/role/elb", ""));
    assertThatThrownBy(() -> network.resolve(empty))
        .isInstanceOfSatisfying(
            CloudException.InvalidRequest.class,
            e -> assertThat(e.reason()).isEqualTo("SubnetNotFound"));
  }

  @Test
  void subnetsInTwoZonesAreNotEnough() {
    String extra =
        clients
            .ec2()
            .createSubnet(
                r -> r.vpcId(net.vpcId()).availabilityZone("us-east-1a").cidrBlock("10.0.200.0/24"))
            .subnet()
            .subnetId();
    List<String> ids = List.of(net.privateSubnets().get(0), extra, net.privateSubnets().get(1));
    // The spec lies about the zone of "extra"; the cloud is believed.
    assertThatThrownBy(
            () -> network.resolve(byIds(ids, List.of("us-east-1a", "us-east-1a", "us-east-1b"))))
        .isInstanceOfSatisfying(
            CloudException.InvalidRequest.class,
            e -> assertThat(e.reason()).isEqualTo("InsufficientZones"));
  }
}
