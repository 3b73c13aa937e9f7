package io.strato.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.strato.cloud.aws.AwsClients;
import io.strato.provisioning.cluster.ClusterSpecs;
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
 * SIGKILLs the packaged service at random points of its work on the REST resources, restarting it
 * on the same data directory each time; the cloud must end as desired, with nothing created twice,
 * and delete to nothing. Each kill comes after a random number of the process's own cloud calls
 * (not after a random time: on a loaded machine a time lands anywhere, often before the restarted
 * process has taken the lease), and the campaign checks that every kill left work unfinished.
 *
 * <p>Two sizes. The full one (default): 20 rounds, each adds a load balancer (every tenth a
 * self-managed cluster) and kills. The short one ({@code -Dcrash.short=true}, run by {@code
 * .ci/run}): one self-managed cluster, two load balancers and a node group with a scaling policy, 3
 * kills while it creates them and 2 while it deletes them.
 *
 * <p>{@code ./mvnw -B -o -Preliability verify -Dtest=CrashCampaign} (packages the jar first); the
 * short one: add {@code -Dcrash.short=true}.
 */
class CrashCampaign {

  private static final boolean SHORT = Boolean.getBoolean("crash.short");
  private static final int KILLS = Integer.getInteger("crash.kills", SHORT ? 3 : 20);
  private static final int KILLS_WHILE_DELETING =
      Integer.getInteger("crash.deleteKills", SHORT ? 2 : 0);

  /**
   * A kill comes after 1 to this many cloud calls of the process. Kept below what the work takes,
   * so every kill interrupts something: unkilled, the short campaign's resources take 76 calls to
   * create and 50 to delete, and a restarted process spends calls again on reading what exists.
   */
  private static final int MAX_CALLS_BEFORE_KILL = Integer.getInteger("crash.maxCalls", 20);

  /** Short, so a restarted process takes its killed self's lease over in seconds. */
  private static final Duration LEASE = Duration.ofSeconds(2);

  private static final Duration CONVERGE = Duration.ofMinutes(5);

  /**
   * What one kill interrupted: the calls drawn and those the process had made by the kill (more
   * under load: the campaign reads the count between calls), and the resources left unfinished.
   */
  record Kill(String phase, int callsDrawn, long callsMade, int unfinished) {
    @Override
    public String toString() {
      return "%s after %d calls (drawn %d), %d unfinished"
          .formatted(phase, callsMade, callsDrawn, unfinished);
    }
  }

  /** New each run, so CI lands its kills somewhere new every time; printed, to repeat a run. */
  private static final long SEED = Long.getLong("crash.seed", System.nanoTime());

  private final Random random = new Random(SEED);
  private final List<String> desired = new ArrayList<>();
  private ProvisioningClient api;
  private StratoJar strato;

  @Test
  void killedAtRandomItStillConvergesOnce() throws Exception {
    long started = System.nanoTime();
    MotoServer moto = MotoServer.shared();
    moto.reset();
    AwsClients aws = moto.clients();
    AwsFixtures network = AwsFixtures.network(aws.ec2(), null);
    String subnets = ClusterSpecs.subnets(network.privateSubnets(), AwsFixtures.ZONES);
    String ami = AwsFixtures.imageId(aws.ec2());
    AwsFixtures.nodeProfiles(aws.iam());

    Path work = Files.createTempDirectory("strato-crash-campaign-");
    api = new ProvisioningClient(work);
    Deployment deployment =
        new Deployment(
            moto, Optional.empty(), "", Optional.empty(), "crash", api.publicKey(), LEASE);
    // One data directory across restarts, as a pod's volume: the H2 store outlives the kills.
    strato =
        new StratoJar(
            "strato", work, deployment.environment(Files.createDirectories(work.resolve("data"))));
    System.out.println("[crash] service log: " + strato.log() + "; -Dcrash.seed=" + SEED);

    List<Kill> kills = new ArrayList<>();
    int clusters = 0;
    int loadBalancers = 0;
    int nodeGroups = 0;
    try {
      strato.start();
      if (SHORT) {
        // Everything at once: the kills land wherever the engine has got to.
        put("/api/v1/clusters/crash-0", cluster(subnets, ami));
        put("/api/v1/load-balancers/crash-0", loadBalancer(network.vpcId(), 0));
        put("/api/v1/load-balancers/crash-1", loadBalancer(network.vpcId(), 1));
        put("/api/v1/node-groups/crash-0", nodeGroup(network, ami));
        clusters++;
        loadBalancers += 2;
        nodeGroups++;
      }
      for (int round = 0; round < KILLS; round++) {
        if (!SHORT) {
          // Keep the engine busy creating: a new LB every round, a cluster every tenth.
          if (round % 10 == 0) {
            put("/api/v1/clusters/crash-" + round, cluster(subnets, ami));
            clusters++;
          }
          put("/api/v1/load-balancers/crash-" + round, loadBalancer(network.vpcId(), round));
          loadBalancers++;
        }
        kills.add(killInFlight("Ready"));
        strato.start();
      }
      long createCallsStart = strato.cloudCalls();
      await().atMost(CONVERGE).pollInterval(Duration.ofSeconds(1)).until(() -> allIn("Ready"));
      long convergeCalls = strato.cloudCalls() - createCallsStart;
      Inventory created = Inventory.of(aws);
      System.out.println("[crash] after create: " + created);
      assertThat(created.duplicates()).as("nothing created twice").isEmpty();
      assertThat(created.loadBalancers()).isEqualTo(loadBalancers + clusters);
      assertThat(created.loadBalancerTargetGroups()).isEqualTo(loadBalancers);
      assertThat(created.autoScalingGroups()).isEqualTo(4 * clusters + nodeGroups);
      assertThat(created.launchTemplates()).isEqualTo(4 * clusters + nodeGroups);

      for (String path : desired) {
        assertThat(api.delete(strato.base(), path).statusCode())
            .as("DELETE " + path)
            .isEqualTo(202);
      }
      for (int i = 0; i < KILLS_WHILE_DELETING; i++) {
        kills.add(killInFlight("Gone"));
        strato.start();
      }
      long deleteCallsStart = strato.cloudCalls();
      await().atMost(CONVERGE).pollInterval(Duration.ofSeconds(1)).until(() -> allIn("Gone"));
      long deleteCalls = strato.cloudCalls() - deleteCallsStart;
      Inventory left = Inventory.of(aws);
      System.out.printf(
          "[crash] %s: kills=%d (%s); clusters=%d loadBalancers=%d nodeGroups=%d;"
              + " calls of the last process to converge=%d, to delete=%d;"
              + " duplicates=%d leaks=%d %s; took %d s%n",
          SHORT ? "short" : "full",
          kills.size(),
          kills,
          clusters,
          loadBalancers,
          nodeGroups,
          convergeCalls,
          deleteCalls,
          created.duplicates().size(),
          left.total(),
          left,
          Duration.ofNanos(System.nanoTime() - started).toSeconds());
      assertThat(left.total()).as("nothing left after delete").isZero();
      assertThat(kills)
          .as("every kill landed on work in flight")
          .allSatisfy(k -> assertThat(k.unfinished()).isPositive());
    } finally {
      strato.close();
      aws.close();
    }
  }

  /**
   * Waits for the process's next cloud call (a restarted process first waits out its killed self's
   * lease; the one that converged first hears of the deletes), then for a random number of further
   * calls, and SIGKILLs it. Stops waiting early when nothing is left to do, so a kill that came too
   * late shows as one with nothing unfinished.
   */
  private Kill killInFlight(String donePhase) throws Exception {
    long before = strato.cloudCalls();
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(25))
        .until(() -> strato.cloudCalls() > before);
    int calls = 1 + random.nextInt(MAX_CALLS_BEFORE_KILL);
    for (int polls = 1; strato.cloudCalls() - before < calls; polls++) {
      if (polls % 10 == 0 && unfinished(donePhase) == 0) {
        break;
      }
      Thread.sleep(20);
    }
    // Read just before the kill: the killed process can no longer answer.
    int unfinished = unfinished(donePhase);
    long made = strato.cloudCalls() - before;
    strato.kill();
    Kill kill = new Kill(donePhase.equals("Ready") ? "create" : "delete", calls, made, unfinished);
    System.out.println("[crash] kill: " + kill);
    return kill;
  }

  private int unfinished(String phase) throws Exception {
    int n = 0;
    for (String path : desired) {
      n += phaseOf(path).equals(phase) ? 0 : 1;
    }
    return n;
  }

  private boolean allIn(String phase) throws Exception {
    return unfinished(phase) == 0;
  }

  private String phaseOf(String path) throws Exception {
    return api.phase(strato.base(), path);
  }

  private void put(String path, String body) throws Exception {
    var r = api.put(strato.base(), path, body);
    assertThat(r.statusCode()).as(path + " " + r.body()).isIn(200, 201);
    desired.add(path);
  }

  private static String cluster(String subnets, String ami) {
    return "{\"spec\": " + ClusterSpecs.selfManaged(subnets, ami, "1.31", 1) + "}";
  }

  private static String loadBalancer(String vpcId, int i) {
    return """
        {"spec": {"vpcId": "%s",
                  "listeners": [{"port": 80, "targetPort": %d}],
                  "tags": {"campaign": "crash"}}}
        """
        .formatted(vpcId, 30000 + i);
  }

  /** An Auto Scaling node group over the three zones, with a target-tracking policy. */
  private static String nodeGroup(AwsFixtures network, String ami) {
    return """
        {"spec": {"imageId": "%s", "instanceType": "t3.medium",
                  "instanceProfile": "%s",
                  "subnetIds": ["%s"],
                  "minSize": 1, "maxSize": 3, "desiredCapacity": 2,
                  "scaling": {"metric": "cpu", "target": 50},
                  "tags": {"campaign": "crash"}}}
        """
        .formatted(ami, AwsFixtures.NODE_PROFILE, String.join("\", \"", network.privateSubnets()));
  }
}
