package io.strato.controller;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.strato.bench.Figures;
import io.strato.cloud.aws.AwsClients;
import io.strato.testsupport.AwsFixtures;
import io.strato.testsupport.MockApi;
import io.strato.testsupport.MotoServer;
import io.strato.testsupport.Quiet;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The service controller's node handling at cluster scale, through the running CCM ({@link
 * LeadingControllers}) on the mock API (CRUD mode) and moto: {@value #DEFAULT_NODES} nodes and
 * {@value #DEFAULT_SERVICES} LoadBalancer Services (sizes by {@code -Dstrato.bench.nodes} and
 * {@code -Dstrato.bench.services}). Reports the Kubernetes API list calls the CCM makes after its
 * informers' start-up lists (target 0, counted at the mock server), the AWS calls and the time for
 * one node joining every Service (target: one RegisterTargets per target group, plus one batched
 * look-up of the joining instance's security groups for the whole sync), and the heap and RSS of
 * the process.
 *
 * <p>Each Service selects one pool of nodes with a bare-key {@code -target-node-labels}, so an NLB
 * holds nodes/pools targets: the emulator would otherwise hold nodes x Services targets (5 million
 * at full size), and a real NLB caps targets per zone at 500 anyway. The CCM still evaluates every
 * node for every Service on each sync. The joining node carries every pool's label, so it joins all
 * the Services.
 */
@EnableKubernetesMockClient(crud = true)
class CcmTargetScaleBenchmark {

  static KubernetesClient client;
  static KubernetesMockServer server;

  static final int DEFAULT_NODES = 5000;
  static final int DEFAULT_SERVICES = 1000;
  static final int POOLS = 100;
  static final String CLUSTER = "scale";
  static final String NS = "scale";

  private final int nodes = Integer.getInteger("strato.bench.nodes", DEFAULT_NODES);
  private final int services = Integer.getInteger("strato.bench.services", DEFAULT_SERVICES);

  @Test
  void nodeJoiningEveryServiceOfALargeCluster() throws Exception {
    MockApi.removeServicesAndNodes(client);
    MotoServer.shared().reset();
    try (AwsClients aws = MotoServer.shared().clients()) {
      AwsFixtures.network(aws.ec2(), CLUSTER);
    }
    long t = System.nanoTime();
    for (int i = 0; i < nodes; i++) {
      client
          .nodes()
          .resource(node("node-" + i, instanceId(i), Map.of(pool(i % POOLS), "")))
          .create();
    }
    for (int i = 0; i < services; i++) {
      client.services().inNamespace(NS).resource(service("svc" + i, pool(i % POOLS))).create();
    }
    Figures.line(
        "scale  %d nodes and %d LoadBalancer Services written to the mock API in %.1f s",
        nodes, services, (System.nanoTime() - t) / 1e9);
    long heapBefore = heapAfterGc();

    ApiListCalls lists = new ApiListCalls(server);
    lists.reset();
    t = System.nanoTime();
    try (RunningCcm ccm = RunningCcm.start(client, CLUSTER)) {
      double started = (System.nanoTime() - t) / 1e9;
      Map<String, Long> startupLists = lists.drain();
      awaitAllIngress();
      double converged = (System.nanoTime() - t) / 1e9;
      // Longer than the poll interval (10 s): a Service shows its NLB while it is provisioning,
      // and a poll landing after the join would count its ensure as the join's.
      Quiet.await(ccm.aws().metrics(), Duration.ofSeconds(12));
      Figures.line(
          "scale  CCM start (informers synced) %.1f s with start-up lists %s; all %d Services"
              + " with a load balancer %.1f s after start, %d AWS calls",
          started, startupLists, services, converged, ccm.aws().metrics().total());

      ccm.aws().metrics().reset();
      Map<String, String> everyPool = new HashMap<>();
      for (int p = 0; p < POOLS; p++) {
        everyPool.put(pool(p), "");
      }
      t = System.nanoTime();
      client.nodes().resource(node("joining", instanceId(nodes), everyPool)).create();
      long registered;
      while ((registered = registers(ccm)) < services) {
        Thread.sleep(20);
      }
      double join = (System.nanoTime() - t) / 1e9;
      Quiet.await(ccm.aws().metrics(), Duration.ofSeconds(3));
      registered = registers(ccm);
      long calls = ccm.aws().metrics().total();
      String sampled = sampleRegistered(instanceId(nodes));
      Figures.line(
          "scale  node joining %d Services among %d nodes: %d AWS calls, %d RegisterTargets"
              + " (target one per target group, %d, plus the sync's one look-up of the joining"
              + " instance's security groups: %s), %.2f s to the last register; %s; %s",
          services,
          nodes + 1,
          calls,
          registered,
          services,
          calls == services + 1 && registered == services ? "met" : "MISSED",
          join,
          ccm.aws().metrics().snapshot(),
          sampled);

      Map<String, Long> after = lists.drain();
      Figures.line(
          "scale  Kubernetes API list calls by the CCM after start-up: %d (target 0: %s) %s",
          after.values().stream().mapToLong(Long::longValue).sum(),
          after.isEmpty() ? "met" : "MISSED",
          after);
      long heapWith = heapAfterGc();
      Figures.line(
          "scale  heap after GC: %d MiB with the CCM running, %d MiB before it started (the"
              + " difference, %d MiB, is the CCM: caches and state); process RSS %d MiB (the"
              + " test JVM, which also hosts the mock API server)",
          heapWith >> 20, heapBefore >> 20, (heapWith - heapBefore) >> 20, rssKib() >> 10);
    }
  }

  private static long registers(RunningCcm ccm) {
    return ccm.aws().metrics().snapshot().entrySet().stream()
        .filter(e -> e.getKey().endsWith(":RegisterTargets"))
        .mapToLong(Map.Entry::getValue)
        .sum();
  }

  /** A few Services, read back from the emulator: the joining node is among their targets. */
  private String sampleRegistered(String instance) {
    Random random = new Random(42);
    int checked = 0;
    int found = 0;
    try (AwsClients aws = MotoServer.shared().clients()) {
      for (int k = 0; k < 10; k++) {
        Service s =
            client.services().inNamespace(NS).withName("svc" + random.nextInt(services)).get();
        String host = s.getStatus().getLoadBalancer().getIngress().get(0).getHostname();
        for (var lb : aws.elb().describeLoadBalancersPaginator().loadBalancers()) {
          if (!lb.dnsName().equals(host)) {
            continue;
          }
          for (var g :
              aws.elb()
                  .describeTargetGroups(r -> r.loadBalancerArn(lb.loadBalancerArn()))
                  .targetGroups()) {
            checked++;
            if (aws
                .elb()
                .describeTargetHealth(r -> r.targetGroupArn(g.targetGroupArn()))
                .targetHealthDescriptions()
                .stream()
                .anyMatch(d -> d.target().id().equals(instance))) {
              found++;
            }
          }
        }
      }
    }
    return "joining node read back in "
        + found
        + " of "
        + checked
        + " sampled target groups"
        + (found == checked && checked > 0 ? "" : " MISSED");
  }

  private void awaitAllIngress() throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(60).toNanos();
    while (System.nanoTime() < deadline) {
      long ready =
          client.services().inNamespace(NS).list().getItems().stream()
              .filter(CcmTargetScaleBenchmark::hasIngress)
              .count();
      if (ready == services) {
        return;
      }
      Thread.sleep(1000);
    }
    throw new IllegalStateException("the Services did not all get a load balancer in 60 min");
  }

  private static boolean hasIngress(Service s) {
    return s.getStatus() != null
        && s.getStatus().getLoadBalancer() != null
        && s.getStatus().getLoadBalancer().getIngress() != null
        && !s.getStatus().getLoadBalancer().getIngress().isEmpty();
  }

  private static long heapAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static long rssKib() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }

  private static String pool(int p) {
    return "pool-" + p;
  }

  /** Instance IDs need not exist: moto registers any ID, and every node here stays Ready. */
  private static String instanceId(int i) {
    return String.format("i-%017x", 0x100000L + i);
  }

  private static Node node(String name, String instanceId, Map<String, String> labels) {
    return new NodeBuilder()
        .withNewMetadata()
        .withName(name)
        .withLabels(new HashMap<>(labels))
        .endMetadata()
        .withNewSpec()
        .withProviderID("aws:///us-east-1a/" + instanceId)
        .endSpec()
        .withNewStatus()
        .addNewCondition()
        .withType("Ready")
        .withStatus("True")
        .endCondition()
        .endStatus()
        .build();
  }

  private static Service service(String name, String poolLabel) {
    return new ServiceBuilder()
        .withNewMetadata()
        .withNamespace(NS)
        .withName(name)
        .withAnnotations(
            Map.of("service.beta.kubernetes.io/aws-load-balancer-target-node-labels", poolLabel))
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
        .build();
  }
}
