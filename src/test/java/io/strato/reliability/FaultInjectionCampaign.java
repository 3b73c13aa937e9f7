package io.strato.reliability;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.strato.cloud.aws.AwsClients;
import io.strato.cloud.aws.CloudCallMetrics;
import io.strato.provisioning.cluster.ClusterSpecs;
import io.strato.testsupport.AwsFixtures;
import io.strato.testsupport.MotoServer;
import io.strato.testsupport.Tokens;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * With a fifth of all AWS calls failing (throttled, 500, 503, dropped before or after the call took
 * effect, slowed), N load balancers and a self-managed cluster still converge through the REST API
 * with exactly the desired resources in moto, and delete to nothing. Run with {@code ./mvnw -B -o
 * -Preliability test -Dtest=FaultInjectionCampaign}.
 */
@QuarkusTest
@WithTestResource(FaultProxyResource.class)
class FaultInjectionCampaign {

  private static final int LOAD_BALANCERS = Integer.getInteger("faults.loadBalancers", 50);
  private static final Duration CONVERGE = Duration.ofMinutes(10);
  private static final String CLUSTER = "/api/v1/clusters/faulty";

  @Inject CloudCallMetrics calls;

  @ConfigProperty(name = "strato.aws.endpoint")
  URI proxy;

  @Test
  void convergesAndDeletesUnderFaults() throws Exception {
    AwsClients moto = MotoServer.shared().clients();
    AwsFixtures network = AwsFixtures.network(moto.ec2(), null);
    String subnets = ClusterSpecs.subnets(network.privateSubnets(), AwsFixtures.ZONES);
    String ami = AwsFixtures.imageId(moto.ec2());
    calls.reset();
    long start = System.nanoTime();

    put(CLUSTER, "{\"spec\": " + ClusterSpecs.selfManaged(subnets, ami, "1.31", 1) + "}");
    for (int i = 0; i < LOAD_BALANCERS; i++) {
      put(lb(i), loadBalancer(network.vpcId(), i));
    }
    await().atMost(CONVERGE).pollInterval(Duration.ofSeconds(2)).until(() -> allIn("Ready"));
    long converged = System.nanoTime();
    String afterCreate = admin("");
    long callsAfterCreate = calls.total();

    // Read the emulator with the faults off so a count is never cut short by one.
    Inventory created = Inventory.of(moto);
    System.out.println("[faults] after create: " + created);
    int twins = created.loadBalancerNameTwins().size();
    var soft = new org.assertj.core.api.SoftAssertions();
    soft.assertThat(created.loadBalancers() - twins)
        .as("distinct LBs: N + the cluster's API NLB")
        .isEqualTo(LOAD_BALANCERS + 1);
    soft.assertThat(created.loadBalancerTargetGroups())
        .as("one TG per REST LB")
        .isEqualTo(LOAD_BALANCERS);
    soft.assertThat(created.autoScalingGroups()).as("3 control-plane + 1 worker ASG").isEqualTo(4);
    soft.assertThat(created.launchTemplates()).as("one launch template per ASG").isEqualTo(4);
    soft.assertThat(created.otherDuplicates()).as("resources created twice").isEmpty();

    calls.reset();
    delete(CLUSTER);
    for (int i = 0; i < LOAD_BALANCERS; i++) {
      delete(lb(i));
    }
    await().atMost(CONVERGE).pollInterval(Duration.ofSeconds(2)).until(() -> allIn("Gone"));
    long deleted = System.nanoTime();
    String afterDelete = admin("/off");
    Inventory left = Inventory.of(moto);
    System.out.println("[faults] after delete: " + left);

    Map<String, Long> figures = figures(afterDelete);
    long proxied = figures.remove("requests");
    long logical = callsAfterCreate + calls.total();
    System.out.printf(
        "[faults] share=%.0f%% loadBalancers=%d cluster=self-managed%n"
            + "[faults] injected by kind: %s (total %d; %s during create)%n"
            + "[faults] AWS requests proxied=%d logical calls=%d SDK retries=%d%n"
            + "[faults] converge=%ds delete=%ds duplicates=%d (moto LB name twins %d: %s) leaks=%d%n",
        FaultProxyResource.SHARE * 100,
        LOAD_BALANCERS,
        figures,
        figures.values().stream().mapToLong(Long::longValue).sum(),
        figures(afterCreate),
        proxied,
        logical,
        proxied - logical,
        (converged - start) / 1_000_000_000,
        (deleted - converged) / 1_000_000_000,
        created.otherDuplicates().size(),
        twins,
        created.loadBalancerNameTwins(),
        left.total());
    soft.assertThat(left.total()).as("nothing left after delete: " + left).isZero();
    soft.assertAll();
    moto.close();
  }

  private boolean allIn(String phase) {
    if (!phase(CLUSTER).equals(phase)) {
      return false;
    }
    for (int i = 0; i < LOAD_BALANCERS; i++) {
      if (!phase(lb(i)).equals(phase)) {
        return false;
      }
    }
    return true;
  }

  private static String lb(int i) {
    return "/api/v1/load-balancers/faulty-" + i;
  }

  private static String loadBalancer(String vpcId, int i) {
    return """
        {"spec": {"vpcId": "%s",
                  "listeners": [{"port": 80, "targetPort": %d}],
                  "tags": {"campaign": "faults"}}}
        """
        .formatted(vpcId, 30000 + i);
  }

  private static void put(String path, String body) {
    given()
        .header("Authorization", "Bearer " + Tokens.operator())
        .contentType("application/json")
        .body(body)
        .put(path)
        .then()
        .statusCode(201);
  }

  private static void delete(String path) {
    given()
        .header("Authorization", "Bearer " + Tokens.operator())
        .delete(path)
        .then()
        .statusCode(202);
  }

  private static String phase(String path) {
    var r = given().header("Authorization", "Bearer " + Tokens.viewer()).get(path);
    return r.statusCode() == 404 ? "Gone" : String.valueOf(r.jsonPath().getString("status.phase"));
  }

  private String admin(String action) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(proxy.resolve("/__faults" + action)).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private static Map<String, Long> figures(String text) {
    Map<String, Long> out = new TreeMap<>();
    for (String line : text.split("\n")) {
      String[] kv = line.split("=");
      out.put(kv[0], Long.parseLong(kv[1]));
    }
    return out;
  }
}
