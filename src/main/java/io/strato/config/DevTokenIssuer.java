package io.strato.config;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.jwt.build.Jwt;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Dev mode only ({@code strato.auth.dev-token=true}): writes an admin token to a file readable by
 * the owner only, signed with the key pair Quarkus generates for dev mode (and trusts in dev mode
 * only). The token itself is never logged; the log says where it is and how to use it.
 */
@ApplicationScoped
public class DevTokenIssuer {

  private static final Logger LOG = Logger.getLogger(DevTokenIssuer.class);
  static final Duration LIFETIME = Duration.ofHours(24);

  /** The audience dev mode expects when none is configured (application.properties says so). */
  static final String DEV_AUDIENCE = "strato";

  void issue(@Observes StartupEvent event, StratoConfig config) throws IOException {
    if (!config.auth().devToken()) {
      return;
    }
    String token =
        Jwt.issuer(config.auth().issuer())
            .audience(config.auth().audience().orElse(DEV_AUDIENCE))
            .upn("dev-admin")
            .groups(Set.of(config.auth().roleGroups().admin().get(0)))
            .expiresIn(LIFETIME)
            .sign();
    Path file = Path.of(config.dataDir()).resolve("dev-token");
    Files.createDirectories(file.getParent());
    writeOwnerOnly(file, token);
    LOG.infof(
        "Dev mode: an admin token valid for %dh is in %s. Use it with:%n"
            + "  export STRATO_TOKEN=$(cat %s)%n"
            + "  curl -H \"Authorization: Bearer $STRATO_TOKEN\" localhost:8080/api/v1/load-balancers",
        LIFETIME.toHours(), file, file);
  }

  private static void writeOwnerOnly(Path file, String content) throws IOException {
    Files.deleteIfExists(file);
    Files.createFile(
        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(file, content);
  }
}
