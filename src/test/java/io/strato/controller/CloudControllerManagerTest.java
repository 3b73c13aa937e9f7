package io.strato.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.strato.cloud.aws.CloudCallMetrics;
import io.strato.testsupport.AwsFixtures;
import io.strato.testsupport.MotoResource;
import io.strato.testsupport.MotoServer;
import io.strato.testsupport.Quiet;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;

/**
 * The whole CCM in the running application: it wins the Lease on the API server, its informers see
 * Nodes and a Service, and the emulator ends up with the network load balancer, its targets and the
 * pod routes; deleting the Service removes them and the finalizer.
 */
@QuarkusTest
@TestProfile(CcmProfile.class)
@WithTestResource(MotoResource.class)
@WithKubernetesTestServer(crud = true)
class CloudControllerManagerTest {

  private static final Duration CONVERGE = Duration.ofSeconds(60);

  @Inject KubernetesClient client;
  @Inject CloudControllerManager ccm;
  @Inject CloudCallMetrics calls;

  @Test
  void aServiceOfTypeLoadBalancerGetsAnNlbOverItsNodes() {
    var aws = MotoServer.shared().clients();
    AwsFixtures network = AwsFixtures.network(aws.ec2(), CcmProfile.CLUSTER);
    String routeTable =
        aws.ec2()
            .createRouteTable(
                r ->
                    r.vpcId(network.vpcId())
                        .tagSpecifications(
                            TagSpecification.builder()
                                .resourceType(ResourceType.ROUTE_TABLE)
                                .tags(
                                    Tag.builder()
                                        .key("kubernetes.io/cluster/" + CcmProfile.CLUSTER)
                                        .value("owned")
                                        .build())
                                .build()))
            .routeTable()
            .routeTableId();
    List<Instance> instances =
        aws.ec2()
            .runInstances(
                r ->
                    r.imageId(AwsFixtures.imageId(aws.ec2()))
                        .instanceType("t3.medium")
                        .minCount(2)
                        .maxCount(2)
                        .subnetId(network.privateSubnets().get(0)))
            .instances();

    await().atMost(CONVERGE).until(() -> ccm.leading());
    assertThat(
            client
                .leases()
                .inNamespace("kube-system")
                .withName("strato-cloud-controller-manager")
                .get())
        .as("the Lease names the leader")
        .isNotNull();

    for (int i = 0; i < instances.size(); i++) {
      client
          .nodes()
          .resource(node("node-" + i, instances.get(i), "100.64." + i + ".0/24"))
          .create();
    }
    Service service =
        client
            .services()
            .inNamespace("default")
            .resource(
                new ServiceBuilder()
                    .withNewMetadata()
                    .withName("web")
                    .withNamespace("default")
                    .addToAnnotations(
                        "service.beta.kubernetes.io/aws-load-balancer-healthcheck-path", "/ready")
                    .endMetadata()
                    .withNewSpec()
                    .withType("LoadBalancer")
                    .addNewPort()
                    .withName("http")
                    .withProtocol("TCP")
                    .withPort(80)
                    .withNodePort(30080)
                    .endPort()
                    .endSpec()
                    .build())
            .create();

    await()
        .atMost(CONVERGE)
        .until(
            () -> hostname(client.services().inNamespace("default").withName("web").get()) != null);
    Service ready = client.services().inNamespace("default").withName("web").get();
    assertThat(ready.getMetadata().getFinalizers())
        .contains("service.kubernetes.io/load-balancer-cleanup");
    var lb =
        aws.elb().describeLoadBalancers().loadBalancers().stream()
            .filter(l -> l.dnsName().equals(hostname(ready)))
            .findFirst()
            .orElseThrow();
    var groups =
        aws.elb().describeTargetGroups(r -> r.loadBalancerArn(lb.loadBalancerArn())).targetGroups();
    assertThat(groups).singleElement().satisfies(g -> assertThat(g.port()).isEqualTo(30080));
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () ->
                assertThat(
                        aws
                            .elb()
                            .describeTargetHealth(
                                r -> r.targetGroupArn(groups.get(0).targetGroupArn()))
                            .targetHealthDescriptions()
                            .stream()
                            .map(TargetHealthDescription::target)
                            .map(t -> t.id())
                            .toList())
                    .containsExactlyInAnyOrderElementsOf(
                        instances.stream().map(Instance::instanceId).toList()));

    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () ->
                assertThat(
                        aws
                            .ec2()
                            .describeRouteTables(r -> r.routeTableIds(routeTable))
                            .routeTables()
                            .get(0)
                            .routes()
                            .stream()
                            .map(r -> r.destinationCidrBlock())
                            .toList())
                    .as("the pod CIDRs are routed")
                    .contains("100.64.0.0/24", "100.64.1.0/24"));

    // Idle: once the controllers have settled (no call for two seconds), kubelets keep posting
    // heartbeats and nothing else changes. No AWS call may follow.
    Quiet.await(calls, Duration.ofSeconds(2));
    calls.reset();
    for (int beat = 0; beat < 5; beat++) {
      for (int i = 0; i < instances.size(); i++) {
        client.nodes().withName("node-" + i).edit(n -> heartbeat(n));
      }
      client.services().inNamespace("default").withName("web").edit(s -> s);
    }
    await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> true);
    assertThat(calls.snapshot()).as("AWS calls while idle").isEmpty();

    client.services().inNamespace("default").withName("web").delete();
    await()
        .atMost(CONVERGE)
        .until(() -> client.services().inNamespace("default").withName("web").get() == null);
    assertThat(aws.elb().describeLoadBalancers().loadBalancers())
        .noneMatch(l -> l.loadBalancerArn().equals(lb.loadBalancerArn()));
    assertThat(aws.elb().describeTargetGroups().targetGroups()).isEmpty();
  }

  private static Node heartbeat(Node n) {
    n.getStatus()
        .getConditions()
        .forEach(c -> c.setLastHeartbeatTime(java.time.Instant.now().toString()));
    return n;
  }

  private static String hostname(Service s) {
    if (s == null || s.getStatus() == null || s.getStatus().getLoadBalancer() == null) {
      return null;
    }
    var ingress = s.getStatus().getLoadBalancer().getIngress();
    return ingress == null || ingress.isEmpty() ? null : ingress.get(0).getHostname();
  }

  private static Node node(String name, Instance instance, String podCidr) {
    return new NodeBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withNewSpec()
        .withProviderID(
            "aws:///" + instance.placement().availabilityZone() + "/" + instance.instanceId())
        .withPodCIDR(podCidr)
        .withPodCIDRs(podCidr)
        .endSpec()
        .withNewStatus()
        .addNewCondition()
        .withType("Ready")
        .withStatus("True")
        .endCondition()
        .addNewAddress()
        .withType("InternalIP")
        .withAddress(instance.privateIpAddress())
        .endAddress()
        .endStatus()
        .build();
  }
}
