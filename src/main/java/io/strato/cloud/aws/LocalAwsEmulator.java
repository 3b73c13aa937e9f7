package io.strato.cloud.aws;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * A moto server that Strato starts for itself: the local default when no AWS account is configured.
 * It is a child process bound to loopback and dies with Strato. Its endpoint is written to a file
 * so the walk-through's {@code aws} commands can find it.
 */
public final class LocalAwsEmulator implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(LocalAwsEmulator.class);

  private final Process process;
  private final URI endpoint;

  private LocalAwsEmulator(Process process, URI endpoint) {
    this.process = process;
    this.endpoint = endpoint;
  }

  /**
   * Starts {@code command} on {@code preferredPort} if free, else on any free port, and waits for
   * it to answer.
   */
  public static LocalAwsEmulator start(String command, int preferredPort, Path dataDir) {
    int port = isFree(preferredPort) ? preferredPort : anyFreePort();
    try {
      Files.createDirectories(dataDir);
      Path log = dataDir.resolve("moto.log");
      Process process =
          new ProcessBuilder(command, "-H", "127.0.0.1", "-p", String.valueOf(port))
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      URI endpoint = URI.create("http://127.0.0.1:" + port);
      LocalAwsEmulator emulator = new LocalAwsEmulator(process, endpoint);
      Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
      emulator.awaitReady(Duration.ofSeconds(60), log);
      Files.writeString(dataDir.resolve("aws-endpoint"), endpoint + "\n");
      return emulator;
    } catch (IOException e) {
      throw new IllegalStateException(
          "No AWS endpoint or credentials are configured, so Strato tried to start the local AWS"
              + " emulator '"
              + command
              + "' and could not ("
              + e.getMessage()
              + "). Install it with: pip install 'moto[server]'  (or set strato.aws.endpoint, or"
              + " AWS credentials for a real account)",
          e);
    }
  }

  private void awaitReady(Duration timeout, Path log) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the local AWS emulator exited at start; see " + log);
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
        // starting
      }
      try {
        Thread.sleep(100); // start-up only, before any worker runs
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while starting the local AWS emulator", e);
      }
    }
    throw new IllegalStateException(
        "the local AWS emulator did not answer within " + timeout + "; see " + log);
  }

  public URI endpoint() {
    return endpoint;
  }

  @Override
  public void close() {
    process.destroy();
    LOG.info("local AWS emulator stopped");
  }

  private static boolean isFree(int port) {
    if (port <= 0) {
      return false;
    }
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress("127.0.0.1", port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int anyFreePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("no free port for the local AWS emulator", e);
    }
  }
}
