package io.strato.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.jwt.build.Jwt;
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
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The packaged application ({@code target/quarkus-app/quarkus-run.jar}, built by the package phase
 * that runs before this benchmark) against moto: start-up time and memory, create latency,
 * convergence through the real engine, idle AWS calls, GET throughput under {@code wrk}, and memory
 * after 1,000 resources.
 */
class PackagedJarBenchmark {

  private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final MotoServer moto = MotoServer.shared();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String token = adminToken();
  private URI base;

  @Test
  void packagedJar() throws Exception {
    moto.reset();
    AwsFixtures network;
    try (var c = moto.clients()) {
      network = AwsFixtures.network(c.ec2(), null);
    }
    Path data = Files.createTempDirectory("bench-jar-");
    int port = freePort();
    base = URI.create("http://127.0.0.1:" + port);
    ProcessBuilder pb =
        new ProcessBuilder("java", "-jar", JAR.toAbsolutePath().toString())
            .redirectErrorStream(true)
            .redirectOutput(data.resolve("strato.log").toFile());
    var env = pb.environment();
    env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
    env.put("STRATO_DATA_DIR", data.toString());
    env.put("STRATO_AWS_ENDPOINT", moto.endpoint().toString());
    env.put("AWS_ACCESS_KEY_ID", "test");
    env.put("AWS_SECRET_ACCESS_KEY", "test");
    env.put(
        "MP_JWT_VERIFY_PUBLICKEY_LOCATION",
        Path.of("src/test/resources/test-keys/public.pem").toAbsolutePath().toString());
    // The benchmark is one client: lift the per-client budgets, as the README says a trusted
    // load generator should.
    env.put("STRATO_API_RATE_LIMIT_READS_PER_SECOND", "1000000");
    env.put("STRATO_API_RATE_LIMIT_READS_BURST", "1000000");
    env.put("STRATO_API_RATE_LIMIT_CHANGES_PER_SECOND", "100000");
    env.put("STRATO_API_RATE_LIMIT_CHANGES_BURST", "100000");
    long start = System.nanoTime();
    Process strato = pb.start();
    try {
      waitReady();
      double startup = (System.nanoTime() - start) / 1e9;
      long rssStart = rssKb(strato.pid());
      Figures.line(
          "jar    start to /q/health/ready %.2f s (target < 2 s: %s); RSS after start %d MB",
          startup, startup < 2 ? "met" : "MISSED", rssStart / 1024);

      int n = 50;
      List<Double> createMs = new ArrayList<>();
      long t0 = System.nanoTime();
      for (int i = 0; i < n; i++) {
        createMs.add(
            put(
                "/api/v1/load-balancers/web-" + i,
                """
                {"spec": {"vpcId": "%s", "listeners": [{"port": 80, "targetPort": 30080},
                                                       {"port": 443, "targetPort": 30443}]}}
                """
                    .formatted(network.vpcId())));
      }
      Collections.sort(createMs);
      Figures.line(
          "jar    PUT load balancer (create) latency to 201/202: p50 %.1f ms, p99 %.1f ms, max %.1f"
              + " ms over %d",
          pct(createMs, 50), pct(createMs, 99), createMs.get(n - 1), n);
      while (ready("/api/v1/load-balancers?limit=" + n) < n) {
        if ((System.nanoTime() - t0) / 1e9 > 300) {
          throw new IllegalStateException("load balancers not Ready after 300 s");
        }
        Thread.sleep(100);
      }
      Figures.line(
          "jar    %d load balancers Ready through the engine (default workers, poll PT10S) in %.2f s",
          n, (System.nanoTime() - t0) / 1e9);

      double before = cloudCalls();
      Thread.sleep(60_000);
      double idle = cloudCalls() - before;
      Figures.line(
          "jar    idle: %.0f AWS calls in 60 s with %d Ready load balancers (target 0: %s)",
          idle, n, idle == 0 ? "met" : "MISSED");

      // Baseline in the same run: the cheapest endpoint the same server has (no token, no store),
      // i.e. what Quarkus and wrk together reach on this machine.
      wrk("GET liveness", "/q/health/live");
      wrk("GET one", "/api/v1/load-balancers/web-7");
      wrk("GET list (50)", "/api/v1/load-balancers");

      // 1,000 node groups whose specs the API accepts but the cloud cannot satisfy (no such
      // subnets), so they stay in the store, failing and backing off, as a busy account's would.
      List<Double> nodeGroupMs = new ArrayList<>();
      for (int i = 0; i < 1000; i++) {
        nodeGroupMs.add(
            put(
                "/api/v1/node-groups/ng-" + i,
                """
            {"spec": {"imageId": "ami-12345678", "instanceType": "t3.medium",
                      "subnetIds": ["subnet-00000000000000001"], "minSize": 0, "maxSize": 1,
                      "desiredCapacity": 0}}
            """));
      }
      Collections.sort(nodeGroupMs);
      Figures.line(
          "jar    PUT node group (create) latency to 201/202: p50 %.1f ms, p99 %.1f ms over 1000",
          pct(nodeGroupMs, 50), pct(nodeGroupMs, 99));
      Thread.sleep(10_000);
      long rss1000 = rssKb(strato.pid());
      Figures.line(
          "jar    RSS after start %d MB; after 50 load balancers + 1,000 node groups %d MB"
              + " (target < 300 MB: %s)",
          rssStart / 1024, rss1000 / 1024, rss1000 / 1024 < 300 ? "met" : "MISSED");
      // RSS is mostly heap the JVM has not given back (max heap defaults to a quarter of 24 GiB
      // here): after a full GC, G1 uncommits, which shows what the data really holds.
      new ProcessBuilder("jcmd", String.valueOf(strato.pid()), "GC.run")
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start()
          .waitFor();
      Thread.sleep(2_000);
      Figures.line(
          "jar    RSS after a full GC (jcmd GC.run) with the same 1,050 resources: %d MB",
          rssKb(strato.pid()) / 1024);
    } finally {
      strato.destroy();
      strato.waitFor();
    }
  }

  private void waitReady() throws Exception {
    for (int i = 0; i < 3000; i++) {
      try {
        var r =
            http.send(
                HttpRequest.newBuilder(base.resolve("/q/health/ready")).build(),
                HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException notListeningYet) {
        // keep polling
      }
      Thread.sleep(10);
    }
    throw new IllegalStateException("Strato not ready after 30 s");
  }

  private double put(String path, String body) throws Exception {
    long t = System.nanoTime();
    var r =
        http.send(
            HttpRequest.newBuilder(base.resolve(path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    double ms = (System.nanoTime() - t) / 1e6;
    if (r.statusCode() != 201 && r.statusCode() != 202 && r.statusCode() != 200) {
      throw new IllegalStateException("PUT " + path + " answered " + r.statusCode() + r.body());
    }
    return ms;
  }

  private long ready(String path) throws Exception {
    var r =
        http.send(
            HttpRequest.newBuilder(base.resolve(path))
                .header("Authorization", "Bearer " + token)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException("GET " + path + " answered " + r.statusCode() + r.body());
    }
    return JSON.readTree(r.body()).findValues("phase").stream()
        .map(JsonNode::asText)
        .filter("Ready"::equals)
        .count();
  }

  /** The sum of Strato's own cloud call counter, read from its Prometheus endpoint. */
  private double cloudCalls() throws Exception {
    String text =
        http.send(
                HttpRequest.newBuilder(base.resolve("/q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    double sum = 0;
    for (String line : text.split("\n")) {
      if (line.startsWith("strato_cloud_calls_total{")) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return sum;
  }

  private void wrk(String what, String path) throws Exception {
    Process p =
        new ProcessBuilder(
                "wrk",
                "-t2",
                "-c32",
                "-d20s",
                "--latency",
                "-H",
                "Authorization: Bearer " + token,
                base.resolve(path).toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes());
    p.waitFor();
    String rps = find(out, "Requests/sec:\\s+([0-9.]+)");
    String p50 = find(out, "\\s50%\\s+(\\S+)");
    String p99 = find(out, "\\s99%\\s+(\\S+)");
    String non2xx = find(out, "Non-2xx or 3xx responses:\\s+(\\d+)");
    double rate = Double.parseDouble(rps);
    Figures.line(
        "rest   %-14s wrk 2 threads 32 connections 20 s: %.0f req/s, p50 %s, p99 %s, non-2xx %s"
            + " (target >= 5000/s and p99 < 20 ms: %s)",
        what,
        rate,
        p50,
        p99,
        non2xx.isEmpty() ? "0" : non2xx,
        rate >= 5000 && millis(p99) < 20 ? "met" : "MISSED");
  }

  private static String find(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    return m.find() ? m.group(1) : "";
  }

  /** wrk prints latencies as 812.00us, 1.23ms or 1.02s. */
  private static double millis(String wrk) {
    if (wrk.endsWith("us")) {
      return Double.parseDouble(wrk.substring(0, wrk.length() - 2)) / 1000;
    }
    if (wrk.endsWith("ms")) {
      return Double.parseDouble(wrk.substring(0, wrk.length() - 2));
    }
    if (wrk.endsWith("s")) {
      return Double.parseDouble(wrk.substring(0, wrk.length() - 1)) * 1000;
    }
    return Double.NaN;
  }

  private static double pct(List<Double> sorted, int p) {
    return sorted.get(Math.min(sorted.size() - 1, sorted.size() * p / 100));
  }

  private static long rssKb(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    throw new IllegalStateException("no VmRSS for " + pid);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static String adminToken() {
    try {
      String pem =
          Files.readString(Path.of("src/test/resources/test-keys/private.pem"))
              .replaceAll("-----[A-Z ]+-----", "")
              .replaceAll("\\s", "");
      PrivateKey key =
          KeyFactory.getInstance("RSA")
              .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
      return Jwt.issuer("strato")
          .upn("benchmark")
          .groups(Set.of("admin"))
          .expiresIn(Duration.ofHours(1))
          .sign(key);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
