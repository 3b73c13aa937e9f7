package io.strato.controller.leader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.strato.reconcile.LeaseSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two replicas, each with its own client, against one Kubernetes API (the Fabric8 mock server in
 * CRUD mode, which stores Leases like any other object).
 */
class LeaderElectionTest {

  static final Duration LEASE = Duration.ofSeconds(2);
  static final Duration RENEW = Duration.ofMillis(1500);
  static final Duration RETRY = Duration.ofMillis(200);
  static final Duration GENEROUS = Duration.ofSeconds(20);

  private KubernetesMockServer server;
  private final List<AutoCloseable> toClose = new ArrayList<>();
  private final List<String> events = new CopyOnWriteArrayList<>();
  private final List<String> standingBy = new CopyOnWriteArrayList<>();

  /** Held so the level sticks: the mock server logs every request at INFO. */
  private static final java.util.logging.Logger MOCK_LOG =
      java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  @BeforeEach
  void startApiServer() {
    MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
    server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new KubernetesCrudDispatcher(),
            false);
    server.init();
  }

  @AfterEach
  void stopAll() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
    server.destroy();
  }

  @Test
  void exactlyOneOfTwoReplicasLeadsAndTheLeaseNamesIt() throws InterruptedException {
    LeaderElection a = replica("a", client());
    LeaderElection b = replica("b", client());

    await().atMost(GENEROUS).until(() -> a.isLeader() || b.isLeader());
    // Hold on for longer than a lease: renewals keep one leader, and the other never takes over.
    long deadline = System.nanoTime() + LEASE.multipliedBy(2).toNanos();
    while (System.nanoTime() < deadline) {
      assertThat(a.isLeader() && b.isLeader()).as("two leaders at once").isFalse();
      assertThat(a.isLeader() || b.isLeader()).as("no leader").isTrue();
      Thread.sleep(20);
    }
    LeaderElection leader = a.isLeader() ? a : b;
    assertThat(holder()).isEqualTo(leader.identity());
    assertThat(events).containsExactly("start " + name(leader));
  }

  @Test
  void aCleanShutdownReleasesTheLeaseAndTheOtherReplicaTakesOverAtOnce() {
    LeaderElection a = replica("a", client());
    await().atMost(GENEROUS).until(a::isLeader);
    LeaderElection b = replica("b", client());

    long closed = System.nanoTime();
    a.close();
    assertThat(events).containsExactly("start a", "stop a");
    // Fabric8 releases by shortening the lease to one second from now (its JSON merge patch
    // drops the null holder), so the next replica need not wait out the full lease.
    assertThat(lease().getSpec().getLeaseDurationSeconds()).as("released on close").isEqualTo(1);

    await().atMost(GENEROUS).until(b::isLeader);
    System.out.printf(
        "handover after a clean shutdown: %d ms (lease %s)%n",
        Duration.ofNanos(System.nanoTime() - closed).toMillis(), LEASE);
    assertThat(holder()).isEqualTo(b.identity());
    assertThat(a.isLeader()).isFalse();
  }

  @Test
  void whenTheLeaderCrashesWithoutReleasingTheOtherTakesOverOnceTheLeaseExpires() {
    KubernetesClient crashing = client();
    LeaderElection a = replica("a", crashing);
    await().atMost(GENEROUS).until(a::isLeader);
    LeaderElection b = replica("b", client());

    // The leader's API connection dies (a crash or a partition): it can neither renew nor release.
    long crashed = System.nanoTime();
    crashing.close();

    await().atMost(GENEROUS).until(b::isLeader);
    System.out.printf(
        "handover after a crash: %d ms (lease %s)%n",
        Duration.ofNanos(System.nanoTime() - crashed).toMillis(), LEASE);
    assertThat(holder()).isEqualTo(b.identity());
    // What the cut-off replica itself believes is not asserted: Fabric8's calls on a closed
    // client never complete, so its renew loop stalls instead of failing (a real partition ends
    // in the client's request timeout instead). Its process is gone in a real crash anyway.
  }

  @Test
  void aReplicaThatLostTheLeaseStandsAgainAndCanLeadLater() {
    LeaderElection a = replica("a", client());
    await().atMost(GENEROUS).until(a::isLeader);
    LeaderElection b = replica("b", client());
    a.close();
    await().atMost(GENEROUS).until(b::isLeader);

    LeaderElection c = replica("c", client());
    b.close();
    await().atMost(GENEROUS).until(c::isLeader);
    assertThat(events).containsExactly("start a", "stop a", "start b", "stop b", "start c");
  }

  @Test
  void aFollowerStandsByOnceAndTheLeaderNever() throws InterruptedException {
    LeaderElection a = replica("a", client());
    await().atMost(GENEROUS).until(a::isLeader);
    LeaderElection b = replica("b", client());

    await().atMost(GENEROUS).until(() -> standingBy.contains("b"));
    // b tries every retry period: one lease duration is ten more tries that must not repeat it.
    Thread.sleep(LEASE.toMillis());

    assertThat(standingBy).containsExactly("b");
    assertThat(b.isLeader()).isFalse();
  }

  @Test
  void startReturnsAtOnceEvenWhenTheApiServerIsUnreachable() {
    KubernetesClient unreachable =
        new KubernetesClientBuilder()
            .withConfig(
                new ConfigBuilder()
                    .withMasterUrl("http://127.0.0.1:1")
                    .withRequestRetryBackoffLimit(0)
                    .build())
            .build();
    toClose.add(unreachable);
    long before = System.nanoTime();
    LeaderElection a = replica("a", unreachable);
    assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(GENEROUS);
    assertThat(a.isLeader()).isFalse();
  }

  private LeaderElection replica(String name, KubernetesClient client) {
    LeaseSettings settings =
        new LeaseSettings(
            "kube-system", "strato-ccm", name + "_" + System.nanoTime(), LEASE, RENEW, RETRY);
    LeaderElection election =
        new LeaderElection(
            client,
            settings,
            () -> events.add("start " + name),
            () -> events.add("stop " + name),
            () -> standingBy.add(name));
    toClose.add(election);
    election.start();
    return election;
  }

  private KubernetesClient client() {
    KubernetesClient client = server.createClient();
    toClose.add(client);
    return client;
  }

  private String holder() {
    Lease lease = lease();
    return lease == null ? null : lease.getSpec().getHolderIdentity();
  }

  private Lease lease() {
    try (KubernetesClient reader = server.createClient()) {
      return reader.resources(Lease.class).inNamespace("kube-system").withName("strato-ccm").get();
    }
  }

  private static String name(LeaderElection election) {
    return election.identity().substring(0, election.identity().indexOf('_'));
  }
}
