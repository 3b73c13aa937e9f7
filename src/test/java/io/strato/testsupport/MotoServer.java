package io.strato.testsupport;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.strato.cloud.aws.AwsClients;
import io.strato.cloud.aws.AwsSettings;
import io.strato.cloud.aws.CloudCallMetrics;
import java.io.File;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * A real moto server (an HTTP AWS emulator) on a free loopback port, started once per test JVM and
 * stopped at exit. Tests call {@link #reset()} to start from an empty account.
 */
public final class MotoServer {

  public static final String REGION = "us-east-1";

  private static MotoServer shared;

  private final Process process;
  private final URI endpoint;

  private MotoServer(Process process, URI endpoint) {
    this.process = process;
    this.endpoint = endpoint;
  }

  /** The JVM-wide server, started on first use. */
  public static synchronized MotoServer shared() {
    if (shared == null) {
      shared = start();
      Runtime.getRuntime().addShutdownHook(new Thread(shared::stop));
    }
    return shared;
  }

  private static MotoServer start() {
    String executable = System.getenv().getOrDefault("MOTO_SERVER", "moto_server");
    int port = freePort();
    try {
      Path log = Files.createTempFile("moto-", ".log");
      Process process =
          new ProcessBuilder(executable, "-H", "127.0.0.1", "-p", String.valueOf(port))
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      URI endpoint = URI.create("http://127.0.0.1:" + port);
      MotoServer server = new MotoServer(process, endpoint);
      server.awaitReady(Duration.ofSeconds(60), log.toFile());
      return server;
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot start moto_server ("
              + e.getMessage()
              + "): install it with `pip install 'moto[server]'`",
          e);
    }
  }

  private void awaitReady(Duration timeout, File log) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("moto_server exited; see " + log);
      }
      try {
        HttpURLConnection c =
            (HttpURLConnection) endpoint.resolve("/moto-api/").toURL().openConnection();
        c.setConnectTimeout(500);
        c.setReadTimeout(2000);
        if (c.getResponseCode() < 500) {
          return;
        }
      } catch (IOException notYet) {
        // still starting
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new IllegalStateException(
        "moto_server did not answer within " + timeout + "; see " + log);
  }

  public URI endpoint() {
    return endpoint;
  }

  /** Empties every service of the emulator. */
  public void reset() {
    try {
      HttpURLConnection c =
          (HttpURLConnection) endpoint.resolve("/moto-api/reset").toURL().openConnection();
      c.setRequestMethod("POST");
      c.setDoOutput(true);
      c.getOutputStream().close();
      if (c.getResponseCode() != 200) {
        throw new IllegalStateException("moto reset answered " + c.getResponseCode());
      }
    } catch (IOException e) {
      throw new IllegalStateException("moto reset failed", e);
    }
  }

  /** Settings for Strato's clients pointed at this server with dummy credentials. */
  public AwsSettings settings() {
    return new AwsSettings(
        REGION,
        Optional.of(endpoint),
        Optional.of(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))),
        3);
  }

  /** Fresh clients with their own call metrics, so a test can count the calls it caused. */
  public AwsClients clients() {
    return clients(List.of());
  }

  /** Fresh clients whose calls also pass through the given interceptors (faults, crashes). */
  public AwsClients clients(List<ExecutionInterceptor> interceptors) {
    return new AwsClients(
        settings(), new CloudCallMetrics(new SimpleMeterRegistry()), interceptors);
  }

  public void stop() {
    process.destroy();
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
