package io.strato.testsupport;

import io.strato.cloud.aws.AwsClients;
import io.strato.cloud.aws.AwsSettings;
import io.strato.cloud.aws.LocalAwsEmulator;
import io.strato.cloud.aws.MotoLauncher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * A real moto server (an HTTP AWS emulator) on a free loopback port, started once per test JVM and
 * stopped at exit. Tests call {@link #reset()} to start from an empty account.
 */
public final class MotoServer {

  public static final String REGION = "us-east-1";

  private static MotoServer shared;

  private final LocalAwsEmulator emulator;

  private MotoServer(LocalAwsEmulator emulator) {
    this.emulator = emulator;
  }

  /**
   * The JVM-wide server, started on first use (by the same launcher Strato's local default uses).
   */
  public static synchronized MotoServer shared() {
    if (shared == null) {
      try {
        Path dir = Files.createTempDirectory("strato-moto-");
        shared = new MotoServer(LocalAwsEmulator.start(command(dir), 0, dir));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(shared::stop));
    }
    return shared;
  }

  /**
   * A server of its own, for a test that changes a process-wide moto setting (IAM enforcement); the
   * caller stops it.
   */
  public static MotoServer isolated() {
    try {
      Path dir = Files.createTempDirectory("strato-moto-");
      return new MotoServer(LocalAwsEmulator.start(command(dir), 0, dir));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code MOTO_SERVER}, when set, overrides the launcher the local default uses. */
  private static String command(Path dir) {
    return MotoLauncher.command(Optional.ofNullable(System.getenv("MOTO_SERVER")), dir);
  }

  /**
   * Turns moto's IAM mode on or off for the whole server: on, every request is authorized against
   * the IAM policies of the caller's access key. This is the setting moto_server reads from the
   * {@code INITIAL_NO_AUTH_ACTION_COUNT} environment variable (0 = enforce from the first request),
   * changed at run time through {@code /moto-api/reset-auth}.
   */
  public void enforceIam(boolean on) {
    post("/moto-api/reset-auth", on ? "0" : "inf");
  }

  public URI endpoint() {
    return emulator.endpoint();
  }

  /** Empties every service of the emulator. */
  public void reset() {
    post("/moto-api/reset", "");
  }

  private void post(String path, String body) {
    try {
      HttpURLConnection c = (HttpURLConnection) endpoint().resolve(path).toURL().openConnection();
      c.setRequestMethod("POST");
      // moto reads the raw body; a form content type (the default) hides it
      c.setRequestProperty("Content-Type", "text/plain");
      c.setDoOutput(true);
      try (var out = c.getOutputStream()) {
        out.write(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
      if (c.getResponseCode() != 200) {
        throw new IllegalStateException("moto " + path + " answered " + c.getResponseCode());
      }
    } catch (IOException e) {
      throw new IllegalStateException("moto " + path + " failed", e);
    }
  }

  /** Settings for Strato's clients pointed at this server with dummy credentials. */
  public AwsSettings settings() {
    return new AwsSettings(
        REGION,
        Optional.of(endpoint()),
        Optional.of(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))),
        3);
  }

  /** Fresh clients that sign with the given credentials (an IAM user's key under IAM mode). */
  public AwsClients clients(AwsCredentialsProvider credentials) {
    return new AwsClients(
        new AwsSettings(REGION, Optional.of(endpoint()), Optional.of(credentials), 3),
        CalledActions.metrics(),
        List.of());
  }

  /** Fresh clients with their own call metrics, so a test can count the calls it caused. */
  public AwsClients clients() {
    return clients(List.of());
  }

  /** Fresh clients whose calls also pass through the given interceptors (faults, crashes). */
  public AwsClients clients(List<ExecutionInterceptor> interceptors) {
    return new AwsClients(settings(), CalledActions.metrics(), interceptors);
  }

  public void stop() {
    emulator.close();
  }
}
