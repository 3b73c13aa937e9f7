package io.strato.controller;

import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.strato.bench.Figures;
import io.strato.bench.MinimalNlb;
import io.strato.cloud.aws.AwsClients;
import io.strato.cloud.aws.AwsCloudProvider;
import io.strato.cloud.aws.elb.AwsLoadBalancers;
import io.strato.config.StratoConfig;
import io.strato.testsupport.AwsFixtures;
import io.strato.testsupport.MockApi;
import io.strato.testsupport.MotoServer;
import io.strato.testsupport.Quiet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetDescription;

/**
 * The cloud controller manager as production wires it ({@link LeadingControllers}: informers, the
 * service, node and route controllers, the orphan sweeper) on the Fabric8 mock API server and moto,
 * with 50 nodes:
 *
 * <ul>
 *   <li>convergence: time from creating N LoadBalancer Services to every one showing its load
 *       balancer in its status, beside a baseline measured in the same run, the same minimal AWS
 *       call sequence issued directly with the SDK at the same parallelism (the CCM's default
 *       workers), ending with the same status write;
 *   <li>idle: AWS calls in a minute with the 200 Services and 50 nodes converged and nothing
 *       changing but the nodes' heartbeats.
 * </ul>
 */
@EnableKubernetesMockClient(crud = true)
class CcmConvergenceBenchmark {

  static KubernetesClient client;

  static final String CLUSTER = "bench";
  static final int NODES = 50;

  /** The CCM's default {@code strato.ccm.workers}. */
  static final int WORKERS = 4;

  private final MotoServer moto = MotoServer.shared();
  private List<String> instances;
  private AwsFixtures network;

  /**
   * {@code -Dstrato.bench.ccm-sizes=50} runs only the 50-Service comparison (a shorter variant for
   * profiling and before/after runs); the idle minute runs only with the default sizes.
   */
  private static final String SIZES = System.getProperty("strato.bench.ccm-sizes", "50,200");

  @Test
  void fiftyAndTwoHundredServicesThenIdle() throws Exception {
    int largest = 0;
    for (String size : SIZES.split(",")) {
      largest = Math.max(largest, Integer.parseInt(size.trim()));
      compare(Integer.parseInt(size.trim()));
    }
    if (SIZES.equals("50,200")) {
      idle(largest);
    }
  }

  private void compare(int n) throws Exception {
    // A small warm-up round of each, not counted; then baseline, Strato, Strato, baseline, so
    // that neither side always meets a warmer emulator.
    baseline(5, "warm-b");
    strato(5, "warm-s");
    double base1 = baseline(n, "b1-" + n);
    double strato1 = strato(n, "s1-" + n);
    double strato2 = strato(n, "s2-" + n);
    double base2 = baseline(n, "b2-" + n);
    double base = (base1 + base2) / 2;
    double strato = (strato1 + strato2) / 2;
    Figures.line(
        "converge %d LoadBalancer Services (CCM, %d nodes, %d workers): strato %.2f s (%.2f,"
            + " %.2f), SDK baseline %.2f s (%.2f, %.2f), ratio %.2f (target <= 1.10: %s)",
        n,
        NODES,
        WORKERS,
        strato,
        strato1,
        strato2,
        base,
        base1,
        base2,
        strato / base,
        strato / base <= 1.10 ? "met" : "MISSED");
  }

  private void idle(int n) throws Exception {
    freshAccount();
    try (Ccm ccm = startCcm()) {
      converge(ccm, n, "idle");
      // A Service shows its load balancer as soon as the NLB exists; the CCM then looks once more
      // to see it active. Count that tail, wait until the CCM has made no call for 5 s, then
      // count a minute in which only the nodes' heartbeats change.
      long settleStart = System.nanoTime();
      long before = ccm.clients.metrics().total();
      Quiet.await(ccm.clients.metrics(), Duration.ofSeconds(5));
      Figures.line(
          "idle   after convergence: %d AWS calls until quiet (%.1f s, the polls that see each NLB"
              + " active)",
          ccm.clients.metrics().total() - before, (System.nanoTime() - settleStart) / 1e9);
      ccm.clients.metrics().reset();
      long end = System.nanoTime() + 60_000_000_000L;
      int heartbeats = 0;
      while (System.nanoTime() < end) {
        heartbeat();
        heartbeats++;
        Thread.sleep(10_000);
      }
      long calls = ccm.clients.metrics().total();
      Figures.line(
          "idle   CCM with %d Services and %d nodes, 60 s, %d node heartbeat rounds: %d AWS calls"
              + " per minute (target 0: %s) %s",
          n,
          NODES,
          heartbeats,
          calls,
          calls == 0 ? "met" : "MISSED",
          ccm.clients.metrics().snapshot());
    }
  }

  /** The CCM as one leading replica runs it, with clients of its own, closed together. */
  private record Ccm(LeadingControllers controllers, AwsClients clients) implements AutoCloseable {
    @Override
    public void close() {
      controllers.close();
      clients.close();
    }
  }

  private Ccm startCcm() throws Exception {
    AwsClients clients = moto.clients();
    LeadingControllers controllers =
        new LeadingControllers(
            client,
            new AwsCloudProvider(clients, new AwsLoadBalancers(clients)),
            config(CLUSTER),
            CLUSTER,
            new SimpleMeterRegistry());
    Ccm ccm = new Ccm(controllers, clients);
    try {
      controllers.start();
      return ccm;
    } catch (Exception | Error e) {
      ccm.close();
      throw e;
    }
  }

  private double strato(int n, String namespace) throws Exception {
    freshAccount();
    try (Ccm ccm = startCcm()) {
      return converge(ccm, n, namespace);
    }
  }

  /** Creates n Services and answers the seconds until every one shows its load balancer. */
  private double converge(Ccm ccm, int n, String namespace) throws InterruptedException {
    ccm.clients.metrics().reset();
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      client.services().inNamespace(namespace).resource(service(namespace, "svc" + i)).create();
    }
    awaitIngress(namespace, n);
    double seconds = (System.nanoTime() - start) / 1e9;
    long calls = ccm.clients.metrics().total();
    Figures.line(
        "converge   strato   %d Services %.2f s, %d AWS calls (%.1f per Service)",
        n, seconds, calls, calls / (double) n);
    return seconds;
  }

  private double baseline(int n, String namespace) throws Exception {
    freshAccount();
    ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
    try (AwsClients c = moto.clients()) {
      long start = System.nanoTime();
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        String name = "svc" + i;
        client.services().inNamespace(namespace).resource(service(namespace, name)).create();
        done.add(pool.submit(() -> minimalEnsure(c, namespace, name)));
      }
      for (Future<?> f : done) {
        f.get();
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      Figures.line(
          "converge   baseline %d Services %.2f s, %d AWS calls (%.1f per Service)",
          n, seconds, c.metrics().total(), c.metrics().total() / (double) n);
      return seconds;
    } finally {
      pool.shutdownNow();
      MockApi.removeServicesAndNodes(client);
    }
  }

  /**
   * The fewest calls that give a one-port Service what the CCM gives it: discover the subnets, a
   * security group open on the port, the NLB, a target group with the nodes registered, a listener,
   * one read to see the NLB active; then the Service's status, the write the user sees.
   */
  private Void minimalEnsure(AwsClients c, String namespace, String name) {
    String vpcId = network.vpcId();
    String lbName = (namespace + "-" + name).replaceAll("[^a-zA-Z0-9-]", "-");
    List<String> subnets = MinimalNlb.subnets(c, vpcId);
    String group = MinimalNlb.openGroup(c, vpcId, lbName, 80);
    String lb = MinimalNlb.create(c, lbName, subnets, group);
    String tg = MinimalNlb.targetGroup(c, vpcId, lbName, 30080);
    c.elb()
        .registerTargets(
            r ->
                r.targetGroupArn(tg)
                    .targets(
                        instances.stream()
                            .map(id -> TargetDescription.builder().id(id).port(30080).build())
                            .toList()));
    MinimalNlb.forward(c, lb, 80, tg);
    LoadBalancer active = MinimalNlb.read(c, lb);
    client
        .services()
        .inNamespace(namespace)
        .withName(name)
        .editStatus(
            s -> {
              s.setStatus(new io.fabric8.kubernetes.api.model.ServiceStatus());
              s.getStatus()
                  .setLoadBalancer(
                      new io.fabric8.kubernetes.api.model.LoadBalancerStatus(
                          List.of(ingress(active.dnsName()))));
              return s;
            });
    return null;
  }

  private static LoadBalancerIngress ingress(String hostname) {
    LoadBalancerIngress ingress = new LoadBalancerIngress();
    ingress.setHostname(hostname);
    return ingress;
  }

  private void awaitIngress(String namespace, int n) throws InterruptedException {
    long deadline = System.nanoTime() + 600_000_000_000L;
    while (System.nanoTime() < deadline) {
      long ready =
          client.services().inNamespace(namespace).list().getItems().stream()
              .filter(CcmConvergenceBenchmark::hasIngress)
              .count();
      if (ready == n) {
        return;
      }
      Thread.sleep(20);
    }
    throw new IllegalStateException("Services in " + namespace + " did not converge in 10 min");
  }

  private static boolean hasIngress(Service s) {
    return s.getStatus() != null
        && s.getStatus().getLoadBalancer() != null
        && s.getStatus().getLoadBalancer().getIngress() != null
        && !s.getStatus().getLoadBalancer().getIngress().isEmpty();
  }

  /** An empty account and mock API: the network, {@value #NODES} instances and their nodes. */
  private void freshAccount() {
    MockApi.removeServicesAndNodes(client);
    moto.reset();
    try (AwsClients c = moto.clients()) {
      network = AwsFixtures.network(c.ec2(), CLUSTER);
      String image = AwsFixtures.imageId(c.ec2());
      instances =
          c
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
    for (int i = 0; i < NODES; i++) {
      client.nodes().resource(node("node-" + i, instances.get(i))).create();
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

  private static Service service(String namespace, String name) {
    return new ServiceBuilder()
        .withNewMetadata()
        .withNamespace(namespace)
        .withName(name)
        .withUid("uid-" + namespace + "-" + name)
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
        .withExternalTrafficPolicy("Cluster")
        .endSpec()
        .build();
  }

  private static Node node(String name, String instanceId) {
    return new NodeBuilder()
        .withNewMetadata()
        .withName(name)
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

  /**
   * Production defaults for everything but the cluster ID, read through the same mapping Quarkus
   * uses; routes are off because the mock nodes carry no pod CIDRs.
   */
  static StratoConfig config(String clusterId) {
    return new SmallRyeConfigBuilder()
        .withMapping(StratoConfig.class)
        .withSources(
            new PropertiesConfigSource(
                Map.of(
                    "strato.ccm.enabled", "true",
                    "strato.ccm.cluster-id", clusterId,
                    "strato.ccm.configure-routes", "false"),
                "bench",
                400))
        .build()
        .getConfigMapping(StratoConfig.class);
  }
}
