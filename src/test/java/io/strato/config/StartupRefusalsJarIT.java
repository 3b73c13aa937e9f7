package io.strato.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar, started as a deployment would start it, with one unsafe setting each time: it
 * must stop at start-up with a message that names the setting and the fix, and a non-zero exit. Run
 * by failsafe after {@code package} ({@code ./mvnw verify}), as it needs {@code
 * target/quarkus-app/quarkus-run.jar}.
 */
class StartupRefusalsJarIT {

  static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath();

  @TempDir Path work;

  @Test
  void theDevTokenIsRefusedOutsideDevMode() throws Exception {
    assertRefused(Map.of("STRATO_AUTH_DEV_TOKEN", "true"), "strato.auth.dev-token=true");
  }

  @Test
  void theLocalAwsEmulatorIsRefusedOutsideDevMode() throws Exception {
    assertRefused(Map.of("STRATO_AWS_EMULATOR", "always"), "strato.aws.emulator=always");
    // auto starts it whenever no credentials are found: refused as well.
    assertRefused(Map.of("STRATO_AWS_EMULATOR", "auto"), "strato.aws.emulator=auto");
  }

  @Test
  void theGkeFakeIsRefusedOutsideDevMode() throws Exception {
    assertRefused(Map.of("STRATO_GCP_EMULATOR", "always"), "strato.gcp.emulator=always");
  }

  @Test
  void theOverrideStartsButSaysSoLoudly() throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("STRATO_GCP_EMULATOR", "always");
    env.put("STRATO_DEV_FEATURES_ALLOW_OUTSIDE_DEV_MODE", "true");
    Started s = start(env);
    try {
      await()
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofMillis(200))
          .until(
              () -> {
                assertThat(s.process.isAlive()).as(Files.readString(s.log)).isTrue();
                return status(s.management.resolve("/q/health/ready")) == 200;
              });
      assertThat(Files.readString(s.log))
          .containsPattern("WARN .*DEV-ONLY FEATURES ARE ON OUTSIDE DEV MODE")
          .contains("strato.gcp.emulator=always");
    } finally {
      s.process.destroy();
      s.process.waitFor(30, TimeUnit.SECONDS);
    }
  }

  /**
   * The safe baseline starts; the API's port serves no health, metrics or documentation, and the
   * management port serves health and metrics but, in production, no OpenAPI or Swagger UI.
   */
  @Test
  void inProductionOnlyTheApiIsOnItsPortAndNoDocsAreServed() throws Exception {
    Started s = start(Map.of());
    try {
      await()
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofMillis(200))
          .until(
              () -> {
                assertThat(s.process.isAlive()).as(Files.readString(s.log)).isTrue();
                return status(s.management.resolve("/q/health/ready")) == 200;
              });
      assertThat(status(s.management.resolve("/q/metrics"))).isEqualTo(200);
      assertThat(status(s.management.resolve("/q/openapi"))).isEqualTo(404);
      assertThat(status(s.management.resolve("/q/swagger-ui/"))).isEqualTo(404);
      for (String path : new String[] {"/q/health", "/q/metrics", "/q/openapi", "/q/swagger-ui/"}) {
        assertThat(status(s.api.resolve(path))).as(path).isEqualTo(404);
      }
      assertThat(status(s.api.resolve("/api/v1/node-groups"))).isEqualTo(401);
    } finally {
      s.process.destroy();
      s.process.waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void aMissingAudienceIsRefusedWhileTheApiIsOn() throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("STRATO_AUTH_AUDIENCE", "");
    assertRefused(env, "strato.auth.audience");
  }

  @Test
  void aBootstrapKeyOthersCanReadIsRefused() throws Exception {
    Path key = work.resolve("bootstrap.key");
    Files.write(key, new byte[32]);
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
    assertRefused(Map.of("STRATO_CLUSTERS_BOOTSTRAP_KEY_FILE", key.toString()), "chmod 600 " + key);
  }

  @Test
  void theCcmRefusesTheManifestsPlaceholderClusterId() throws Exception {
    assertRefused(
        Map.of("STRATO_CCM_ENABLED", "true", "STRATO_CCM_CLUSTER_ID", "CHANGE-ME"), "placeholder");
  }

  private void assertRefused(Map<String, String> unsafe, String named) throws Exception {
    Started s = start(unsafe);
    boolean exited = s.process.waitFor(120, TimeUnit.SECONDS);
    if (!exited) {
      s.process.destroyForcibly().waitFor();
    }
    String log = Files.readString(s.log);
    assertThat(exited).as("still running with %s; log:%n%s", unsafe, log).isTrue();
    assertThat(s.process.exitValue()).as(log).isNotZero();
    assertThat(log).contains("Refusing to start", named);
  }

  private record Started(Process process, Path log, URI api, URI management) {}

  private Started start(Map<String, String> extra) throws IOException {
    assertThat(JAR).as("package first: ./mvnw -B -o package -DskipTests").exists();
    Path data = Files.createTempDirectory(work, "data-");
    Path log = data.resolve("strato.log");
    int management = freePort();
    int api = freePort();
    ProcessBuilder pb =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                JAR.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    Map<String, String> env = pb.environment();
    env.remove("JAVA_TOOL_OPTIONS");
    env.put("QUARKUS_HTTP_PORT", Integer.toString(api));
    env.put("QUARKUS_MANAGEMENT_PORT", Integer.toString(management));
    env.put("STRATO_DATA_DIR", data.toString());
    // A deployment's safe baseline: an AWS endpoint (never called at start-up), a trusted key
    // and an audience. Each test adds the one unsafe setting.
    env.put("STRATO_AWS_ENDPOINT", "http://127.0.0.1:9");
    env.put("AWS_ACCESS_KEY_ID", "test");
    env.put("AWS_SECRET_ACCESS_KEY", "test");
    env.put(
        "MP_JWT_VERIFY_PUBLICKEY_LOCATION",
        Path.of("src/test/resources/test-keys/public.pem").toAbsolutePath().toString());
    env.put("STRATO_AUTH_AUDIENCE", "strato");
    env.putAll(extra);
    return new Started(
        pb.start(),
        log,
        URI.create("http://127.0.0.1:" + api),
        URI.create("http://127.0.0.1:" + management));
  }

  /** The HTTP status of a GET, or -1 while nothing answers. */
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
