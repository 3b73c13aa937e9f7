package io.strato.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.strato.cloud.aws.AwsClients;
import io.strato.testsupport.AwsFixtures;
import io.strato.testsupport.MockApi;
import io.strato.testsupport.MotoServer;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.Instance;

/**
 * The idle budget of docs/benchmarks.md section 3: a converged CCM makes no AWS call while only the
 * kubelets' heartbeats change. {@code CcmConvergenceBenchmark} measures a real minute with 200
 * Services; here no minute is waited out. The idle period is bounded by a positive signal instead:
 * after the heartbeats, a node label no Service selects on is changed, which the service controller
 * must answer with a node sync (its reconcile counter moves). Informer events arrive in order, so
 * once that sync has run and every work queue is empty, every heartbeat before it has been handled,
 * and the AWS tally over the period must still be zero.
 */
@EnableKubernetesMockClient(crud = true)
class CcmIdleCallBudgetTest {

  static KubernetesClient client;

  private static final String CLUSTER = "idle";
  private static final String NS = "shop";
  private static final int NODES = 3;
  private static final int SERVICES = 3;
  private static final Duration CONVERGE = Duration.ofSeconds(120);

  @Test
  void convergedCcmMakesNoCallWhileOnlyHeartbeatsChange() throws Exception {
    MockApi.removeServicesAndNodes(client);
    List<String> instances = freshAccount();
    for (int i = 0; i < NODES; i++) {
      client.nodes().resource(node("node-" + i, instances.get(i))).create();
    }
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (RunningCcm ccm = RunningCcm.start(client, CLUSTER, registry)) {
      for (int i = 0; i < SERVICES; i++) {
        client.services().inNamespace(NS).resource(service("svc" + i)).create();
      }
      // Converged: every Service's condition says its NLB is active (written by the look that saw
      // it active, after the hostname went out), and nothing is queued or waiting for a requeue.
      await().atMost(CONVERGE).until(() -> active() == SERVICES && queued(registry) == 0);
      ccm.aws().metrics().reset();
      double syncs = reconciles(registry, "service-nodes");

      for (int round = 0; round < 3; round++) {
        heartbeat();
      }
      client
          .nodes()
          .withName("node-0")
          .edit(
              n -> {
                n.getMetadata().getLabels().put("example.com/idle-check", "1");
                return n;
              });
      await()
          .atMost(CONVERGE)
          .until(() -> reconciles(registry, "service-nodes") > syncs && queued(registry) == 0);

      assertThat(ccm.aws().metrics().snapshot())
          .as("AWS calls of a converged CCM over heartbeats and a node sync (target 0)")
          .isEmpty();
    }
  }

  private static double reconciles(SimpleMeterRegistry registry, String controller) {
    return registry.find("strato.reconcile.total").tag("controller", controller).counters().stream()
        .mapToDouble(Counter::count)
        .sum();
  }

  /** Keys waiting for a worker or for a requeue delay, over every controller. */
  private static double queued(SimpleMeterRegistry registry) {
    return registry.find("strato.workqueue.depth").gauges().stream().mapToDouble(Gauge::value).sum()
        + registry.find("strato.workqueue.delayed").gauges().stream()
            .mapToDouble(Gauge::value)
            .sum();
  }

  private long active() {
    return client.services().inNamespace(NS).list().getItems().stream()
        .filter(
            s ->
                s.getStatus() != null
                    && s.getStatus().getConditions() != null
                    && s.getStatus().getConditions().stream()
                        .anyMatch(
                            c -> "True".equals(c.getStatus()) && "Active".equals(c.getReason())))
        .count();
  }

  private List<String> freshAccount() {
    MotoServer.shared().reset();
    try (AwsClients c = MotoServer.shared().clients()) {
      AwsFixtures network = AwsFixtures.network(c.ec2(), CLUSTER);
      String image = AwsFixtures.imageId(c.ec2());
      return c
          .ec2()
          .runInstances(
              r ->
                  r.imageId(image)
                      .instanceType("t3.micro")
                      .minCount(NODES)
                      .maxCount(NODES)
                      .subnetId(network.privateSubnets().get(0)))
          .instances()
          .stream()
          .map(Instance::instanceId)
          .sorted()
          .toList();
    }
  }

  /** What the kubelets do every few seconds: bump each node's Ready heartbeat. */
  private void heartbeat() {
    String now = Instant.now().toString();
    for (int i = 0; i < NODES; i++) {
      client
          .nodes()
          .withName("node-" + i)
          .editStatus(
              n -> {
                n.getStatus().getConditions().get(0).setLastHeartbeatTime(now);
                return n;
              });
    }
  }

  private static Node node(String name, String instanceId) {
    return new NodeBuilder()
        .withNewMetadata()
        .withName(name)
        .withLabels(new HashMap<>())
        .endMetadata()
        .withNewSpec()
        .withProviderID("aws:///us-east-1a/" + instanceId)
        .endSpec()
        .withNewStatus()
        .addNewCondition()
        .withType("Ready")
        .withStatus("True")
        .withLastHeartbeatTime(Instant.now().toString())
        .endCondition()
        .endStatus()
        .build();
  }

  private static Service service(String name) {
    return new ServiceBuilder()
        .withNewMetadata()
        .withNamespace(NS)
        .withName(name)
        .withUid("uid-" + NS + "-" + name)
        .endMetadata()
        .withNewSpec()
        .withType("LoadBalancer")
        .withPorts(
            new ServicePortBuilder()
                .withName("http")
                .withProtocol("TCP")
                .withPort(80)
                .withNodePort(30080)
                .build())
        .endSpec()
        .build();
  }
}
