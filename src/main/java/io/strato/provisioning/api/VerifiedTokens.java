package io.strato.provisioning.api;

import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.function.LongSupplier;
import javax.crypto.SecretKey;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The bearer-token verifier Quarkus uses, with a memory of tokens it has already verified. Checking
 * an RS256 signature and parsing the claims was the largest single cost of a GET (a fifth of its
 * CPU in a JFR profile under wrk), and a client sends the same token with every request.
 *
 * <p>The semantics stay the verifier's: only a token that {@link DefaultJWTParser} accepted is
 * remembered, a remembered token is served only before its {@code exp} (the verifier's clock-skew
 * grace is not extended to the memory: past {@code exp} the verifier decides again), and no longer
 * than {@link VerifiedTokenMemory#MAX_AGE_SECONDS} so that a rotated-out key stops being honoured
 * as quickly as a JWKS refresh would notice. Tokens are held in memory only, never logged.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class VerifiedTokens implements JWTParser {

  private final DefaultJWTParser verifier;
  private final VerifiedTokenMemory memory;

  @Inject
  public VerifiedTokens(DefaultJWTParser verifier) {
    this(verifier, () -> System.currentTimeMillis() / 1000);
  }

  VerifiedTokens(DefaultJWTParser verifier, LongSupplier epochSeconds) {
    this.verifier = verifier;
    this.memory = new VerifiedTokenMemory(VerifiedTokenMemory.MAX_TOKENS, epochSeconds);
  }

  @Override
  public JsonWebToken parse(String token) throws ParseException {
    JsonWebToken known = memory.find(token);
    if (known != null) {
      return known;
    }
    JsonWebToken verified = verifier.parse(token);
    memory.remember(token, verified);
    return verified;
  }

  // Everything else goes to the verifier unchanged: only the default verification is remembered.

  @Override
  public JsonWebToken parse(String token, JWTAuthContextInfo context) throws ParseException {
    return verifier.parse(token, context);
  }

  @Override
  public JsonWebToken verify(String token, PublicKey key) throws ParseException {
    return verifier.verify(token, key);
  }

  @Override
  public JsonWebToken verify(String token, SecretKey key) throws ParseException {
    return verifier.verify(token, key);
  }

  @Override
  public JsonWebToken verify(String token, String secret) throws ParseException {
    return verifier.verify(token, secret);
  }

  @Override
  public JsonWebToken decrypt(String token, PrivateKey key) throws ParseException {
    return verifier.decrypt(token, key);
  }

  @Override
  public JsonWebToken decrypt(String token, SecretKey key) throws ParseException {
    return verifier.decrypt(token, key);
  }

  @Override
  public JsonWebToken decrypt(String token, String secret) throws ParseException {
    return verifier.decrypt(token, secret);
  }

  @Override
  public JsonWebToken parseOnly(String token) throws ParseException {
    return verifier.parseOnly(token);
  }
}
