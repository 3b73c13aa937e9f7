package io.strato.provisioning.api;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.eclipse.microprofile.jwt.Claims;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Tokens already verified, by their exact text, each until the earlier of its {@code exp} and
 * {@link #MAX_AGE_SECONDS} after it was verified. Bounded: past {@code maxTokens} the expired ones
 * go first, then all (the cost of a full memory is one verification per client, not an error).
 */
final class VerifiedTokenMemory {

  static final int MAX_TOKENS = 10_000;
  static final long MAX_AGE_SECONDS = 60;

  private record Verified(JsonWebToken token, long until) {}

  private final int maxTokens;
  private final LongSupplier epochSeconds;
  private final Map<String, Verified> verified = new ConcurrentHashMap<>();

  VerifiedTokenMemory(int maxTokens, LongSupplier epochSeconds) {
    this.maxTokens = maxTokens;
    this.epochSeconds = epochSeconds;
  }

  /** The verified token, or null when it is unknown or its time is up. */
  JsonWebToken find(String raw) {
    Verified v = verified.get(raw);
    if (v == null) {
      return null;
    }
    if (epochSeconds.getAsLong() >= v.until()) {
      verified.remove(raw, v);
      return null;
    }
    return v.token();
  }

  void remember(String raw, JsonWebToken token) {
    long now = epochSeconds.getAsLong();
    // A token without exp is never remembered: the verifier alone decides what such a token is
    // worth.
    Object claim = token.getClaim(Claims.exp.name());
    long exp = claim instanceof Number n ? n.longValue() : 0;
    if (exp <= now) {
      return;
    }
    if (verified.size() >= maxTokens) {
      verified.values().removeIf(v -> now >= v.until());
      if (verified.size() >= maxTokens) {
        verified.clear();
      }
    }
    verified.put(raw, new Verified(token, Math.min(exp, now + MAX_AGE_SECONDS)));
  }

  int size() {
    return verified.size();
  }
}
