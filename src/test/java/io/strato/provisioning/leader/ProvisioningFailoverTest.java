package io.strato.provisioning.leader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.strato.cloud.aws.AwsClients;
import io.strato.cloud.aws.asg.AwsNodeGroups;
import io.strato.cloud.nodegroup.NodeGroupSpecDto;
import io.strato.config.StrictJson;
import io.strato.provisioning.Kinds;
import io.strato.provisioning.ProvisioningRuntime;
import io.strato.provisioning.StatusReporter;
import io.strato.provisioning.api.ApplyRequest;
import io.strato.provisioning.api.Caller;
import io.strato.provisioning.api.ResourceService;
import io.strato.provisioning.nodegroup.NodeGroupOutputs;
import io.strato.provisioning.nodegroup.NodeGroupReconciler;
import io.strato.provisioning.store.JdbcResourceStore;
import io.strato.provisioning.store.StoreDataSource;
import io.strato.provisioning.store.StoreSettings;
import io.strato.provisioning.validation.PassableIdentities;
import io.strato.testsupport.AwsFixtures;
import io.strato.testsupport.FastReconcile;
import io.strato.testsupport.MotoServer;
import io.strato.testsupport.PostgresServer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two replicas on one PostgreSQL: exactly one reconciles; a change written through the standby is
 * carried out by the leader; when the leader crashes (its lease is not released) the standby takes
 * over within the lease time and carries on, and nothing is created twice.
 */
class ProvisioningFailoverTest {

  static final Duration LEASE = Duration.ofSeconds(2);

  /** One Strato replica: its own AWS clients (and call counter), runtime and REST service. */
  static final class Replica implements AutoCloseable {
    final AwsClients clients = MotoServer.shared().clients();
    final ProvisioningRuntime runtime;
    final ResourceService<NodeGroupSpecDto, NodeGroupOutputs> nodeGroups;
    final JdbcResourceStore store;

    Replica(String name, StoreDataSource db, ObjectMapper json) {
      store = new JdbcResourceStore(db.dataSource(), Clock.systemUTC());
      StatusReporter reporter = new StatusReporter(store, json, Clock.systemUTC());
      runtime =
          new ProvisioningRuntime(
              store,
              db.dataSource(),
              reporter,
              enqueue ->
                  List.of(
                      new NodeGroupReconciler(
                          new AwsNodeGroups(clients),
                          store,
                          reporter,
                          json,
                          Duration.ofMillis(200),
                          enqueue)),
              new FastReconcile(LEASE),
              new SimpleMeterRegistry(),
              name);
      nodeGroups =
          new ResourceService<>(
              Kinds.NODE_GROUP,
              store,
              json,
              runtime::enqueue,
              PassableIdentities.byPrefix("strato-"));
      runtime.start();
    }

    long calls() {
      return clients.metrics().total();
    }

    @Override
    public void close() {
      runtime.close();
      clients.close();
    }
  }

  private final ObjectMapper json = new ObjectMapper().findAndRegisterModules();
  private String database;
  private StoreDataSource db;
  private AwsFixtures network;
  private String ami;

  @BeforeEach
  void setUp() {
    new StrictJson().customize(json);
    MotoServer.shared().reset();
    try (var c = MotoServer.shared().clients()) {
      network = AwsFixtures.network(c.ec2(), null);
      ami = AwsFixtures.imageId(c.ec2());
    }
    PostgresServer pg = PostgresServer.shared();
    database = "failover_" + System.nanoTime();
    db = StoreDataSource.open(new StoreSettings(pg.createDatabase(database), pg.user(), "", 10));
  }

  @AfterEach
  void tearDown() {
    db.close();
    PostgresServer.shared().dropDatabase(database);
  }

  private ApplyRequest<NodeGroupSpecDto> spec(int desired) throws Exception {
    String body =
        """
        {"spec": {"imageId": "%s", "instanceType": "t3.medium", "subnetIds": ["%s", "%s", "%s"],
                  "minSize": 1, "maxSize": 5, "desiredCapacity": %d}}
        """
            .formatted(
                ami,
                network.privateSubnets().get(0),
                network.privateSubnets().get(1),
                network.privateSubnets().get(2),
                desired);
    return json.readValue(body, new TypeReference<>() {});
  }

  private static int desiredInMoto() {
    try (var c = MotoServer.shared().clients()) {
      var groups = c.autoScaling().describeAutoScalingGroups().autoScalingGroups();
      assertThat(groups).as("exactly one Auto Scaling group, never a twin").hasSize(1);
      return groups.get(0).desiredCapacity();
    }
  }

  private static long groupsInMoto() {
    try (var c = MotoServer.shared().clients()) {
      return c.autoScaling().describeAutoScalingGroups().autoScalingGroups().size();
    }
  }

  @Test
  void oneLeaderActsAndAStandbyTakesOverAfterACrash() throws Exception {
    Replica a = new Replica("replica-a", db, json);
    await().atMost(Duration.ofSeconds(10)).until(a.runtime::leading);
    try (Replica b = new Replica("replica-b", db, json)) {
      Thread.sleep(LEASE.toMillis()); // b has had time to try
      assertThat(b.runtime.leading()).as("one leader at a time").isFalse();

      // Written through the standby: the leader's change feed picks it up and acts.
      b.nodeGroups.apply("workers", spec(2), null, Caller.inProcessAdmin());
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> groupsInMoto() == 1 && desiredInMoto() == 2);
      assertThat(b.calls()).as("the standby made no cloud call").isZero();
      long leaderCalls = a.calls();
      assertThat(leaderCalls).isPositive();

      // The leader crashes: no release, its lease must expire first.
      long crashedAt = System.nanoTime();
      a.runtime.halt();
      a.clients.close();
      await().atMost(LEASE.multipliedBy(5)).until(b.runtime::leading);
      Duration takeover = Duration.ofNanos(System.nanoTime() - crashedAt);
      System.out.printf(
          "provisioning failover: standby leading %d ms after the leader crashed (lease %d ms)%n",
          takeover.toMillis(), LEASE.toMillis());

      // The new leader carries on: a change, then a delete, each done once.
      b.nodeGroups.apply("workers", spec(3), null, Caller.inProcessAdmin());
      await().atMost(Duration.ofSeconds(20)).until(() -> desiredInMoto() == 3);
      b.nodeGroups.delete("workers", null);
      await().atMost(Duration.ofSeconds(30)).until(() -> b.store.keys().isEmpty());
      assertThat(groupsInMoto()).isZero();
    }
  }
}
