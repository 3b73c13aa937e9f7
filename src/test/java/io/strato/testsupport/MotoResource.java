package io.strato.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Map;

/**
 * Points the Strato under test at the shared moto server. Credentials for the emulator go in as the
 * SDK's system properties, the way a user's environment would provide them.
 */
public class MotoResource implements QuarkusTestResourceLifecycleManager {

  @Override
  public Map<String, String> start() {
    MotoServer moto = MotoServer.shared();
    System.setProperty("aws.accessKeyId", "test");
    System.setProperty("aws.secretAccessKey", "test");
    return Map.of(
        "strato.aws.endpoint",
        moto.endpoint().toString(),
        "strato.aws.region",
        MotoServer.REGION,
        "strato.aws.emulator",
        "off",
        "strato.reconcile.poll-interval",
        "PT0.2S",
        "strato.data-dir",
        freshDataDir());
  }

  /** Each test JVM starts from an empty store, as the emulator it talks to is empty. */
  private static String freshDataDir() {
    try {
      return Files.createTempDirectory("strato-test-").toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void stop() {
    // The server is shared by every test class in this JVM and stops at exit.
  }
}
