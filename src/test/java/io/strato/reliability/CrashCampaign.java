package io.strato.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.smallrye.jwt.build.Jwt;
import io.strato.cloud.aws.AwsClients;
import io.strato.provisioning.cluster.ClusterSpecs;
import io.strato.testsupport.AwsFixtures;
import io.strato.testsupport.MotoServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * SIGKILLs the packaged service at random moments while it creates self-managed clusters and load
 * balancers, restarting it on the same data directory each time; the cloud must end as desired,
 * with nothing created twice, and delete to nothing. Needs the packaged jar: {@code ./mvnw -B -o -q
 * package -DskipTests && ./mvnw -B -o -Preliability test -Dtest=CrashCampaign}.
 */
class CrashCampaign {

  private static final int KILLS = Integer.getInteger("crash.kills", 20);
  private static final Path JAR =
      Path.of(System.getProperty("crash.jar", "target/quarkus-app/quarkus-run.jar"))
          .toAbsolutePath();
  private static final Duration CONVERGE = Duration.ofMinutes(5);

  private final HttpClient http = HttpClient.newHttpClient();
  private final Random random = new Random(7);
  private final List<String> desired = new ArrayList<>();
  private String operator;
  private String viewer;
  private URI api;
  private URI management;

  @Test
  void killedAtRandomItStillConvergesOnce() throws Exception {
    assertThat(JAR).as("package first: ./mvnw -B -o -q package -DskipTests").exists();
    MotoServer moto = MotoServer.shared();
    moto.reset();
    AwsClients aws = moto.clients();
    AwsFixtures network = AwsFixtures.network(aws.ec2(), null);
    String subnets = ClusterSpecs.subnets(network.privateSubnets(), AwsFixtures.ZONES);
    String ami = AwsFixtures.imageId(aws.ec2());
    AwsFixtures.nodeProfiles(aws.iam());

    Path work = Files.createTempDirectory("strato-crash-campaign-");
    Path publicKey = signingKey(work);
    int port = freePort();
    int managementPort = freePort();
    api = URI.create("http://127.0.0.1:" + port);
    management = URI.create("http://127.0.0.1:" + managementPort);
    ProcessBuilder service = service(moto, work, publicKey, port, managementPort);

    List<Long> killedAfterMs = new ArrayList<>();
    int clusters = 0;
    for (int round = 0; round < KILLS; round++) {
      Process strato = start(service);
      // Keep the engine busy creating when the kill comes: a new LB every round, a new
      // self-managed cluster every tenth.
      if (round % 10 == 0) {
        put(
            "/api/v1/clusters/crash-" + round,
            "{\"spec\": " + ClusterSpecs.selfManaged(subnets, ami, "1.31", 1) + "}");
        clusters++;
      }
      put("/api/v1/load-balancers/crash-" + round, loadBalancer(network.vpcId(), round));
      long delay = 200 + random.nextInt(3000);
      Thread.sleep(delay);
      strato.destroyForcibly().waitFor();
      killedAfterMs.add(delay);
    }

    Process strato = start(service);
    try {
      await().atMost(CONVERGE).pollInterval(Duration.ofSeconds(1)).until(() -> allIn("Ready"));
      Inventory created = Inventory.of(aws);
      System.out.println("[crash] after create: " + created);
      int lbs = KILLS;
      assertThat(created.duplicates()).as("nothing created twice").isEmpty();
      assertThat(created.loadBalancers()).isEqualTo(lbs + clusters);
      assertThat(created.loadBalancerTargetGroups()).isEqualTo(lbs);
      assertThat(created.autoScalingGroups()).isEqualTo(4 * clusters);
      assertThat(created.launchTemplates()).isEqualTo(4 * clusters);

      for (String path : desired) {
        send("DELETE", path, null);
      }
      await().atMost(CONVERGE).pollInterval(Duration.ofSeconds(1)).until(() -> allIn("Gone"));
      Inventory left = Inventory.of(aws);
      System.out.printf(
          "[crash] kills=%d (after %s ms) clusters=%d loadBalancers=%d duplicates=%d leaks=%d %s%n",
          KILLS, killedAfterMs, clusters, lbs, created.duplicates().size(), left.total(), left);
      assertThat(left.total()).as("nothing left after delete").isZero();
    } finally {
      strato.destroy();
      strato.waitFor();
      aws.close();
    }
  }

  private boolean allIn(String phase) throws Exception {
    for (String path : desired) {
      if (!phase(path).equals(phase)) {
        return false;
      }
    }
    return true;
  }

  private String phase(String path) throws Exception {
    HttpResponse<String> r = send("GET", path, null);
    if (r.statusCode() == 404) {
      return "Gone";
    }
    var m = java.util.regex.Pattern.compile("\"phase\"\\s*:\\s*\"(\\w+)\"").matcher(r.body());
    return m.find() ? m.group(1) : "?";
  }

  private void put(String path, String body) throws Exception {
    HttpResponse<String> r = send("PUT", path, body);
    assertThat(r.statusCode()).as(path + " " + r.body()).isIn(200, 201);
    desired.add(path);
  }

  private HttpResponse<String> send(String method, String path, String body) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(api.resolve(path))
            .header("Authorization", "Bearer " + (method.equals("GET") ? viewer : operator))
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String loadBalancer(String vpcId, int i) {
    return """
        {"spec": {"vpcId": "%s",
                  "listeners": [{"port": 80, "targetPort": %d}],
                  "tags": {"campaign": "crash"}}}
        """
        .formatted(vpcId, 30000 + i);
  }

  private ProcessBuilder service(
      MotoServer moto, Path work, Path publicKey, int port, int managementPort) {
    ProcessBuilder pb =
        new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-jar",
            JAR.toString());
    var env = pb.environment();
    env.put("STRATO_AWS_ENDPOINT", moto.endpoint().toString());
    env.put("STRATO_AWS_REGION", MotoServer.REGION);
    env.put("STRATO_AWS_EMULATOR", "off");
    env.put("AWS_ACCESS_KEY_ID", "test");
    env.put("AWS_SECRET_ACCESS_KEY", "test");
    env.put("STRATO_DATA_DIR", work.resolve("data").toString());
    env.put("STRATO_RECONCILE_POLL_INTERVAL", "PT0.2S");
    env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
    env.put("QUARKUS_MANAGEMENT_PORT", Integer.toString(managementPort));
    env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", publicKey.toString());
    env.put("STRATO_AUTH_AUDIENCE", "strato");
    pb.redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve("strato.log").toFile()));
    System.out.println("[crash] service log: " + work.resolve("strato.log"));
    return pb;
  }

  private Process start(ProcessBuilder pb) throws IOException {
    Process p = pb.start();
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              assertThat(p.isAlive()).as("Strato exited; see its log").isTrue();
              try {
                return http.send(
                            HttpRequest.newBuilder(management.resolve("/q/health/ready")).build(),
                            HttpResponse.BodyHandlers.discarding())
                        .statusCode()
                    == 200;
              } catch (IOException e) {
                return false;
              }
            });
    return p;
  }

  /** A fresh RSA key: the service trusts its public half, the campaign signs with the other. */
  private Path signingKey(Path work) throws Exception {
    KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
    gen.initialize(2048);
    KeyPair pair = gen.generateKeyPair();
    Path pem = work.resolve("public.pem");
    Files.writeString(
        pem,
        "-----BEGIN PUBLIC KEY-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes())
                .encodeToString(pair.getPublic().getEncoded())
            + "\n-----END PUBLIC KEY-----\n");
    operator = token(pair, "operator");
    viewer = token(pair, "viewer");
    return pem;
  }

  private static String token(KeyPair pair, String group) {
    return Jwt.issuer("strato")
        .audience("strato")
        .upn("crash-campaign")
        .groups(Set.of(group))
        .expiresIn(Duration.ofHours(2))
        .sign(pair.getPrivate());
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
