package io.strato.startup;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The training run of the image build's ahead-of-time cache (src/main/docker/Dockerfile.jvm). The
 * build starts Strato on the image's JDK 25 with {@code -XX:AOTCacheOutput} and {@code
 * -Dio.strato.cds.training=true}: it starts as in production, answers one readiness probe, so the
 * classes of the first request are cached with those of start-up, and exits; the JVM then writes
 * every class it loaded and linked into the cache. Quarkus' own AppCDS mode ({@code
 * -Dquarkus.appcds.generate}) stops after static initialisation, before the store, Flyway and the
 * HTTP servers: of the ~10,000 classes a start loads, its archive held 4,900 and a training run to
 * the first ready answer 7,200 (-Xlog:class+load, JDK 17's archive, which this class trained before
 * the image moved to JDK 25).
 *
 * <p>A system property outside the strato.* keys: it is the image build's switch, which no
 * deployment should set (the process exits once started), so it stays out of the configuration a
 * user reads (and the strato.* mapping refuses keys it does not know).
 */
@ApplicationScoped
public class ArchiveTraining {

  static final String SWITCH = "io.strato.cds.training";

  private static final Logger LOG = Logger.getLogger(ArchiveTraining.class);

  /**
   * Polls for this long before giving up: the image build then fails rather than ship no archive.
   */
  private static final int ATTEMPTS = 600;

  /** After every other start-up observer: the archive should hold what they load too. */
  void exitWhenReady(
      @Observes @Priority(Integer.MAX_VALUE) StartupEvent event,
      @ConfigProperty(name = "quarkus.management.port", defaultValue = "9000") int port,
      @ConfigProperty(name = "strato.data-dir", defaultValue = ".strato") String dataDir) {
    if (!Boolean.getBoolean(SWITCH)) {
      return;
    }
    removeAtExit(Path.of(dataDir));
    URI probe = URI.create("http://127.0.0.1:" + port + "/q/health/ready");
    Thread trainer =
        new Thread(
            () -> {
              boolean ready = probeUntilReady(probe);
              LOG.infof(
                  "Class-data sharing training: %s; exiting so the JVM writes the archive",
                  ready ? "ready" : "never ready");
              Quarkus.asyncExit(ready ? 0 : 1);
            },
            "cds-training");
    trainer.setDaemon(true);
    trainer.start();
  }

  /**
   * The training starts on an H2 file store, as a deployment does, so that the cache holds the
   * classes of H2's file store too (~100 classes that an in-memory store never loads, each then
   * looked up along the whole class path at every start). The store is thrown away when the JVM
   * exits, after Quarkus closed it, so the image keeps nothing of it; only under the temporary
   * directory, so that a mistaken switch never removes a real store.
   */
  static void removeAtExit(Path dataDir) {
    Path dir = dataDir.toAbsolutePath().normalize();
    Path tmp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().normalize();
    if (!dir.startsWith(tmp) || dir.equals(tmp)) {
      LOG.infof("Training store %s is outside %s: left in place", dir, tmp);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> removeTree(dir), "cds-training-cleanup"));
  }

  static void removeTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      LOG.warnf("could not remove the training store %s: %s", dir, e.getMessage());
    }
  }

  /** Runs on the trainer thread: start-up has to finish before the probe can be answered. */
  static boolean probeUntilReady(URI probe) {
    for (int i = 0; i < ATTEMPTS; i++) {
      try {
        HttpURLConnection c = (HttpURLConnection) probe.toURL().openConnection();
        try {
          if (c.getResponseCode() == 200) {
            return true;
          }
        } finally {
          c.disconnect();
        }
      } catch (IOException notYet) {
        // the management port is not listening yet
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return false;
  }
}
