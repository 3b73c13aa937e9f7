package io.strato.bench;

import com.fasterxml.jackson.core.type.TypeReference;
import io.strato.cloud.aws.AwsClients;
import io.strato.provisioning.api.ApplyRequest;
import io.strato.provisioning.api.Caller;
import io.strato.provisioning.crash.StratoProcess;
import io.strato.provisioning.loadbalancer.LoadBalancerSpecDto;
import io.strato.provisioning.store.ResourceKey;
import io.strato.testsupport.AwsFixtures;
import io.strato.testsupport.MotoServer;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Time from submitting N REST load balancers (two listeners each) to all Ready, through the real
 * reconcilers with the engine's default parallelism, beside a baseline measured in the same run:
 * the same minimal AWS call sequence issued directly with the SDK at the same parallelism.
 */
class ConvergenceBenchmark {

  /** The engine's default {@code strato.reconcile.workers}. */
  static final int WORKERS = 4;

  private final MotoServer moto = MotoServer.shared();

  @Test
  void fiftyLoadBalancers() throws Exception {
    compare(50);
  }

  @Test
  void twoHundredLoadBalancers() throws Exception {
    compare(200);
  }

  private void compare(int n) throws Exception {
    // A small round of each first, not counted, to load classes and warm both JVM paths; then
    // baseline first and Strato second, and once more the other way round, so that neither side
    // always meets a warmer emulator.
    baseline(5);
    strato(5);
    double base1 = baseline(n);
    double strato1 = strato(n);
    double strato2 = strato(n);
    double base2 = baseline(n);
    double base = (base1 + base2) / 2;
    double strato = (strato1 + strato2) / 2;
    Figures.line(
        "converge %d load balancers, %d workers: strato %.2f s (%.2f, %.2f), SDK baseline %.2f s"
            + " (%.2f, %.2f), ratio %.2f (target <= 1.10: %s)",
        n,
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

  private AwsFixtures emptyAccount() {
    moto.reset();
    try (var c = moto.clients()) {
      return AwsFixtures.network(c.ec2(), null);
    }
  }

  private double strato(int n) throws Exception {
    AwsFixtures network = emptyAccount();
    ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
    RoundTrips trips = new RoundTrips();
    try (StratoProcess p =
        new StratoProcess(
            Files.createTempDirectory("bench-converge-"), moto.clients(List.of(trips)))) {
      String spec =
          """
          {"spec": {"vpcId": "%s", "listeners": [{"port": 80, "targetPort": 30080},
                                                 {"port": 443, "targetPort": 30443}]}}
          """
              .formatted(network.vpcId());
      long start = System.nanoTime();
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        String name = "lb-" + i;
        p.loadBalancers.apply(
            name,
            p.json.readValue(spec, new TypeReference<ApplyRequest<LoadBalancerSpecDto>>() {}),
            null,
            Caller.inProcessAdmin());
        ResourceKey key = new ResourceKey("LoadBalancer", name);
        // Each worker reconciles its key until Ready, as the engine's requeue would with a zero
        // poll interval (moto's NLBs are active at once, so a real poll would only add waiting).
        done.add(
            pool.submit(
                () -> {
                  for (int round = 0; round < 10 && !p.phase(key).equals("Ready"); round++) {
                    p.reconciler.reconcile(key);
                  }
                  if (!p.phase(key).equals("Ready")) {
                    throw new IllegalStateException(key + " is " + p.phase(key));
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      Figures.line(
          "converge   strato   %d LBs %.2f s, %d AWS calls (%.1f per LB), %.2f s in round trips"
              + " (over %d threads) %s",
          n,
          seconds,
          p.clients.metrics().total(),
          p.clients.metrics().total() / (double) n,
          trips.totalSeconds(),
          WORKERS,
          trips.secondsByOperation());
      return seconds;
    } finally {
      pool.shutdownNow();
    }
  }

  private double baseline(int n) throws Exception {
    AwsFixtures network = emptyAccount();
    ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
    RoundTrips trips = new RoundTrips();
    try (AwsClients c = moto.clients(List.of(trips))) {
      long start = System.nanoTime();
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        String name = "base-" + i;
        done.add(pool.submit(() -> minimalCreate(c, network.vpcId(), name)));
      }
      for (Future<?> f : done) {
        f.get();
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      Figures.line(
          "converge   baseline %d LBs %.2f s, %d AWS calls (%.1f per LB), %.2f s in round trips"
              + " (over %d threads) %s",
          n,
          seconds,
          c.metrics().total(),
          c.metrics().total() / (double) n,
          trips.totalSeconds(),
          WORKERS,
          trips.secondsByOperation());
      return seconds;
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * The fewest calls that make what the provider makes for this spec: discover the subnets, a
   * security group open on the two ports, the NLB, two target groups, two listeners, and one read
   * to see the NLB active.
   */
  private static Void minimalCreate(AwsClients c, String vpcId, String name) {
    List<String> subnets = MinimalNlb.subnets(c, vpcId);
    String group = MinimalNlb.openGroup(c, vpcId, name, 80, 443);
    String lb = MinimalNlb.create(c, name, subnets, group);
    for (int port : new int[] {80, 443}) {
      MinimalNlb.forward(
          c, lb, port, MinimalNlb.targetGroup(c, vpcId, name + "-" + port, 30000 + port));
    }
    MinimalNlb.read(c, lb);
    return null;
  }
}
