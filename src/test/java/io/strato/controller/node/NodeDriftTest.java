package io.strato.controller.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.strato.cloud.instance.InstanceMetadata;
import io.strato.cloud.instance.InstanceState;
import io.strato.cloud.instance.NodeAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Fast tier: when the periodic refresh finds a Node different from its instance, and what. */
class NodeDriftTest {

  private static final InstanceMetadata INSTANCE =
      new InstanceMetadata(
          "i-0abc12345",
          "aws:///eu-west-1b/i-0abc12345",
          "c6g.large",
          "eu-west-1b",
          "eu-west-1",
          "euw1-az3",
          InstanceState.RUNNING,
          List.of(
              new NodeAddress("InternalIP", "10.0.1.5"),
              new NodeAddress("InternalIP", "10.0.2.7"),
              new NodeAddress("Hostname", "ip-10-0-1-5")));

  @Test
  void aNodeAsItsInstanceSaysHasNoDrift() {
    Node node = asInitialised(INSTANCE, INSTANCE.addresses());

    assertThat(NodeDrift.between(node, INSTANCE).none()).isTrue();
  }

  @Test
  void aResizedInstanceDriftsInItsTypeLabelsOnly() {
    Node node = asInitialised(INSTANCE, INSTANCE.addresses());
    InstanceMetadata resized =
        new InstanceMetadata(
            INSTANCE.instanceId(),
            INSTANCE.providerId(),
            "c6g.xlarge",
            INSTANCE.zone(),
            INSTANCE.region(),
            INSTANCE.zoneId(),
            InstanceState.RUNNING,
            INSTANCE.addresses());

    NodeDrift drift = NodeDrift.between(node, resized);

    assertThat(drift.addresses()).isEmpty();
    assertThat(drift.labels())
        .isEqualTo(
            Map.of(
                "node.kubernetes.io/instance-type", "c6g.xlarge",
                "beta.kubernetes.io/instance-type", "c6g.xlarge"));
  }

  @Test
  void addressesInAnotherOrderAreADrift() {
    Node node =
        asInitialised(
            INSTANCE,
            List.of(
                new NodeAddress("InternalIP", "10.0.2.7"),
                new NodeAddress("InternalIP", "10.0.1.5"),
                new NodeAddress("Hostname", "ip-10-0-1-5")));

    assertThat(NodeDrift.between(node, INSTANCE).addresses()).contains(INSTANCE.addresses());
  }

  @Test
  void aNodeIpTheInstanceNoLongerHasLeavesTheAddressesAsTheyAre() {
    Node node =
        new NodeBuilder(asInitialised(INSTANCE, List.of(new NodeAddress("InternalIP", "10.0.9.9"))))
            .editMetadata()
            .addToAnnotations(NodeFacts.PROVIDED_NODE_IP, "10.0.9.9")
            .endMetadata()
            .build();

    assertThat(NodeDrift.between(node, INSTANCE).addresses()).isEmpty();
  }

  private static Node asInitialised(InstanceMetadata instance, List<NodeAddress> addresses) {
    Node node =
        new NodeBuilder()
            .withNewMetadata()
            .withName("ip-10-0-1-5.eu-west-1.compute.internal")
            .addToLabels("team", "a")
            .endMetadata()
            .withNewSpec()
            .withProviderID(instance.providerId())
            .endSpec()
            .build();
    return NodeInitialization.withAddresses(
        NodeInitialization.initialized(node, instance), addresses);
  }
}
