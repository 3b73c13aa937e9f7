package io.strato.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The packaged service as a separate OS process: started with the environment a deployment would
 * give it, killed with SIGKILL (no shutdown hook runs, no lease is released), restarted with the
 * same environment. Its cloud calls are read from its own {@code /q/metrics}, on its management
 * port.
 */
final class StratoJar implements AutoCloseable {

  static final Path JAR =
      Path.of(System.getProperty("crash.jar", "target/quarkus-app/quarkus-run.jar"))
          .toAbsolutePath();

  private final String name;
  private final ProcessBuilder builder;
  private final URI base;
  private final URI management;
  private final Path log;
  private final HttpClient http = HttpClient.newHttpClient();
  private Process process;

  /**
   * @param name also the pod name: the leases' holder identities start with it
   * @param env the service's configuration; the HTTP port, pod name and log are added here
   */
  StratoJar(String name, Path work, Map<String, String> env) {
    assertThat(JAR).as("package first: ./mvnw -B -o -q package -DskipTests").exists();
    this.name = name;
    int port = freePort();
    int managementPort = freePort();
    this.base = URI.create("http://127.0.0.1:" + port);
    this.management = URI.create("http://127.0.0.1:" + managementPort);
    this.log = work.resolve(name + ".log");
    this.builder =
        new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            // C1 only: the campaigns restart the service many times on a shared 2-core machine,
            // where C2 compiling during start-up made each start take 17-19 s instead of 4-10 s
            // (load 23-26). A kill's effect does not depend on the JIT tier.
            "-XX:TieredStopAtLevel=1",
            "-jar",
            JAR.toString());
    builder.environment().putAll(env);
    builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
    builder.environment().put("QUARKUS_MANAGEMENT_PORT", Integer.toString(managementPort));
    builder.environment().put("POD_NAME", name);
    builder.redirectErrorStream(true);
    builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
  }

  String name() {
    return name;
  }

  URI base() {
    return base;
  }

  Path log() {
    return log;
  }

  /** Starts the process and returns once it answers ready. */
  StratoJar start() throws IOException {
    process = builder.start();
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              assertThat(process.isAlive()).as(name + " exited; see " + log).isTrue();
              try {
                return get(management, "/q/health/ready").statusCode() == 200;
              } catch (IOException e) {
                return false;
              }
            });
    return this;
  }

  /** SIGKILL: the process gets no chance to stop its controllers or release its leases. */
  void kill() throws InterruptedException {
    process.destroyForcibly().waitFor();
  }

  boolean alive() {
    return process != null && process.isAlive();
  }

  /** The sum of {@code strato_cloud_calls_total} over every service, operation and outcome. */
  long cloudCalls() throws IOException, InterruptedException {
    long total = 0;
    for (String line : get(management, "/q/metrics").body().split("\n")) {
      if (line.startsWith("strato_cloud_calls_total{")) {
        total += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return total;
  }

  /**
   * The slowest cloud call of the recent past, in seconds: the largest {@code
   * strato_cloud_call_duration_seconds_max} (Micrometer keeps it over a window of minutes).
   */
  double slowestCallSeconds() throws IOException, InterruptedException {
    double slowest = 0;
    for (String line : get(management, "/q/metrics").body().split("\n")) {
      if (line.startsWith("strato_cloud_call_duration_seconds_max{")) {
        slowest = Math.max(slowest, Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
      }
    }
    return slowest;
  }

  private HttpResponse<String> get(URI server, String path)
      throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(server.resolve(path)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** A clean stop (SIGTERM), as at the end of a campaign. */
  @Override
  public void close() throws InterruptedException {
    if (alive()) {
      process.destroy();
      process.waitFor();
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
