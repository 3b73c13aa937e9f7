package io.strato.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.strato.cloud.aws.AwsClients;
import io.strato.testsupport.AwsFixtures;
import io.strato.testsupport.MotoServer;
import io.strato.testsupport.PostgresServer;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Issue 16: the shared PostgreSQL restarts mid-work under two packaged Strato replicas ({@code
 * pg_ctl restart -m immediate}: every connection breaks, the server replays its WAL, then accepts
 * connections again on the same port). A client keeps writing REST load balancers through both
 * replicas, as a user would, retrying on 503 (what the API answers while the store is away).
 * Afterwards every write that got a 2xx is in the store, the pools answer again without a restart
 * of Strato, one replica holds the provisioning lease, and each load balancer exists once in the
 * emulator and deletes to nothing. Run: {@code ./mvnw -B -o -q package -DskipTests && ./mvnw -B -o
 * -Preliability test -Dtest=PostgresRestartCampaign} ({@code -Dpgrestart.loadBalancers=N}).
 */
class PostgresRestartCampaign {

  private static final String CLUSTER = "pg-restart";
  private static final Duration LEASE = Duration.ofSeconds(4);
  private static final int LOAD_BALANCERS = Integer.getInteger("pgrestart.loadBalancers", 24);

  /** Restart when this many writes were accepted: early, and again while the first converge. */
  private static final List<Integer> RESTART_AT =
      List.of(LOAD_BALANCERS / 3, 2 * LOAD_BALANCERS / 3);

  private static final Duration CONVERGE = Duration.ofMinutes(5);
  private static final Set<Integer> ACCEPTED = Set.of(200, 201);

  /** One restart as the client saw it. */
  record Restart(
      int afterAccepted,
      long downMs,
      long firstAcceptedAfterBackMs,
      String leaseHolderBefore,
      String leaseHolderAfter) {}

  @Test
  void everyAcceptedWriteSurvivesARestartOfTheDatabaseAndNothingIsCreatedTwice() throws Exception {
    MotoServer moto = MotoServer.shared();
    moto.reset();
    AwsClients aws = moto.clients();
    AwsFixtures network = AwsFixtures.network(aws.ec2(), CLUSTER);
    PostgresServer pg = PostgresServer.shared();
    String database = "pg_restart_campaign_" + System.nanoTime();
    String storeUrl = pg.createDatabase(database);
    Path work = Files.createTempDirectory("strato-pg-restart-campaign-");
    ProvisioningClient api = new ProvisioningClient(work);
    System.out.println("[pg-restart] logs in " + work);
    Deployment deployment =
        new Deployment(
            moto,
            Optional.of(storeUrl),
            pg.user(),
            Optional.empty(),
            CLUSTER,
            api.publicKey(),
            LEASE);
    StratoJar a = jar("strato-a", work, deployment);
    StratoJar b = jar("strato-b", work, deployment);
    try {
      a.start();
      b.start();
      await().atMost(CONVERGE).until(() -> holder(storeUrl).isPresent());

      List<String> accepted = new ArrayList<>();
      Map<Integer, Integer> answers = new TreeMap<>();
      List<String> unexpected = new ArrayList<>();
      List<Restart> restarts = new ArrayList<>();
      CompletableFuture<long[]> restarting = null;
      String holderBefore = null;
      int restartIndex = 0;
      for (int i = 0; i < LOAD_BALANCERS; i++) {
        String path = "/api/v1/load-balancers/pg-" + i;
        StratoJar via = i % 2 == 0 ? a : b;
        String body =
            """
            {"spec": {"vpcId": "%s",
                      "listeners": [{"port": 80, "targetPort": %d}],
                      "tags": {"campaign": "pg-restart"}}}
            """
                .formatted(network.vpcId(), 31000 + i);
        while (true) {
          int status = put(api, via, path, body);
          answers.merge(status, 1, Integer::sum);
          if (ACCEPTED.contains(status)) {
            accepted.add(path);
            break;
          }
          if (status != 503) {
            unexpected.add(path + " answered " + status);
          }
          assertThat(answers.getOrDefault(503, 0))
              .as("503s before the store came back")
              .isLessThan(2000);
          Thread.sleep(100);
        }
        // The first write accepted after the server is back ends the measurement of a restart.
        if (restarting != null && restarting.isDone()) {
          long[] t = restarting.get();
          long now = System.nanoTime();
          restarts.add(
              new Restart(
                  RESTART_AT.get(restartIndex - 1),
                  (t[1] - t[0]) / 1_000_000,
                  (now - t[1]) / 1_000_000,
                  holderBefore,
                  holder(storeUrl).orElse("none")));
          restarting = null;
        }
        if (restarting == null
            && restartIndex < RESTART_AT.size()
            && accepted.size() == RESTART_AT.get(restartIndex)) {
          holderBefore = holder(storeUrl).orElse("none");
          restartIndex++;
          restarting =
              CompletableFuture.supplyAsync(
                  () -> {
                    long start = System.nanoTime();
                    pg.restartImmediately();
                    return new long[] {start, System.nanoTime()};
                  });
        }
        Thread.sleep(50);
      }
      if (restarting != null) {
        long[] t = restarting.get();
        restarts.add(
            new Restart(
                RESTART_AT.get(restartIndex - 1),
                (t[1] - t[0]) / 1_000_000,
                -1,
                holderBefore,
                holder(storeUrl).orElse("none")));
      }

      await()
          .atMost(CONVERGE)
          .pollInterval(Duration.ofSeconds(1))
          .until(() -> allIn(api, a, accepted, "Ready"));
      Set<String> stored = storedLoadBalancers(storeUrl);
      Inventory created = Inventory.of(aws);
      String holderAtEnd = holder(storeUrl).orElse("none");
      System.out.printf(
          "[pg-restart] %d load balancers written through 2 replicas, %d restarts: %s%n"
              + "[pg-restart] answers %s; unexpected %s%n"
              + "[pg-restart] stored %d of %d accepted; lease holder at the end %s;"
              + " cloud calls %s=%d %s=%d; in moto %s%n",
          LOAD_BALANCERS,
          restarts.size(),
          restarts,
          answers,
          unexpected,
          accepted.stream().filter(p -> stored.contains(name(p))).count(),
          accepted.size(),
          holderAtEnd,
          a.name(),
          a.cloudCalls(),
          b.name(),
          b.cloudCalls(),
          created);
      assertThat(restarts).as("the database restarted mid-work").hasSize(RESTART_AT.size());
      assertThat(answers).as("the store was away for some writes").containsKey(503);
      assertThat(unexpected).as("only 2xx and 503 while the store restarts").isEmpty();
      assertThat(stored)
          .as("every accepted write is in the store")
          .containsAll(accepted.stream().map(PostgresRestartCampaign::name).toList());
      assertThat(created.duplicates()).as("nothing created twice").isEmpty();
      assertThat(created.loadBalancers()).isEqualTo(LOAD_BALANCERS);
      assertThat(holderAtEnd).as("one replica leads provisioning").isNotEqualTo("none");

      for (String path : accepted) {
        api.delete(b.base(), path);
      }
      await()
          .atMost(CONVERGE)
          .pollInterval(Duration.ofSeconds(1))
          .until(() -> allIn(api, a, accepted, "Gone"));
      Inventory left = Inventory.of(aws);
      System.out.println("[pg-restart] after delete: " + left);
      assertThat(left.total()).as("nothing left after delete").isZero();
    } finally {
      a.close();
      b.close();
      aws.close();
      pg.dropDatabase(database);
    }
  }

  /** The answer's status; a connection the replica dropped counts as 0 (and is unexpected). */
  private static int put(ProvisioningClient api, StratoJar via, String path, String body)
      throws InterruptedException {
    try {
      HttpResponse<String> r = api.put(via.base(), path, body);
      return r.statusCode();
    } catch (IOException e) {
      return 0;
    }
  }

  private static String name(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  private static boolean allIn(
      ProvisioningClient api, StratoJar via, List<String> paths, String phase) throws Exception {
    for (String path : paths) {
      if (!api.phase(via.base(), path).equals(phase)) {
        return false;
      }
    }
    return true;
  }

  /** Load balancer names in the store, read with a connection of the campaign's own. */
  private static Set<String> storedLoadBalancers(String storeUrl) throws SQLException {
    Set<String> names = new TreeSet<>();
    try (Connection c = DriverManager.getConnection(storeUrl, PostgresServer.USER, "");
        PreparedStatement s =
            c.prepareStatement("SELECT name FROM resources WHERE kind = 'LoadBalancer'");
        ResultSet r = s.executeQuery()) {
      while (r.next()) {
        names.add(r.getString(1));
      }
    }
    return names;
  }

  /** The provisioning lease's holder; empty while the database is away too. */
  private static Optional<String> holder(String storeUrl) {
    try (Connection c = DriverManager.getConnection(storeUrl, PostgresServer.USER, "");
        PreparedStatement s =
            c.prepareStatement("SELECT holder FROM leases WHERE name = 'provisioning'");
        ResultSet r = s.executeQuery()) {
      return r.next()
          ? Optional.ofNullable(r.getString(1)).filter(h -> !h.isEmpty())
          : Optional.empty();
    } catch (SQLException e) {
      return Optional.empty();
    }
  }

  private static StratoJar jar(String name, Path work, Deployment deployment) throws Exception {
    Path data = Files.createDirectories(work.resolve(name));
    return new StratoJar(name, work, deployment.environment(data));
  }
}
