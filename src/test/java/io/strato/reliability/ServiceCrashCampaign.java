package io.strato.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.strato.cloud.aws.AwsClients;
import io.strato.testsupport.AwsFixtures;
import io.strato.testsupport.MotoServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The crash campaign for Service reconciliation: the packaged service runs the CCM against a
 * Kubernetes API; it is SIGKILLed at random moments while it gives new Services their NLBs, and
 * again while it deletes them, restarted each time. In the end every Service had exactly one NLB,
 * nothing was created twice, and once the Services are gone (their finalizer removed by the CCM)
 * nothing is left in moto. Run: {@code ./mvnw -B -o -Preliability verify
 * -Dtest=ServiceCrashCampaign} (packages the jar first).
 */
class ServiceCrashCampaign {

  private static final String CLUSTER = "crash";
  private static final int KILLS = Integer.getInteger("crash.kills", 20);
  private static final int KILLS_WHILE_DELETING = Integer.getInteger("crash.deleteKills", 5);
  private static final Duration LEASE = Duration.ofSeconds(2);
  private static final Duration CONVERGE = Duration.ofMinutes(5);

  private final Random random = new Random(9);

  @Test
  void killedAtRandomEveryServiceStillGetsOneNlbAndDeletesToNothing() throws Exception {
    MotoServer moto = MotoServer.shared();
    moto.reset();
    AwsClients aws = moto.clients();
    AwsFixtures network = AwsFixtures.network(aws.ec2(), CLUSTER);
    Path work = Files.createTempDirectory("strato-service-crash-campaign-");
    System.out.println("[service-crash] log: " + work.resolve("strato.log"));

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
      // One data directory across restarts, as a pod's volume: the H2 store outlives the kills.
      StratoJar strato =
          new StratoJar(
              "strato",
              work,
              deployment.environment(Files.createDirectories(work.resolve("data"))));
      List<Long> killedAfterMs = new ArrayList<>();
      List<Long> pendingAtKill = new ArrayList<>();
      try {
        for (int round = 0; round < KILLS; round++) {
          startLeading(strato, fleet);
          // A new Service every round, two every fifth: kills land in creation, in target
          // registration, in the status write and in the finalizer patch.
          int count = round % 5 == 0 ? 2 : 1;
          for (int i = 0; i < count; i++) {
            int n = fleet.size();
            fleet.create("web-" + n, 30000 + n);
          }
          // And an existing one moves to another node port: its target group is replaced, so
          // kills also land between creating the new group and deleting the old one.
          if (round > 0) {
            List<String> names = fleet.names();
            fleet.changeNodePort(names.get(random.nextInt(names.size())), 31000 + round);
          }
          awaitActing(strato);
          killedAfterMs.add(killAtRandom(strato));
          // Read after the kill, so it is what the killed process left unfinished.
          pendingAtKill.add(fleet.size() - fleet.withIngress());
        }
        startLeading(strato, fleet);
        await()
            .atMost(CONVERGE)
            .pollInterval(Duration.ofSeconds(1))
            .until(() -> fleet.withIngress() == fleet.size());
        Inventory created = Inventory.of(aws);
        List<String> problems = fleet.problems();
        System.out.printf(
            "[service-crash] after %d kills: %d Services, %s%n", KILLS, fleet.size(), created);
        assertThat(problems).as("one NLB per Service, named in its status").isEmpty();
        assertThat(created.duplicates()).as("nothing created twice").isEmpty();
        assertThat(created.loadBalancers()).isEqualTo(fleet.size());
        assertThat(created.targetGroups()).isEqualTo(fleet.size());

        fleet.deleteAll();
        List<Long> killedWhileDeletingMs = new ArrayList<>();
        List<Long> remainingAtKill = new ArrayList<>();
        for (int i = 0; i < KILLS_WHILE_DELETING && fleet.remaining() > 0; i++) {
          awaitActing(strato);
          killedWhileDeletingMs.add(killAtRandom(strato));
          remainingAtKill.add(fleet.remaining());
          startLeading(strato, fleet);
        }
        await()
            .atMost(CONVERGE)
            .pollInterval(Duration.ofSeconds(1))
            .until(() -> fleet.remaining() == 0);
        Inventory left = Inventory.of(aws);
        System.out.printf(
            "[service-crash] kills=%d while creating (%s ms after the process's first cloud"
                + " call; Services without a load balancer at each kill %s), %d while deleting"
                + " (%s ms after the first call; Services left at each kill %s); services=%d"
                + " duplicates=%d leaks=%d %s%n",
            KILLS,
            killedAfterMs,
            pendingAtKill,
            killedWhileDeletingMs.size(),
            killedWhileDeletingMs,
            remainingAtKill,
            fleet.size(),
            created.duplicates().size(),
            left.total(),
            left);
        assertThat(left.total()).as("nothing left after the Services are deleted").isZero();
      } finally {
        strato.close();
        aws.close();
      }
    }
  }

  /**
   * Starts the service and waits until it holds the CCM Lease: a restarted process has a new
   * identity (the same pod name, another random part), so it waits out the lease its killed self
   * held, and only a holder other than that one is this process.
   */
  private static void startLeading(StratoJar strato, ServiceFleet fleet) throws Exception {
    Optional<String> before = fleet.leaseHolder();
    strato.start();
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              Optional<String> now = fleet.leaseHolder();
              return now.isPresent()
                  && !now.equals(before)
                  && now.get().startsWith(strato.name() + "_");
            });
  }

  /**
   * Waits for the process's first cloud call: a new leader first lists Services and Nodes, so a
   * kill before that would land before any work and test nothing.
   */
  private static void awaitActing(StratoJar strato) {
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> strato.cloudCalls() > 0);
  }

  private long killAtRandom(StratoJar strato) throws InterruptedException {
    long delay = random.nextInt(3000);
    Thread.sleep(delay);
    strato.kill();
    return delay;
  }
}
