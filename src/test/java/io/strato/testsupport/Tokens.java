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

  /** The audience the test profile requires ({@code %test.strato.auth.audience}). */
  public static final String AUDIENCE = "strato";

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
    return Jwt.issuer(ISSUER)
        .audience(AUDIENCE)
        .upn("test-" + String.join("-", groups))
        .groups(Set.of(groups))
        .sign();
  }

  public static String expired() {
    long past = System.currentTimeMillis() / 1000 - 3600;
    return Jwt.issuer(ISSUER)
        .audience(AUDIENCE)
        .upn("late")
        .groups(Set.of("admin"))
        .issuedAt(past - 60)
        .expiresAt(past)
        .sign();
  }

  public static String wrongIssuer() {
    return Jwt.issuer("someone-else").audience(AUDIENCE).upn("x").groups(Set.of("admin")).sign();
  }

  /** An admin token for another service: right issuer and key, wrong audience. */
  public static String wrongAudience() {
    return Jwt.issuer(ISSUER).audience("another-service").upn("x").groups(Set.of("admin")).sign();
  }

  /** An admin token that names no audience at all. */
  public static String noAudience() {
    return Jwt.issuer(ISSUER).upn("x").groups(Set.of("admin")).sign();
  }

  /** An admin token whose {@code nbf} is an hour away. */
  public static String notYetValid() {
    long now = System.currentTimeMillis() / 1000;
    return Jwt.issuer(ISSUER)
        .audience(AUDIENCE)
        .upn("early")
        .groups(Set.of("admin"))
        .claim("nbf", now + 3600)
        .expiresAt(now + 7200)
        .sign();
  }

  /** An admin token with {@code "alg": "none"} and no signature: signed by nobody. */
  public static String algNone() {
    return encode("{\"alg\":\"none\",\"typ\":\"JWT\"}", adminClaims("unsigned")) + ".";
  }

  /**
   * The key-confusion attack: an HS256 token whose HMAC secret is the server's public key (which is
   * public), for a verifier that would take the algorithm from the token.
   */
  public static String hs256WithPublicKey() {
    try {
      String signed = encode("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", adminClaims("confused"));
      javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
      byte[] secret = Files.readAllBytes(resource("test-keys/public.pem"));
      mac.init(new javax.crypto.spec.SecretKeySpec(secret, "HmacSHA256"));
      byte[] sig = mac.doFinal(signed.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      return signed + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(sig);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String adminClaims(String upn) {
    long now = System.currentTimeMillis() / 1000;
    return String.format(
        "{\"iss\":\"%s\",\"aud\":\"%s\",\"upn\":\"%s\",\"groups\":[\"admin\"],"
            + "\"iat\":%d,\"exp\":%d}",
        ISSUER, AUDIENCE, upn, now, now + 600);
  }

  private static String encode(String header, String claims) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    return b64.encodeToString(header.getBytes(java.nio.charset.StandardCharsets.UTF_8))
        + "."
        + b64.encodeToString(claims.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** A well-formed admin token signed by a key the server does not trust. */
  public static String untrustedKey() {
    return Jwt.issuer(ISSUER)
        .audience(AUDIENCE)
        .upn("forger")
        .groups(Set.of("admin"))
        .expiresIn(Duration.ofMinutes(5))
        .sign(key("test-keys/other-private.pem"));
  }

  private static PrivateKey key(String resource) {
    try {
      Path path = resource(resource);
      String pem = Files.readString(path).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
      return KeyFactory.getInstance("RSA")
          .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
    } catch (Exception e) {
      throw new IllegalStateException("cannot read test key " + resource, e);
    }
  }

  private static Path resource(String name) {
    try {
      return Path.of(Tokens.class.getClassLoader().getResource(name).toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
