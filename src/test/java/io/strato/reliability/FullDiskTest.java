package io.strato.reliability;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.strato.cloud.aws.AwsClients;
import io.strato.provisioning.store.StoreSettings;
import io.strato.testsupport.AwsFixtures;
import io.strato.testsupport.FullDisk;
import io.strato.testsupport.MotoResource;
import io.strato.testsupport.MotoServer;
import io.strato.testsupport.Tokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 16: the embedded H2 store's disk fills up under a running service. Every write and sync
 * below H2 fails as ENOSPC does ({@link FullDisk}); H2 then closes the database under every open
 * connection. While full, every write through the REST API answers 503 problem+json with
 * Retry-After (never 500, never a 2xx for a write that did not land) and every read answers 200;
 * once space returns the first write succeeds, nothing refused shows up afterwards, nothing
 * accepted is lost, and the load balancers converge in the emulator once each. Run: {@code ./mvnw
 * -B -o test -Dtest=FullDiskTest} (part of the default run, about a minute).
 */
@QuarkusTest
@WithTestResource(MotoResource.class)
@TestProfile(FullDiskTest.OnAFullableDisk.class)
class FullDiskTest {

  private static final Duration CONVERGE = Duration.ofSeconds(60);
  private static final int ACCEPTED = 3;
  private static final int REFUSED = 5;

  private static AwsFixtures network;

  /** The store on the wrapped file system, in a directory of its own. */
  public static class OnAFullableDisk implements QuarkusTestProfile {
    private static final Path DIR = tempDir();

    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "strato.store.url",
          "jdbc:h2:" + FullDisk.SCHEME + ":" + DIR.resolve("strato") + StoreSettings.H2_OPTIONS);
    }

    private static Path tempDir() {
      try {
        return Files.createTempDirectory("strato-full-disk-");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  @BeforeAll
  static void network() {
    AwsClients aws = MotoServer.shared().clients();
    network = AwsFixtures.network(aws.ec2(), null);
  }

  @AfterEach
  void spaceReturns() {
    FullDisk.free();
  }

  @Test
  void writesAnswer503WhileTheDiskIsFullReadsKeepWorkingAndNothingIsHalfWritten() {
    for (int i = 0; i < ACCEPTED; i++) {
      assertThat(put("full-a" + i, "before").statusCode()).isEqualTo(201);
    }
    await().atMost(CONVERGE).until(() -> allReady("full-a", ACCEPTED));

    FullDisk.fill();
    long refusedBefore = FullDisk.refused();
    Map<Integer, Integer> writeAnswers = new TreeMap<>();
    Map<Integer, Integer> readAnswers = new TreeMap<>();
    List<String> badWriteAnswers = new ArrayList<>();
    for (int i = 0; i < REFUSED; i++) {
      List<Response> writes =
          List.of(
              put("full-b" + i, "new"),
              // A change to an accepted one, and a delete: both writes, both refused.
              put("full-a" + (i % ACCEPTED), "changed"),
              operator().delete(path("full-a" + (i % ACCEPTED))));
      for (Response w : writes) {
        writeAnswers.merge(w.statusCode(), 1, Integer::sum);
        if (w.statusCode() != 503
            || !w.contentType().startsWith("application/problem+json")
            || w.header("Retry-After") == null
            || w.jsonPath().getInt("status") != 503) {
          badWriteAnswers.add(w.statusCode() + " " + w.contentType() + " " + w.body().asString());
        }
      }
      for (Response r :
          List.of(
              viewer().get(path("full-a" + (i % ACCEPTED))),
              viewer().get("/api/v1/load-balancers"),
              viewer().get(path("full-b" + i)))) {
        readAnswers.merge(r.statusCode(), 1, Integer::sum);
      }
      assertThat(tag(viewer().get(path("full-a" + (i % ACCEPTED))))).isEqualTo("before");
    }
    long refusedByDisk = FullDisk.refused() - refusedBefore;

    FullDisk.free();
    long freed = System.nanoTime();
    int answersUntilFirstWrite = 1;
    while (put("full-b0", "new").statusCode() != 201) {
      answersUntilFirstWrite++;
      assertThat(answersUntilFirstWrite).as("a write succeeds once space returns").isLessThan(50);
    }
    long firstWriteMs = (System.nanoTime() - freed) / 1_000_000;

    List<String> halfWritten = new ArrayList<>();
    for (int i = 1; i < REFUSED; i++) {
      int status = viewer().get(path("full-b" + i)).statusCode();
      if (status != 404) {
        halfWritten.add("full-b" + i + " answers " + status);
      }
    }
    for (int i = 0; i < ACCEPTED; i++) {
      Response r = viewer().get(path("full-a" + i));
      if (r.statusCode() != 200
          || !"before".equals(tag(r))
          || r.jsonPath().get("metadata.deletionTimestamp") != null) {
        halfWritten.add("full-a" + i + " answers " + r.statusCode() + " " + r.body().asString());
      }
    }
    for (int i = 1; i < REFUSED; i++) {
      assertThat(put("full-b" + i, "new").statusCode()).isEqualTo(201);
    }
    await().atMost(CONVERGE).until(() -> allReady("full-b", REFUSED));
    Inventory inventory = Inventory.of(MotoServer.shared().clients());

    System.out.printf(
        "[full-disk] %d writes while full: answers %s, %d writes/syncs refused by the disk;"
            + " %d reads: answers %s%n"
            + "[full-disk] space back: first write accepted after %d ms (%d answer(s));"
            + " half-written: %s; in moto: %s%n",
        writeAnswers.values().stream().mapToInt(Integer::intValue).sum(),
        writeAnswers,
        refusedByDisk,
        readAnswers.values().stream().mapToInt(Integer::intValue).sum(),
        readAnswers,
        firstWriteMs,
        answersUntilFirstWrite,
        halfWritten,
        inventory);
    assertThat(badWriteAnswers).as("every write while full is a 503 problem").isEmpty();
    assertThat(refusedByDisk).as("the disk refused H2's writes").isPositive();
    assertThat(readAnswers).as("reads keep working").containsOnlyKeys(200, 404);
    assertThat(readAnswers.get(404)).isEqualTo(REFUSED);
    assertThat(halfWritten).as("nothing refused shows up, nothing accepted changed").isEmpty();
    assertThat(inventory.duplicates()).as("nothing created twice").isEmpty();
    assertThat(ownedLoadBalancers())
        .as("one NLB per load balancer resource")
        .hasSize(ACCEPTED + REFUSED);
  }

  private static Response put(String name, String tag) {
    String body =
        """
        {"spec": {"vpcId": "%s",
                  "listeners": [{"port": 80, "targetPort": 30080}],
                  "tags": {"written": "%s"}}}
        """
            .formatted(network.vpcId(), tag);
    return operator().body(body).put(path(name));
  }

  private static String tag(Response r) {
    return r.jsonPath().getString("spec.tags.written");
  }

  private static boolean allReady(String prefix, int count) {
    for (int i = 0; i < count; i++) {
      Response r = viewer().get(path(prefix + i));
      if (r.statusCode() != 200 || !"Ready".equals(r.jsonPath().getString("status.phase"))) {
        return false;
      }
    }
    return true;
  }

  /** The load balancers in moto that belong to this test's resources, by their owner tag. */
  private static List<String> ownedLoadBalancers() {
    AwsClients aws = MotoServer.shared().clients();
    List<String> owned = new ArrayList<>();
    for (var lb : aws.elb().describeLoadBalancersPaginator().loadBalancers()) {
      aws.elb().describeTags(r -> r.resourceArns(lb.loadBalancerArn())).tagDescriptions().stream()
          .flatMap(d -> d.tags().stream())
          .filter(t -> t.key().equals("strato.io/resource") && t.value().contains("/full-"))
          .forEach(t -> owned.add(t.value()));
    }
    return owned;
  }

  private static String path(String name) {
    return "/api/v1/load-balancers/" + name;
  }

  private static RequestSpecification operator() {
    return given()
        .header("Authorization", "Bearer " + Tokens.operator())
        .contentType("application/json");
  }

  private static RequestSpecification viewer() {
    return given().header("Authorization", "Bearer " + Tokens.viewer());
  }
}
