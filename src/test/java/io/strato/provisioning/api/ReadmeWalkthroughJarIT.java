package io.strato.provisioning.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.strato.cloud.gcp.fake.FakeGke;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;

/**
 * The README's walk-through, run as a new user runs it: the shell blocks under "Walk-through (local
 * default)" go to bash unchanged, in one shell and in order, against the packaged Strato started on
 * its local default (the dev profile: H2 store, the moto emulator it starts itself, the dev token
 * in {@code .strato/dev-token}; the GKE fake, which the packaged jar does not carry, is served by
 * this test). The one edit is the API's port, so a busy 8080 on the machine cannot fail the build.
 * The script runs under {@code set -e}: a command that fails, or a resource that never gets Ready
 * or never goes, fails the test. Then the emulator is checked with the AWS SDK: the walk-through
 * deletes everything it made.
 *
 * <p>Run by failsafe after {@code package} ({@code ./mvnw verify}).
 */
class ReadmeWalkthroughJarIT {

  static final Path ROOT = Path.of("").toAbsolutePath();
  static final Path JAR = ROOT.resolve("target/quarkus-app/quarkus-run.jar");
  private static final Duration SCRIPT_LIMIT = Duration.ofMinutes(12);

  @TempDir Path work;

  @Test
  void theWalkThroughRunsAsWritten() throws Exception {
    assertThat(JAR).as("package first: ./mvnw -B -o package -DskipTests").exists();
    List<String> blocks =
        shellBlocks(
            Files.readString(ROOT.resolve("README.md")),
            "## Walk-through (local default)",
            "## Where to go next");
    assertThat(blocks).as("the walk-through and the clusters' walk-through").hasSize(2);
    Files.createSymbolicLink(work.resolve("examples"), ROOT.resolve("examples"));

    int api = freePort();
    int management = freePort();
    // Dev mode serves GKE from the built-in fake in its own process; the packaged jar does not
    // carry the fake (FakesOutOfProductionJarIT), so this test serves it and points the jar at it,
    // as dev mode points itself (strato.gcp.endpoint).
    FakeGke gke = FakeGke.start(0);
    Process strato = startOnTheLocalDefault(api, management, gke.endpoint());
    try {
      await()
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () -> {
                assertThat(strato.isAlive()).as(log()).isTrue();
                return status(URI.create("http://127.0.0.1:" + management + "/q/health/ready"))
                        == 200
                    && Files.exists(work.resolve(".strato/dev-token"))
                    && Files.exists(work.resolve(".strato/aws-endpoint"));
              });

      String script =
          "set -e\n" + String.join("\n", blocks).replace("localhost:8080", "localhost:" + api);
      Path out = work.resolve("walk-through.out");
      ProcessBuilder bash =
          new ProcessBuilder("bash", "-c", script)
              .directory(work.toFile())
              .redirectErrorStream(true)
              .redirectOutput(out.toFile());
      withoutAwsSettings(bash);
      Process run = bash.start();
      boolean finished = run.waitFor(SCRIPT_LIMIT.toMinutes(), TimeUnit.MINUTES);
      if (!finished) {
        run.destroyForcibly().waitFor();
      }
      String printed = Files.readString(out);
      System.out.println("[readme] the walk-through printed:\n" + printed);
      assertThat(finished).as("the walk-through finished within %s", SCRIPT_LIMIT).isTrue();
      assertThat(run.exitValue())
          .as("the walk-through's exit status; Strato's log:%n%s", log())
          .isZero();

      for (String path :
          List.of(
              "node-groups/workers",
              "load-balancers/web",
              "clusters/demo-eks",
              "clusters/demo-kubeadm",
              "clusters/demo-ecs",
              "clusters/demo-gke")) {
        assertThat(printed).contains(path + " is gone");
        if (!path.equals("clusters/demo-ecs")) {
          assertThat(printed).contains(path + " is Ready");
        }
      }
      assertThat(printed)
          .as("the emulator starts no ECS task, and the README says so")
          .contains("clusters/demo-ecs shows service web runs 0 of 2 task(s)");
      assertThat(printed).as("the YAML answer").contains("phase: Ready");
      // The upgrade launches from each group's second launch template version, which plain moto
      // 5.2 answers with a 500: this is the local default's patched emulator at work.
      assertThat(printed)
          .as("the upgrade to 1.34 rolled every group")
          .contains("clusters/demo-kubeadm shows \"observedGeneration\":2")
          .contains("clusters/demo-kubeadm shows \"type\":\"UpToDate\",\"status\":\"True\"")
          .contains("5 instances, 0 of them from before");
      assertThat(refusals(printed))
          .as("the only refusal is the stale If-Match")
          .containsExactly("412");
      assertThat(printed).as("nothing answered 5xx").doesNotContainPattern("\"status\":5\\d\\d");

      assertTheEmulatorHoldsNothingStratoMade(
          Files.readString(work.resolve(".strato/aws-endpoint")).trim());
    } finally {
      strato.destroy();
      if (!strato.waitFor(60, TimeUnit.SECONDS)) {
        strato.destroyForcibly().waitFor();
      }
      gke.close();
    }
  }

  private Process startOnTheLocalDefault(int api, int management, String gkeEndpoint)
      throws IOException {
    ProcessBuilder pb =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                JAR.toString())
            .directory(work.toFile())
            .redirectErrorStream(true)
            .redirectOutput(work.resolve("strato.log").toFile());
    withoutAwsSettings(pb);
    Map<String, String> env = pb.environment();
    env.remove("JAVA_TOOL_OPTIONS");
    // What ./mvnw quarkus:dev runs: the dev profile. The packaged jar refuses dev-only features
    // unless told, loudly, that this is intended.
    env.put("QUARKUS_PROFILE", "dev");
    env.put("STRATO_DEV_FEATURES_ALLOW_OUTSIDE_DEV_MODE", "true");
    // Dev mode generates a signing key pair for the dev token; the packaged jar is given one.
    Path keys = ROOT.resolve("src/test/resources/test-keys");
    env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", keys.resolve("public.pem").toString());
    env.put("SMALLRYE_JWT_SIGN_KEY_LOCATION", keys.resolve("private.pem").toString());
    env.put("QUARKUS_HTTP_PORT", Integer.toString(api));
    env.put("QUARKUS_MANAGEMENT_PORT", Integer.toString(management));
    env.put("STRATO_GCP_ENDPOINT", gkeEndpoint);
    env.put("STRATO_GCP_PROJECT", "strato-local"); // the project dev mode gives its fake
    return pb.start();
  }

  /** The local default starts its own emulator only when no AWS endpoint or credentials exist. */
  private static void withoutAwsSettings(ProcessBuilder pb) {
    pb.environment()
        .keySet()
        .removeIf(k -> k.startsWith("AWS_") || k.startsWith("STRATO_") || k.startsWith("QUARKUS_"));
  }

  private String log() {
    try {
      return Files.readString(work.resolve("strato.log"));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static void assertTheEmulatorHoldsNothingStratoMade(String endpoint) {
    var credentials =
        StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
    URI uri = URI.create(endpoint);
    try (var elb =
            ElasticLoadBalancingV2Client.builder()
                .endpointOverride(uri)
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials)
                .build();
        var asg =
            AutoScalingClient.builder()
                .endpointOverride(uri)
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials)
                .build();
        var ec2 =
            Ec2Client.builder()
                .endpointOverride(uri)
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials)
                .build();
        var eks =
            EksClient.builder()
                .endpointOverride(uri)
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials)
                .build()) {
      assertThat(elb.describeLoadBalancers().loadBalancers()).isEmpty();
      assertThat(elb.describeTargetGroups().targetGroups()).isEmpty();
      assertThat(asg.describeAutoScalingGroups().autoScalingGroups()).isEmpty();
      assertThat(ec2.describeLaunchTemplates().launchTemplates()).isEmpty();
      assertThat(
              ec2.describeSecurityGroups(
                      r -> r.filters(f -> f.name("tag-key").values("strato.io/owner")))
                  .securityGroups())
          .isEmpty();
      assertThat(eks.listClusters().clusters()).isEmpty();
    }
  }

  /**
   * The statuses of the problem documents the script printed (a resource's status is an object).
   */
  private static List<String> refusals(String printed) {
    List<String> statuses = new ArrayList<>();
    Matcher m = Pattern.compile("\"status\":(\\d{3})").matcher(printed);
    while (m.find()) {
      statuses.add(m.group(1));
    }
    return statuses;
  }

  /** The {@code ```sh} blocks between two headings of a Markdown document. */
  static List<String> shellBlocks(String markdown, String from, String to) {
    int start = markdown.indexOf(from);
    int end = markdown.indexOf(to, start);
    assertThat(start).as("README heading " + from).isNotNegative();
    assertThat(end).as("README heading " + to).isPositive();
    List<String> blocks = new ArrayList<>();
    Matcher m = Pattern.compile("(?ms)^```sh\\n(.*?)^```").matcher(markdown.substring(start, end));
    while (m.find()) {
      blocks.add(m.group(1));
    }
    return blocks;
  }

  private static int status(URI uri) {
    try {
      return HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
