package io.strato.bench;

import com.fasterxml.jackson.core.type.TypeReference;
import io.strato.cloud.aws.AwsClients;
import io.strato.provisioning.api.ApplyRequest;
import io.strato.provisioning.api.Caller;
import io.strato.provisioning.crash.StratoProcess;
import io.strato.provisioning.loadbalancer.LoadBalancerSpecDto;
import io.strato.provisioning.store.ResourceKey;
import io.strato.reconcile.Backoff;
import io.strato.reconcile.WorkQueue;
import io.strato.testsupport.AwsFixtures;
import io.strato.testsupport.MotoServer;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
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
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

  @AfterEach
  void stopScheduler() {
    scheduler.shutdownNow();
  }

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
      // The engine's own work queue, in its order: a key whose reconcile leaves it not Ready is
      // added again at once (a zero poll interval: moto's NLBs are active at the first look, so a
      // real poll would only add waiting) and goes behind the keys already queued, as
      // Result.after(poll) does in the engine. So all the creates run before the first poll, as
      // they do when many resources are submitted together. The workers start before the first
      // submission, as the engine's do.
      WorkQueue<ResourceKey> queue =
          new WorkQueue<>(scheduler, new Backoff(Duration.ofMillis(5), Duration.ofSeconds(1)));
      Map<ResourceKey, Integer> rounds = new ConcurrentHashMap<>();
      CountDownLatch ready = new CountDownLatch(n);
      List<Future<?>> done = new ArrayList<>();
      for (int w = 0; w < WORKERS; w++) {
        done.add(pool.submit(() -> work(p, queue, rounds, ready)));
      }
      for (int i = 0; i < n; i++) {
        String name = "lb-" + i;
        p.loadBalancers.apply(
            name,
            p.json.readValue(spec, new TypeReference<ApplyRequest<LoadBalancerSpecDto>>() {}),
            null,
            Caller.inProcessAdmin());
        queue.add(new ResourceKey("LoadBalancer", name));
      }
      while (!ready.await(1, TimeUnit.SECONDS)) {
        for (Future<?> f : done) {
          if (f.isDone()) {
            f.get(); // a worker failed: say why instead of waiting for ever
          }
        }
      }
      queue.shutdown();
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

  /** One engine worker: takes a key, reconciles it once, queues it again until it is Ready. */
  private static Void work(
      StratoProcess p,
      WorkQueue<ResourceKey> queue,
      Map<ResourceKey, Integer> rounds,
      CountDownLatch ready)
      throws Exception {
    for (ResourceKey key = queue.take(); key != null; key = queue.take()) {
      try {
        p.reconciler.reconcile(key);
        if (p.phase(key).equals("Ready")) {
          ready.countDown();
        } else if (rounds.merge(key, 1, Integer::sum) < 10) {
          queue.add(key);
        } else {
          throw new IllegalStateException(key + " is " + p.phase(key));
        }
      } finally {
        queue.done(key);
      }
    }
    return null;
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
