package io.strato.config;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.jwt.build.Jwt;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Dev mode only ({@code strato.auth.dev-token=true}): makes a local RSA key pair, whose public half
 * the dev profile trusts, and writes an admin token signed with it to a file readable by the owner
 * only. The token itself is never logged; the log says where it is and how to use it.
 */
@ApplicationScoped
public class DevTokenIssuer {

  private static final Logger LOG = Logger.getLogger(DevTokenIssuer.class);
  static final Duration LIFETIME = Duration.ofHours(24);

  void issue(@Observes @Priority(1) StartupEvent event, StratoConfig config) throws Exception {
    if (!config.auth().devToken()) {
      return;
    }
    Path dir = Path.of(config.dataDir());
    PrivateKey key = keyPair(dir.resolve("dev-keys"));
    String token =
        Jwt.issuer(config.auth().issuer())
            .upn("dev-admin")
            .groups(Set.of("admin"))
            .expiresIn(LIFETIME)
            .sign(key);
    Path file = dir.resolve("dev-token");
    writeOwnerOnly(file, token);
    LOG.infof(
        "Dev mode: an admin token valid for %s is in %s. Use it with:%n"
            + "  export STRATO_TOKEN=$(cat %s)%n"
            + "  curl -H \"Authorization: Bearer $STRATO_TOKEN\" http://localhost:8080/api/v1/load-balancers",
        LIFETIME.toHours() + "h", file, file);
  }

  /** Loads the dev key pair from the directory, making it on first use. */
  static PrivateKey keyPair(Path dir) throws Exception {
    Path priv = dir.resolve("private.pem");
    Path pub = dir.resolve("public.pem");
    if (Files.exists(priv) && Files.exists(pub)) {
      String pem = Files.readString(priv);
      byte[] der = Base64.getMimeDecoder().decode(strip(pem));
      return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
    }
    Files.createDirectories(dir);
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    KeyPair pair = generator.generateKeyPair();
    writeOwnerOnly(priv, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
    Files.writeString(pub, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
    return pair.getPrivate();
  }

  private static String strip(String pem) {
    return pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  private static void writeOwnerOnly(Path file, String content) throws IOException {
    Files.deleteIfExists(file);
    Files.createFile(
        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(file, content);
  }
}
