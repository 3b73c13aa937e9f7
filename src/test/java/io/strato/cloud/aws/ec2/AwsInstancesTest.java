package io.strato.cloud.aws.ec2;

import static org.assertj.core.api.Assertions.assertThat;

import io.strato.cloud.aws.AwsClients;
import io.strato.cloud.instance.InstanceMetadata;
import io.strato.cloud.instance.InstanceState;
import io.strato.cloud.instance.NodeAddress;
import io.strato.cloud.instance.NodeRef;
import io.strato.testsupport.AwsFixtures;
import io.strato.testsupport.MotoServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceType;

/** Scenarios against moto: which instance each node maps to, and at what cost in calls. */
class AwsInstancesTest {

  private AwsClients clients;
  private AwsFixtures network;
  private String imageId;
  private AwsInstances instances;

  @BeforeEach
  void freshAccount() {
    MotoServer moto = MotoServer.shared();
    moto.reset();
    clients = moto.clients();
    network = AwsFixtures.network(clients.ec2(), "prod");
    imageId = AwsFixtures.imageId(clients.ec2());
    instances = new AwsInstances(clients);
  }

  @AfterEach
  void close() {
    clients.close();
  }

  @Test
  void findsAnInstanceByProviderIdWithEverythingTheNodeNeeds() {
    Instance i = run(network.privateSubnets().get(1), 1, false).get(0);
    clients.metrics().reset();

    Map<String, InstanceMetadata> found =
        instances.lookup(
            List.of(new NodeRef("node-a", "aws:///us-east-1b/" + i.instanceId(), null)));

    InstanceMetadata m = found.get("node-a");
    assertThat(m.instanceId()).isEqualTo(i.instanceId());
    assertThat(m.providerId()).isEqualTo("aws:///us-east-1b/" + i.instanceId());
    assertThat(m.zone()).isEqualTo("us-east-1b");
    assertThat(m.region()).isEqualTo("us-east-1");
    assertThat(m.instanceType()).isEqualTo("m5.large");
    assertThat(m.state()).isEqualTo(InstanceState.RUNNING);
    assertThat(m.addresses())
        .containsExactly(
            new NodeAddress("InternalIP", i.privateIpAddress()),
            new NodeAddress("InternalDNS", i.privateDnsName()),
            new NodeAddress("Hostname", i.privateDnsName()));
    assertThat(clients.metrics().snapshot())
        .containsOnly(
            Map.entry("Ec2:DescribeInstances", 1L), Map.entry("Ec2:DescribeAvailabilityZones", 1L));
    assertThat(m.zoneId())
        .isEqualTo(
            clients
                .ec2()
                .describeAvailabilityZones(r -> r.zoneNames("us-east-1b"))
                .availabilityZones()
                .get(0)
                .zoneId());
  }

  @Test
  void zoneIdsAreReadOncePerProcess() {
    List<Instance> two = new ArrayList<>(run(network.privateSubnets().get(0), 1, false));
    two.addAll(run(network.privateSubnets().get(1), 1, false));
    clients.metrics().reset();

    for (Instance i : two) {
      instances.lookup(List.of(new NodeRef("n", i.instanceId(), null)));
    }

    assertThat(clients.metrics().snapshot())
        .containsOnly(
            Map.entry("Ec2:DescribeInstances", 2L), Map.entry("Ec2:DescribeAvailabilityZones", 1L));
  }

  @Test
  void aPublicInstanceAlsoGetsExternalAddresses() {
    Instance i = run(network.publicSubnets().get(0), 1, true).get(0);

    InstanceMetadata m =
        instances
            .lookup(List.of(new NodeRef(i.privateDnsName(), null, null)))
            .get(i.privateDnsName());

    assertThat(i.publicIpAddress()).isNotBlank();
    assertThat(m.addresses())
        .contains(
            new NodeAddress("ExternalIP", i.publicIpAddress()),
            new NodeAddress("ExternalDNS", i.publicDnsName()));
    assertThat(m.addresses().get(0)).isEqualTo(new NodeAddress("InternalIP", i.privateIpAddress()));
  }

  @Test
  void findsNodesByPrivateDnsNameAndByInternalIpWhenTheNameIsNoDnsName() {
    List<Instance> two = run(network.privateSubnets().get(0), 2, false);
    clients.metrics().reset();

    Map<String, InstanceMetadata> found =
        instances.lookup(
            List.of(
                new NodeRef(two.get(0).privateDnsName(), null, null),
                new NodeRef("custom-hostname", null, two.get(1).privateIpAddress())));

    assertThat(found.get(two.get(0).privateDnsName()).instanceId())
        .isEqualTo(two.get(0).instanceId());
    assertThat(found.get("custom-hostname").instanceId()).isEqualTo(two.get(1).instanceId());
    // one describe by DNS name, then one by IP for the node the first did not find
    assertThat(clients.metrics().snapshot()).containsEntry("Ec2:DescribeInstances", 2L);
  }

  @Test
  void anUnknownInstanceIsAbsentAndDoesNotBlindTheBatch() {
    Instance i = run(network.privateSubnets().get(0), 1, false).get(0);

    Map<String, InstanceMetadata> found =
        instances.lookup(
            List.of(
                new NodeRef("known", "aws:///us-east-1a/" + i.instanceId(), null),
                new NodeRef("unknown", "aws:///us-east-1a/i-00000000deadbeef0", null),
                new NodeRef("ip-10-9-9-9.ec2.internal", null, null)));

    assertThat(found).containsOnlyKeys("known");
  }

  @Test
  void aTerminatedInstanceStillListedIsReturnedAsTerminatedAndAStoppedOneAsStopped() {
    List<Instance> two = run(network.privateSubnets().get(0), 2, false);
    clients.ec2().terminateInstances(r -> r.instanceIds(two.get(0).instanceId()));
    clients.ec2().stopInstances(r -> r.instanceIds(two.get(1).instanceId()));

    Map<String, InstanceMetadata> found =
        instances.lookup(
            List.of(
                new NodeRef("a", "aws:///us-east-1a/" + two.get(0).instanceId(), null),
                new NodeRef("b", "aws:///us-east-1a/" + two.get(1).instanceId(), null)));

    assertThat(found.get("a").state()).isEqualTo(InstanceState.TERMINATED);
    assertThat(found.get("a").state().gone()).isTrue();
    assertThat(found.get("b").state().shutdown()).isTrue();
  }

  @Test
  void twoHundredAndFiftyNodesCostTwoDescribesWhateverTheirNumberWithinAChunk() {
    List<Instance> all = run(network.privateSubnets().get(2), 250, false);
    List<NodeRef> nodes = new ArrayList<>();
    for (Instance i : all) {
      nodes.add(new NodeRef(i.privateDnsName(), null, null));
    }
    clients.metrics().reset();

    Map<String, InstanceMetadata> found = instances.lookup(nodes);

    assertThat(found).hasSize(250);
    // 250 names: two chunks of at most 200 filter values, one page each
    assertThat(clients.metrics().snapshot()).containsEntry("Ec2:DescribeInstances", 2L);
  }

  private List<Instance> run(String subnet, int count, boolean publicIp) {
    return clients
        .ec2()
        .runInstances(
            r ->
                r.imageId(imageId)
                    .instanceType(InstanceType.M5_LARGE)
                    .minCount(count)
                    .maxCount(count)
                    .networkInterfaces(
                        n -> n.deviceIndex(0).subnetId(subnet).associatePublicIpAddress(publicIp)))
        .instances();
  }
}
