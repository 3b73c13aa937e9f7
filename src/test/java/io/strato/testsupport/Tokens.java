package io.strato.testsupport;

import io.smallrye.jwt.build.Jwt;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;

/** Bearer tokens for API tests, signed with the test key the test profile trusts. */
public final class Tokens {

  public static final String ISSUER = "strato";

  private Tokens() {}

  public static String viewer() {
    return withGroups("viewer");
  }

  public static String operator() {
    return withGroups("operator");
  }

  public static String admin() {
    return withGroups("admin");
  }

  public static String withGroups(String... groups) {
    return Jwt.issuer(ISSUER).upn("test-" + String.join("-", groups)).groups(Set.of(groups)).sign();
  }

  public static String expired() {
    long past = System.currentTimeMillis() / 1000 - 3600;
    return Jwt.issuer(ISSUER)
        .upn("late")
        .groups(Set.of("admin"))
        .issuedAt(past - 60)
        .expiresAt(past)
        .sign();
  }

  public static String wrongIssuer() {
    return Jwt.issuer("someone-else").upn("x").groups(Set.of("admin")).sign();
  }

  /** A well-formed admin token signed by a key the server does not trust. */
  public static String untrustedKey() {
    return Jwt.issuer(ISSUER)
        .upn("forger")
        .groups(Set.of("admin"))
        .expiresIn(Duration.ofMinutes(5))
        .sign(key("test-keys/other-private.pem"));
  }

  private static PrivateKey key(String resource) {
    try {
      Path path = Path.of(Tokens.class.getClassLoader().getResource(resource).toURI());
      String pem = Files.readString(path).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
      return KeyFactory.getInstance("RSA")
          .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
    } catch (Exception e) {
      throw new IllegalStateException("cannot read test key " + resource, e);
    }
  }
}
