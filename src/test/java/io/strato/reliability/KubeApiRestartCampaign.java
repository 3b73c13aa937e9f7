package io.strato.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.strato.cloud.aws.AwsClients;
import io.strato.testsupport.AwsFixtures;
import io.strato.testsupport.MotoServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Issue 16: the Kubernetes API server goes down under the packaged CCM while it gives Services
 * their NLBs, stays down longer than the lease, and comes back on the same address with the same
 * objects. Watch streams break and lease renewals fail: the leader must stop acting within its
 * renew deadline, and nothing may act without the lease (no cloud call from one lease duration
 * after the stop until the API is back). Services created while it could not watch (through another
 * endpoint of the same objects) must get their NLBs once it is back: the re-elected CCM builds
 * fresh informers, which list again. In the end every Service has one NLB, nothing twice, and
 * everything deletes to nothing.
 *
 * <p>Not covered: an outage shorter than the renew deadline, where the leader keeps its lease and
 * its informers resume their watches. The mock's watches ignore resourceVersion, so a resumed watch
 * cannot replay what it missed, as a real API server does (or answers 410 Gone, and the informer
 * lists again). Run: {@code ./mvnw -B -o -q package -DskipTests && ./mvnw -B -o -Preliability test
 * -Dtest=KubeApiRestartCampaign} ({@code -Dkubeapi.outages=N}).
 */
class KubeApiRestartCampaign {

  private static final String CLUSTER = "kube-restart";
  private static final Duration LEASE = Duration.ofSeconds(4);
  private static final Duration RENEW_DEADLINE = LEASE.multipliedBy(2).dividedBy(3);

  /** Down for longer than a lease, so a lease that survived the outage would show. */
  private static final Duration OUTAGE = LEASE.multipliedBy(3);

  private static final int OUTAGES = Integer.getInteger("kubeapi.outages", 3);
  private static final int SERVICES_PER_ROUND = 6;
  private static final Duration CONVERGE = Duration.ofMinutes(5);

  private final Random random = new Random(16);

  /** One outage as the campaign saw it. */
  record Outage(
      int round,
      long stoppedAfterMs,
      long pendingAtStop,
      long lastCallAfterStopMs,
      long callsAfterStop,
      long callsWithoutLease,
      long leaseBackAfterMs,
      long firstCallAfterBackMs,
      long convergedAfterBackMs) {}

  @Test
  void theLeaderStopsWithinItsRenewDeadlineAndTheCcmConvergesOnceTheApiIsBack() throws Exception {
    MotoServer moto = MotoServer.shared();
    moto.reset();
    AwsClients aws = moto.clients();
    AwsFixtures network = AwsFixtures.network(aws.ec2(), CLUSTER);
    Path work = Files.createTempDirectory("strato-kube-restart-campaign-");
    System.out.println("[kube-restart] logs in " + work);
    List<Outage> outages = new ArrayList<>();

    try (KubeApiServer kube = KubeApiServer.start()) {
      ServiceFleet fleet = new ServiceFleet(kube.client(), aws);
      fleet.nodes(network, 3);
      Deployment deployment =
          new Deployment(
              moto,
              Optional.empty(),
              "",
              Optional.of(kube.url()),
              CLUSTER,
              new ProvisioningClient(work).publicKey(),
              LEASE);
      StratoJar strato =
          new StratoJar(
              "strato",
              work,
              deployment.environment(Files.createDirectories(work.resolve("data"))));
      try {
        strato.start();
        await()
            .atMost(CONVERGE)
            .until(() -> fleet.leaseHolder().filter(h -> h.startsWith("strato_")).isPresent());
        for (int round = 1; round <= OUTAGES; round++) {
          for (int i = 0; i < SERVICES_PER_ROUND; i++) {
            int n = fleet.size();
            fleet.create("web-" + n, 30000 + n);
          }
          // Stop while the CCM works on them: after its first new cloud call, at a random moment.
          long before = strato.cloudCalls();
          await()
              .atMost(CONVERGE)
              .pollInterval(Duration.ofMillis(20))
              .until(() -> strato.cloudCalls() > before);
          long delay = random.nextInt(300);
          Thread.sleep(delay);
          outages.add(outage(round, delay, kube, fleet, strato));
          System.out.println("[kube-restart] " + outages.get(outages.size() - 1));
        }
        Inventory created = Inventory.of(aws);
        List<String> problems = fleet.problems();
        System.out.printf(
            "[kube-restart] %d outages of %s (lease %s, renew deadline %s): %d Services, %s%n",
            OUTAGES, OUTAGE, LEASE, RENEW_DEADLINE, fleet.size(), created);
        assertThat(outages.stream().mapToLong(Outage::pendingAtStop).sum())
            .as("the API went away while Services waited for their NLBs")
            .isPositive();
        assertThat(outages)
            .allSatisfy(
                o -> assertThat(o.callsWithoutLease()).as("acted without the lease").isZero());
        assertThat(problems).as("one NLB per Service, named in its status").isEmpty();
        assertThat(created.duplicates()).as("nothing created twice").isEmpty();
        assertThat(created.loadBalancers()).isEqualTo(fleet.size());

        fleet.deleteAll();
        await()
            .atMost(CONVERGE)
            .pollInterval(Duration.ofSeconds(1))
            .until(() -> fleet.remaining() == 0);
        Inventory left = Inventory.of(aws);
        System.out.println("[kube-restart] after delete: " + left);
        assertThat(left.total()).as("nothing left after the Services are deleted").isZero();
      } finally {
        strato.close();
        aws.close();
      }
    }
  }

  private static boolean renewedSince(KubeApiServer kube, Instant since) {
    Lease lease =
        kube.client()
            .leases()
            .inNamespace(Deployment.LEASE_NAMESPACE)
            .withName(Deployment.LEASE_NAME)
            .get();
    return lease != null
        && lease.getSpec().getHolderIdentity() != null
        && lease.getSpec().getHolderIdentity().startsWith("strato_")
        && lease.getSpec().getRenewTime() != null
        && lease.getSpec().getRenewTime().toInstant().isAfter(since);
  }

  /**
   * Stops the API server, watches the leader's cloud calls die down, changes Services behind its
   * back, starts the server again and waits until every Service, old and new, has its NLB.
   */
  private Outage outage(
      int round, long delay, KubeApiServer kube, ServiceFleet fleet, StratoJar strato)
      throws Exception {
    long pending = fleet.size() - fleet.withIngress();
    long callsAtStop = strato.cloudCalls();
    kube.stop();
    long stopped = System.nanoTime();
    long last = callsAtStop;
    long lastChangeMs = 0;
    long atLeaseEnd = -1;
    while (System.nanoTime() - stopped < OUTAGE.toNanos()) {
      long calls = strato.cloudCalls();
      long now = (System.nanoTime() - stopped) / 1_000_000;
      if (calls != last) {
        last = calls;
        lastChangeMs = now;
      }
      if (atLeaseEnd < 0 && now >= LEASE.toMillis()) {
        // From here on no lease the process held before the stop can still be valid.
        atLeaseEnd = calls;
      }
      Thread.sleep(50);
    }
    long callsAfterStop = last - callsAtStop;
    long withoutLease = last - atLeaseEnd;
    // Services made while the CCM cannot watch: only a new list once it is back finds them.
    ServiceFleet[] late = new ServiceFleet[1];
    kube.changeBehindItsBack(
        other -> {
          late[0] = fleet.via(other);
          for (int i = 0; i < 2; i++) {
            int n = late[0].size();
            late[0].create("web-" + n, 30000 + n);
          }
        });
    fleet.adopt(late[0]);

    long callsBeforeBack = strato.cloudCalls();
    Instant backAt = Instant.now();
    kube.startAgain();
    long back = System.nanoTime();
    // The Lease survived with the old holder in it: wait for one renewed since the API came back.
    await()
        .atMost(CONVERGE)
        .pollInterval(Duration.ofMillis(50))
        .until(() -> renewedSince(kube, backAt));
    long leaseBack = (System.nanoTime() - back) / 1_000_000;
    await()
        .atMost(CONVERGE)
        .pollInterval(Duration.ofMillis(50))
        .until(() -> strato.cloudCalls() > callsBeforeBack);
    long firstCall = (System.nanoTime() - back) / 1_000_000;
    await()
        .atMost(CONVERGE)
        .pollInterval(Duration.ofMillis(200))
        .until(() -> fleet.withIngress() == fleet.size());
    long converged = (System.nanoTime() - back) / 1_000_000;
    return new Outage(
        round,
        delay,
        pending,
        lastChangeMs,
        callsAfterStop,
        withoutLease,
        leaseBack,
        firstCall,
        converged);
  }
}
