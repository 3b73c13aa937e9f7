package io.strato.controller.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.strato.cloud.instance.InstanceMetadata;
import io.strato.cloud.instance.InstanceState;
import io.strato.cloud.instance.NodeAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Fast tier: what an initialised Node should look like, and what the controller reads off one. */
class NodeInitializationTest {

  private static final InstanceMetadata INSTANCE =
      new InstanceMetadata(
          "i-0abc12345",
          "aws:///eu-west-1b/i-0abc12345",
          "c6g.large",
          "eu-west-1b",
          "eu-west-1",
          "euw1-az3",
          InstanceState.RUNNING,
          List.of(new NodeAddress("InternalIP", "10.0.1.5")));

  @Test
  void setsProviderIdLabelsAndRemovesOnlyTheUninitializedTaint() {
    Node node =
        registered()
            .editSpec()
            .addNewTaint()
            .withKey("dedicated")
            .withValue("gpu")
            .withEffect("NoSchedule")
            .endTaint()
            .endSpec()
            .build();

    Node out = NodeInitialization.initialized(node, INSTANCE);

    assertThat(out.getSpec().getProviderID()).isEqualTo("aws:///eu-west-1b/i-0abc12345");
    assertThat(out.getSpec().getTaints()).extracting(Taint::getKey).containsExactly("dedicated");
    assertThat(out.getMetadata().getLabels())
        .containsEntry("team", "a")
        .containsEntry("topology.kubernetes.io/zone", "eu-west-1b")
        .containsEntry("topology.kubernetes.io/region", "eu-west-1")
        .containsEntry("node.kubernetes.io/instance-type", "c6g.large")
        .containsEntry("failure-domain.beta.kubernetes.io/zone", "eu-west-1b")
        .containsEntry("failure-domain.beta.kubernetes.io/region", "eu-west-1")
        .containsEntry("beta.kubernetes.io/instance-type", "c6g.large")
        .containsEntry("topology.k8s.aws/zone-id", "euw1-az3");
    assertThat(NodeFacts.uninitialized(node)).as("the input is not touched").isTrue();
  }

  @Test
  void keepsAProviderIdAlreadySet() {
    Node node = registered().editSpec().withProviderID("aws:////i-0abc12345").endSpec().build();

    assertThat(NodeInitialization.initialized(node, INSTANCE).getSpec().getProviderID())
        .isEqualTo("aws:////i-0abc12345");
  }

  @Test
  void writesTheInstancesAddresses() {
    Node node = registered().build();
    Node out =
        NodeInitialization.withAddresses(node, NodeInitialization.addresses(node, INSTANCE).get());

    assertThat(out.getStatus().getAddresses()).hasSize(1);
    assertThat(out.getStatus().getAddresses().get(0).getAddress()).isEqualTo("10.0.1.5");
  }

  @Test
  void theKubeletsNodeIpIsTheOnlyInternalIpAndAForeignOneIsRefused() {
    InstanceMetadata twoEnis =
        new InstanceMetadata(
            "i-0abc12345",
            "aws:///eu-west-1b/i-0abc12345",
            "c6g.large",
            "eu-west-1b",
            "eu-west-1",
            null,
            InstanceState.RUNNING,
            List.of(
                new NodeAddress("InternalIP", "10.0.1.5"),
                new NodeAddress("InternalIP", "10.0.2.7"),
                new NodeAddress("Hostname", "ip-10-0-1-5")));

    // As upstream's GetNodeAddressesFromNodeIP: the given IP is the only address of its type.
    assertThat(NodeInitialization.addresses(withNodeIp("10.0.2.7"), twoEnis).get())
        .containsExactly(
            new NodeAddress("InternalIP", "10.0.2.7"), new NodeAddress("Hostname", "ip-10-0-1-5"));
    assertThat(NodeInitialization.addresses(withNodeIp("192.168.0.1"), twoEnis)).isEmpty();
  }

  @Test
  void aDualStackNodeIpPairKeepsBothGivenIpsFirstInTheirOrder() {
    InstanceMetadata dual =
        instanceWith(
            new NodeAddress("InternalIP", "10.0.1.5"),
            new NodeAddress("InternalIP", "10.0.2.7"),
            new NodeAddress("InternalDNS", "ip-10-0-1-5.ec2.internal"),
            new NodeAddress("InternalIP", "2001:db8::7"));

    assertThat(NodeInitialization.addresses(withNodeIp("10.0.1.5,2001:db8:0:0::7"), dual).get())
        .containsExactly(
            new NodeAddress("InternalIP", "10.0.1.5"),
            new NodeAddress("InternalIP", "2001:db8::7"),
            new NodeAddress("InternalDNS", "ip-10-0-1-5.ec2.internal"));
    assertThat(NodeInitialization.addresses(withNodeIp("10.0.1.5,2001:db8::9"), dual)).isEmpty();
  }

  @Test
  void theKubeletsHostnameIsKeptWhenTheInstanceGivesNone() {
    Node node =
        registered()
            .withNewStatus()
            .addNewAddress()
            .withType("Hostname")
            .withAddress("worker-a")
            .endAddress()
            .endStatus()
            .build();

    assertThat(NodeInitialization.addresses(node, INSTANCE).get())
        .containsExactly(
            new NodeAddress("InternalIP", "10.0.1.5"), new NodeAddress("Hostname", "worker-a"));
    assertThat(NodeInitialization.addresses(node, instanceWith()).get())
        .as("an answer without addresses leaves the node's as they are")
        .containsExactly(new NodeAddress("Hostname", "worker-a"));
  }

  private static InstanceMetadata instanceWith(NodeAddress... addresses) {
    return new InstanceMetadata(
        "i-0abc12345",
        "aws:///eu-west-1b/i-0abc12345",
        "c6g.large",
        "eu-west-1b",
        "eu-west-1",
        null,
        InstanceState.RUNNING,
        List.of(addresses));
  }

  private static Node withNodeIp(String ip) {
    return registered()
        .editMetadata()
        .addToAnnotations(NodeFacts.PROVIDED_NODE_IP, ip)
        .endMetadata()
        .build();
  }

  @Test
  void readinessIsTheReadyConditionBeingTrue() {
    assertThat(NodeFacts.ready(registered().build())).isFalse();
    assertThat(NodeFacts.ready(withReady("True"))).isTrue();
    assertThat(NodeFacts.ready(withReady("Unknown"))).isFalse();
    assertThat(NodeFacts.ready(withReady("False"))).isFalse();
  }

  @Test
  void findsTheInternalIpFromTheStatusElseFromTheNodeIpAnnotation() {
    Node annotated =
        registered()
            .editMetadata()
            .addToAnnotations(NodeFacts.PROVIDED_NODE_IP, "10.0.9.9")
            .endMetadata()
            .build();
    assertThat(NodeFacts.ref(annotated).internalIp()).isEqualTo("10.0.9.9");
    assertThat(NodeFacts.ref(registered().build()).internalIp()).isNull();
  }

  private static Node withReady(String status) {
    return registered()
        .withNewStatus()
        .addNewCondition()
        .withType("Ready")
        .withStatus(status)
        .endCondition()
        .endStatus()
        .build();
  }

  private static NodeBuilder registered() {
    return new NodeBuilder()
        .withNewMetadata()
        .withName("ip-10-0-1-5.eu-west-1.compute.internal")
        .addToLabels("team", "a")
        .endMetadata()
        .withNewSpec()
        .addNewTaint()
        .withKey(NodeFacts.UNINITIALIZED_TAINT)
        .withValue("true")
        .withEffect("NoSchedule")
        .endTaint()
        .endSpec();
  }
}
