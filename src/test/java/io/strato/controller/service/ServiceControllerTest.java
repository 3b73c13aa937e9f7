package io.strato.controller.service;

import static io.strato.controller.service.Manifests.node;
import static io.strato.controller.service.Manifests.port;
import static io.strato.controller.service.Manifests.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.strato.cloud.aws.elb.AwsLoadBalancers;
import io.strato.reconcile.Backoff;
import io.strato.testsupport.AwsAccount;
import io.strato.testsupport.MockApi;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The controller as the integrator wires it: informer events in, the engine's workers running. */
@EnableKubernetesMockClient(crud = true)
class ServiceControllerTest {

  static KubernetesClient client;

  private ScheduledExecutorService scheduler;
  private ServiceController controller;
  private List<String> instances;

  @BeforeEach
  void start() {
    MockApi.removeServicesAndNodes(client);
    instances = AwsAccount.freshAccountWithInstances("c1", 2);
    scheduler = Executors.newSingleThreadScheduledExecutor();
    controller =
        new ServiceController(
            client,
            new ApiServerReads(client),
            new AwsLoadBalancers(AwsAccount.clients()),
            ServiceScenarioTest.SETTINGS,
            2,
            new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1)),
            scheduler,
            new SimpleMeterRegistry(),
            Clock.systemUTC(),
            Runnable::run);
    controller.start();
  }

  @AfterEach
  void stop() {
    controller.close();
    scheduler.shutdownNow();
  }

  @Test
  void informerEventsDriveTheLoadBalancerAndHeartbeatsCostNothing() {
    Node n1 = client.nodes().resource(node("n1", instances.get(0))).create();
    controller.onNodeEvent(n1);
    Service web =
        client
            .services()
            .inNamespace("shop")
            .resource(service("shop", "web", port("http", 80, 30080)))
            .create();
    controller.onServiceEvent(web);

    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              Service s = client.services().inNamespace("shop").withName("web").get();
              return ServiceStatusWriter.current(s) != null
                  && "True".equals(ServiceStatusWriter.current(s).getStatus());
            });
    assertThat(AwsAccount.loadBalancers()).hasSize(1);

    // A heartbeat: the node object changes, nothing a load balancer cares about does.
    AwsAccount.resetCalls();
    Node heartbeat =
        new NodeBuilder(n1)
            .editStatus()
            .editFirstCondition()
            .withLastHeartbeatTime("2026-01-01T00:00:00Z")
            .endCondition()
            .endStatus()
            .build();
    controller.onNodeEvent(heartbeat);
    controller.onNodeEvent(heartbeat);
    // Our own status and finalizer writes come back as Service events: they cost nothing either.
    controller.onServiceEvent(client.services().inNamespace("shop").withName("web").get());

    Node n2 = client.nodes().resource(node("n2", instances.get(1))).create();
    controller.onNodeEvent(n2);
    String arn = AwsAccount.loadBalancers().get(0).loadBalancerArn();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                AwsAccount.targetGroups(arn)
                    .forEach(
                        g ->
                            assertThat(AwsAccount.registeredInstances(g.targetGroupArn()))
                                .containsExactlyElementsOf(instances)));
    assertThat(AwsAccount.calls())
        .as(
            "only the join cost calls: one look-up of the joining instance's security group,"
                + " which the ensure left open, and one register into the group it remembered")
        .containsOnly(Map.entry("DescribeInstances", 1L), Map.entry("RegisterTargets", 1L));
  }

  @Test
  void aServiceRefusedForUntaggedSubnetsConvergesOnceTheyAreTaggedWithoutAnyEdit() {
    ServiceController otherCluster =
        new ServiceController(
            client,
            new ApiServerReads(client),
            new AwsLoadBalancers(AwsAccount.clients()),
            new ServiceControllerSettings("c2", "strato.io/nlb", Duration.ofSeconds(1)),
            1,
            new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1)),
            scheduler,
            new SimpleMeterRegistry(),
            Clock.systemUTC(),
            Runnable::run);
    otherCluster.start();
    try {
      Node n1 = client.nodes().resource(node("n1", instances.get(0))).create();
      otherCluster.onNodeEvent(n1);
      Service web =
          client
              .services()
              .inNamespace("heal")
              .resource(service("heal", "web", port("http", 80, 30080)))
              .create();
      otherCluster.onServiceEvent(web);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> "NoSuitableSubnets".equals(reason("heal", "web")));
      assertThat(AwsAccount.loadBalancers()).isEmpty();

      // The cluster's subnets get their tag outside Kubernetes: no Service event follows.
      List<String> publicSubnets =
          AwsAccount.aws()
              .ec2()
              .describeSubnets(
                  r -> r.filters(f -> f.name("tag-key").values("kubernetes.io/role/elb")))
              .subnets()
              .stream()
              .map(sn -> sn.subnetId())
              .toList();
      AwsAccount.aws()
          .ec2()
          .createTags(
              r ->
                  r.resources(publicSubnets)
                      .tags(t -> t.key("kubernetes.io/cluster/c2").value("shared")));

      await().atMost(Duration.ofSeconds(60)).until(() -> "Active".equals(reason("heal", "web")));
      assertThat(AwsAccount.loadBalancers()).hasSize(1);
    } finally {
      otherCluster.close();
    }
  }

  @Test
  void theProductionRetryIsUpstreamsFiveSecondsDoublingToFiveMinutes() {
    Backoff retry = ServiceControllerSettings.retryBackoff();
    // Jittered between half and all of the ceiling, so a burst of failures does not retry at once.
    assertThat(retry.delay(1)).isBetween(Duration.ofMillis(2500), Duration.ofSeconds(5));
    assertThat(retry.delay(2)).isBetween(Duration.ofSeconds(5), Duration.ofSeconds(10));
    assertThat(retry.delay(20))
        .isBetween(Duration.ofMinutes(2).plusSeconds(30), Duration.ofMinutes(5));
  }

  private String reason(String namespace, String name) {
    Service s = client.services().inNamespace(namespace).withName(name).get();
    return s == null || ServiceStatusWriter.current(s) == null
        ? null
        : ServiceStatusWriter.current(s).getReason();
  }
}
