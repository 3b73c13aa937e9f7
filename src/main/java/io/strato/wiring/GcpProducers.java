package io.strato.wiring;

import io.strato.cloud.aws.CloudCallMetrics;
import io.strato.cloud.gcp.GkeClient;
import io.strato.cloud.gcp.cluster.GkeClusterDriver;
import io.strato.config.StratoConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Builds the GCP side: the GKE client, pointed at {@code strato.gcp.endpoint} when set, else at
 * Strato's built-in GKE fake when the emulator mode asks for it (always, or auto without Google
 * credentials), else at Google with Application Default Credentials; and the GKE cluster driver.
 */
@ApplicationScoped
public class GcpProducers {

  private static final Logger LOG = Logger.getLogger(GcpProducers.class);

  /** What the fake serves when no project or location is configured. */
  static final String LOCAL_PROJECT = "strato-local";

  static final String LOCAL_LOCATION = "us-central1";

  private BuiltInGkeFake fake;

  @Produces
  @Singleton
  GkeClient gkeClient(StratoConfig config, CloudCallMetrics metrics) {
    StratoConfig.Gcp gcp = config.gcp();
    Optional<String> endpoint = gcp.endpoint();
    if (endpoint.isEmpty() && wantsFake(gcp.emulator())) {
      fake = BuiltInGkeFake.start();
      endpoint = Optional.of(fake.endpoint());
      LOG.infof(
          "No GKE endpoint or Google credentials are configured: Strato's built-in GKE fake serves"
              + " GKE at %s (project %s, location %s by default). It keeps clusters in memory and"
              + " runs no Kubernetes; nothing here touches a Google Cloud project.",
          fake.endpoint(),
          gcp.project().orElse(LOCAL_PROJECT),
          gcp.location().orElse(LOCAL_LOCATION));
    } else {
      LOG.infof(
          "GKE endpoint %s", endpoint.orElse("(Google's, with Application Default Credentials)"));
    }
    return GkeClient.connect(endpoint, metrics);
  }

  void closeGkeClient(@Disposes GkeClient client) {
    client.close();
    if (fake != null) {
      fake.close();
    }
  }

  @Produces
  @Singleton
  GkeClusterDriver gkeClusterDriver(GkeClient client, StratoConfig config) {
    StratoConfig.Gcp gcp = config.gcp();
    if (fake != null) {
      return new GkeClusterDriver(
          client,
          gcp.project().or(() -> Optional.of(LOCAL_PROJECT)),
          gcp.location().or(() -> Optional.of(LOCAL_LOCATION)));
    }
    return new GkeClusterDriver(client, gcp.project(), gcp.location());
  }

  static boolean wantsFake(StratoConfig.EmulatorMode mode) {
    return switch (mode) {
      case OFF -> false;
      case ALWAYS -> true;
      case AUTO -> !applicationDefaultCredentials();
    };
  }

  /**
   * Whether Application Default Credentials are configured by file. The metadata server (on GCE and
   * GKE) is not probed, as it costs seconds elsewhere: there, set the mode to {@code off}.
   */
  static boolean applicationDefaultCredentials() {
    String file = System.getenv("GOOGLE_APPLICATION_CREDENTIALS");
    if (file != null && !file.isBlank()) {
      return true;
    }
    String configDir = System.getenv("CLOUDSDK_CONFIG");
    Path dir =
        configDir != null && !configDir.isBlank()
            ? Path.of(configDir)
            : Path.of(System.getProperty("user.home"), ".config", "gcloud");
    return Files.exists(dir.resolve("application_default_credentials.json"));
  }
}
