package io.strato.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.strato.cloud.aws.AwsClients;
import io.strato.testsupport.AwsFixtures;
import io.strato.testsupport.MotoServer;
import io.strato.testsupport.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/**
 * Issue 8's failover: two packaged Strato processes share one PostgreSQL and one Kubernetes API,
 * both running the CCM and the provisioning engine. Exactly one acts (it holds the CCM Lease and
 * the provisioning lease row); SIGKILL it while Services and load balancers are still converging,
 * and the other takes both leases over within the lease time and carries on; nothing is created
 * twice, everything converges and deletes to nothing. Run: {@code ./mvnw -B -o -Preliability verify
 * -Dtest=FailoverCampaign} (packages the jar first).
 */
class FailoverCampaign {

  private static final String CLUSTER = "failover";
  private static final Duration LEASE = Duration.ofSeconds(4);

  /** As {@link Deployment} sets it: kube-controller-manager's proportion, 1/8 of the lease. */
  private static final Duration RETRY = LEASE.dividedBy(8);

  /**
   * From the kill to the survivor's first cloud call. The killed leader renewed last before it
   * died, so both its leases end within LEASE of the kill (Fabric8 and the store lease count from
   * the holder's renew time); the standby tries again just after the expiry it read (and at least
   * every retry period), so it holds the provisioning lease within LEASE of the kill plus a few
   * milliseconds, and on taking it the engine resyncs every resource at once, which makes cloud
   * calls. A later first call means the standby took over late, or sat idle once it had. (The CCM's
   * Lease may come up to 1.2 retry periods later: Fabric8 jitters its retries.)
   */
  private static final Duration TAKEOVER = LEASE.plus(RETRY);

  private static final int ROUNDS = Integer.getInteger("failover.rounds", 3);
  private static final int SERVICES_PER_ROUND = 6;
  private static final int LOAD_BALANCERS_PER_ROUND = 6;
  private static final Duration CONVERGE = Duration.ofMinutes(5);

  private final Random random = new Random(8);
  private final List<String> restLoadBalancers = new ArrayList<>();
  private String storeUrl;

  /** What one kill showed: how long until the survivor held each lease and made a cloud call. */
  record Takeover(
      int round,
      String killed,
      long killedAfterMs,
      long ccmLeaseMs,
      long provisioningLeaseMs,
      long firstCallMs,
      double slowestFirstCallsSeconds,
      long standbyCallsWhileFollowing,
      String leftUnfinished) {}

  @Test
  void theStandbyTakesOverWithinTheLeaseAndNothingIsDoneTwice() throws Exception {
    MotoServer moto = MotoServer.shared();
    moto.reset();
    AwsClients aws = moto.clients();
    AwsFixtures network = AwsFixtures.network(aws.ec2(), CLUSTER);
    PostgresServer pg = PostgresServer.shared();
    String database = "failover_campaign_" + System.nanoTime();
    storeUrl = pg.createDatabase(database);
    Path work = Files.createTempDirectory("strato-failover-campaign-");
    ProvisioningClient api = new ProvisioningClient(work);
    System.out.println("[failover] logs in " + work);

    try (KubeApiServer kube = KubeApiServer.start()) {
      ServiceFleet fleet = new ServiceFleet(kube.client(), aws);
      fleet.nodes(network, 3);
      Deployment deployment =
          new Deployment(
              moto,
              Optional.of(storeUrl),
              pg.user(),
              Optional.of(kube.url()),
              CLUSTER,
              api.publicKey(),
              LEASE);
      StratoJar a = jar("strato-a", work, deployment);
      StratoJar b = jar("strato-b", work, deployment);
      List<Takeover> takeovers = new ArrayList<>();
      try {
        // One starts first and wins both elections; the other joins as standby for both.
        a.start();
        await().atMost(CONVERGE).until(() -> holdsBoth(fleet, a));
        b.start();
        StratoJar leader = a;
        StratoJar standby = b;
        for (int round = 1; round <= ROUNDS; round++) {
          // Write through the standby: the leader must pick the change up from the shared store
          // and the shared API.
          for (int i = 0; i < SERVICES_PER_ROUND; i++) {
            int n = fleet.size();
            fleet.create("web-" + n, 30000 + n);
          }
          for (int i = 0; i < LOAD_BALANCERS_PER_ROUND; i++) {
            createLoadBalancer(api, standby, network.vpcId());
          }
          long delay = 100 + random.nextInt(1400);
          Thread.sleep(delay);
          assertThat(holdsBoth(fleet, leader)).as(leader.name() + " leads both").isTrue();
          long leaderCalls = leader.cloudCalls();
          long standbyCalls = standby.cloudCalls();
          System.out.printf(
              "[failover] round %d: %s calls=%d (leader), %s calls=%d (standby)%n",
              round, leader.name(), leaderCalls, standby.name(), standbyCalls);
          StratoJar via = standby;
          Takeover t =
              killAndMeasure(
                  round,
                  leader,
                  standby,
                  fleet,
                  delay,
                  standbyCalls,
                  () ->
                      "Services without ingress %d/%d, REST load balancers not Ready %d/%d"
                          .formatted(
                              fleet.size() - fleet.withIngress(),
                              fleet.size(),
                              restLoadBalancers.size() - countIn(api, via, "Ready"),
                              restLoadBalancers.size()));
          takeovers.add(t);
          System.out.println("[failover] " + t);
          // The killed one comes back as the new standby.
          leader.start();
          StratoJar next = standby;
          standby = leader;
          leader = next;
        }

        StratoJar survivor = leader;
        await()
            .atMost(CONVERGE)
            .pollInterval(Duration.ofSeconds(1))
            .until(() -> fleet.withIngress() == fleet.size() && allIn(api, survivor, "Ready"));
        Inventory created = Inventory.of(aws);
        List<String> serviceProblems = fleet.problems();
        long leaderCalls = leader.cloudCalls();
        long standbyCalls = standby.cloudCalls();
        System.out.printf(
            "[failover] converged: %d Services, %d REST load balancers; %s%n"
                + "[failover] calls since start: %s=%d (leader), %s=%d (standby)%n",
            fleet.size(),
            restLoadBalancers.size(),
            created,
            leader.name(),
            leaderCalls,
            standby.name(),
            standbyCalls);
        assertThat(serviceProblems).as("one NLB per Service, named in its status").isEmpty();
        assertThat(created.duplicates()).as("nothing created twice").isEmpty();
        assertThat(created.loadBalancers()).isEqualTo(fleet.size() + restLoadBalancers.size());
        assertThat(standbyCalls).as("the standby (restarted last round) made no call").isZero();

        // One more kill, while the leader deletes: the survivor must finish the deletions.
        fleet.deleteAll();
        for (String path : restLoadBalancers) {
          api.delete(standby.base(), path);
        }
        long delay = 100 + random.nextInt(900);
        Thread.sleep(delay);
        StratoJar last = standby;
        Takeover whileDeleting =
            killAndMeasure(
                ROUNDS + 1,
                leader,
                standby,
                fleet,
                delay,
                standbyCalls,
                () ->
                    "Services left %d/%d, REST load balancers left %d/%d"
                        .formatted(
                            fleet.remaining(),
                            fleet.size(),
                            restLoadBalancers.size() - countIn(api, last, "Gone"),
                            restLoadBalancers.size()));
        takeovers.add(whileDeleting);
        System.out.println("[failover] while deleting: " + whileDeleting);
        await()
            .atMost(CONVERGE)
            .pollInterval(Duration.ofSeconds(1))
            .until(() -> fleet.remaining() == 0 && allIn(api, last, "Gone"));
        Inventory left = Inventory.of(aws);
        System.out.printf(
            "[failover] lease %s, %d rounds and one kill while deleting; takeovers (ms, kill -> CCM lease / provisioning"
                + " lease / first cloud call): %s%n"
                + "[failover] duplicates=%d leaks=%d %s%n",
            LEASE,
            ROUNDS,
            takeovers.stream()
                .map(t -> t.ccmLeaseMs() + "/" + t.provisioningLeaseMs() + "/" + t.firstCallMs())
                .toList(),
            created.duplicates().size(),
            left.total(),
            left);
        assertThat(left.total()).as("nothing left after delete").isZero();
        assertThat(takeovers).allSatisfy(t -> assertThat(t.standbyCallsWhileFollowing()).isZero());
        assertThat(takeovers)
            .as("the survivor's first cloud call within lease + retry period (%s)", TAKEOVER)
            .allSatisfy(t -> assertThat(t.firstCallMs()).isBetween(0L, TAKEOVER.toMillis()));
      } finally {
        a.close();
        b.close();
        aws.close();
        pg.dropDatabase(database);
      }
    }
  }

  /**
   * SIGKILLs the leader, notes what it left unfinished, and watches the survivor take over: the
   * first moment it holds the CCM Lease, the provisioning lease, and has made a cloud call of its
   * own.
   */
  private Takeover killAndMeasure(
      int round,
      StratoJar leader,
      StratoJar standby,
      ServiceFleet fleet,
      long delay,
      long standbyCalls,
      Callable<String> unfinished)
      throws Exception {
    leader.kill();
    long killed = System.nanoTime();
    // Read at once: the survivor cannot act before the lease expires, seconds from now.
    String leftUnfinished = unfinished.call();
    long ccm = -1;
    long provisioning = -1;
    long firstCall = -1;
    long deadline = killed + Duration.ofSeconds(60).toNanos();
    // One store connection for the whole watch: opening one per sample under load would stretch
    // the samples apart, and every figure is only as fine as they are. Each figure is the time of
    // the sample that first saw it, so it is late by at most one sample.
    try (Connection store = DriverManager.getConnection(storeUrl, PostgresServer.USER, "")) {
      while ((ccm < 0 || provisioning < 0 || firstCall < 0) && System.nanoTime() < deadline) {
        long now = (System.nanoTime() - killed) / 1_000_000;
        if (firstCall < 0 && standby.cloudCalls() > standbyCalls) {
          firstCall = now;
        }
        if (ccm < 0 && fleet.leaseHolder().filter(h -> isOf(h, standby)).isPresent()) {
          ccm = now;
        }
        if (provisioning < 0
            && provisioningHolder(store).filter(h -> isOf(h, standby)).isPresent()) {
          provisioning = now;
        }
        Thread.sleep(20);
      }
    }
    // The survivor made no call while following, so this is the slowest of its first calls as
    // leader: it tells a cold first call (clients built on first use) from a late start.
    double slowest = firstCall >= 0 ? standby.slowestCallSeconds() : -1;
    assertThat(ccm).as("the survivor took the CCM Lease").isNotNegative();
    assertThat(provisioning).as("the survivor took the provisioning lease").isNotNegative();
    return new Takeover(
        round,
        leader.name(),
        delay,
        ccm,
        provisioning,
        firstCall,
        slowest,
        standbyCalls,
        leftUnfinished);
  }

  private boolean holdsBoth(ServiceFleet fleet, StratoJar jar) {
    return fleet.leaseHolder().filter(h -> isOf(h, jar)).isPresent()
        && provisioningHolder().filter(h -> isOf(h, jar)).isPresent();
  }

  /** Identities are the pod name plus a random part. */
  private static boolean isOf(String identity, StratoJar jar) {
    return identity.startsWith(jar.name() + "_");
  }

  /** The provisioning lease's holder, read from the shared store as the replicas see it. */
  private Optional<String> provisioningHolder() {
    try (Connection c = DriverManager.getConnection(storeUrl, PostgresServer.USER, "")) {
      return provisioningHolder(c);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Optional<String> provisioningHolder(Connection c) {
    try (PreparedStatement s =
            c.prepareStatement("SELECT holder FROM leases WHERE name = 'provisioning'");
        ResultSet r = s.executeQuery()) {
      return r.next() ? Optional.ofNullable(r.getString(1)) : Optional.empty();
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private void createLoadBalancer(ProvisioningClient api, StratoJar via, String vpcId)
      throws Exception {
    int i = restLoadBalancers.size();
    String path = "/api/v1/load-balancers/fo-" + i;
    String body =
        """
        {"spec": {"vpcId": "%s",
                  "listeners": [{"port": 80, "targetPort": %d}],
                  "tags": {"campaign": "failover"}}}
        """
            .formatted(vpcId, 31000 + i);
    var r = api.put(via.base(), path, body);
    assertThat(r.statusCode()).as(path + " " + r.body()).isIn(200, 201);
    restLoadBalancers.add(path);
  }

  private long countIn(ProvisioningClient api, StratoJar via, String phase) throws Exception {
    long n = 0;
    for (String path : restLoadBalancers) {
      n += api.phase(via.base(), path).equals(phase) ? 1 : 0;
    }
    return n;
  }

  private boolean allIn(ProvisioningClient api, StratoJar via, String phase) throws Exception {
    for (String path : restLoadBalancers) {
      if (!api.phase(via.base(), path).equals(phase)) {
        return false;
      }
    }
    return true;
  }

  private static StratoJar jar(String name, Path work, Deployment deployment) throws Exception {
    Path data = Files.createDirectories(work.resolve(name));
    return new StratoJar(name, work, deployment.environment(data));
  }
}
