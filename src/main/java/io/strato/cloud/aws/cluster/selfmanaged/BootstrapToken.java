package io.strato.cloud.aws.cluster.selfmanaged;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The kubeadm bootstrap token of one cluster for one renewal window, with the instant it expires.
 *
 * <p>Time is cut into windows of half the TTL. The token of window {@code n} is issued at the
 * window's start and expires one TTL later, so the current token always has at least half its TTL
 * left, and the previous one stays valid for half a TTL after it was replaced (a node that fetched
 * it just before still joins). A token is never reused: the next window has a new one.
 *
 * <p>Derived with HMAC-SHA256 from Strato's bootstrap key, the cluster's UID and the window number,
 * rather than drawn at random, so that a restart (or a second replica) computes the same token for
 * the same window and writes nothing, and a retried write is recognised as the same one. The price:
 * whoever holds the bootstrap key can compute a cluster's future tokens, which is why that file is
 * readable by Strato's user only. {@link #toString()} hides the secret half.
 *
 * @param token {@code [a-z0-9]{6}.[a-z0-9]{16}}, the form kubeadm requires
 * @param window the renewal window it belongs to
 * @param expires when kubeadm stops accepting it
 */
public record BootstrapToken(String token, long window, Instant expires) {

  public static final Duration DEFAULT_TTL = Duration.ofHours(24);

  private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

  /** The largest multiple of 36 under 256: bytes at or above it are skipped to avoid bias. */
  private static final int UNBIASED_LIMIT = 252;

  /** The token that should be current at {@code now}. */
  public static BootstrapToken current(
      byte[] secret, String clusterUid, Instant now, Duration ttl) {
    if (secret == null || secret.length < 16) {
      throw new IllegalArgumentException("the bootstrap secret must be at least 16 bytes");
    }
    long half = halfTtlSeconds(ttl);
    long window = Math.floorDiv(now.getEpochSecond(), half);
    String chars = tokenChars(secret, clusterUid, window, 22);
    return new BootstrapToken(
        chars.substring(0, 6) + "." + chars.substring(6),
        window,
        Instant.ofEpochSecond(window * half).plus(ttl));
  }

  /** The token's public half, safe to log and to show: kubeadm lists tokens by it. */
  public String tokenId() {
    return token.substring(0, 6);
  }

  /** What the node reads from the secret: the token and its expiry (RFC 3339), on one line. */
  String secretValue() {
    return token + " " + expires;
  }

  @Override
  public String toString() {
    return "BootstrapToken[tokenId="
        + tokenId()
        + ", window="
        + window
        + ", expires="
        + expires
        + "]";
  }

  private static long halfTtlSeconds(Duration ttl) {
    // kubeadm refuses a TTL under one second, and a window under a minute would renew on every
    // poll.
    if (ttl.compareTo(Duration.ofMinutes(2)) < 0) {
      throw new IllegalArgumentException("the bootstrap token TTL must be at least 2 minutes");
    }
    return ttl.toSeconds() / 2;
  }

  private static String tokenChars(byte[] secret, String uid, long window, int count) {
    StringBuilder out = new StringBuilder(count);
    for (int block = 0; out.length() < count; block++) {
      for (byte b : hmac(secret, uid, window, block)) {
        int v = b & 0xff;
        if (v < UNBIASED_LIMIT && out.length() < count) {
          out.append(ALPHABET.charAt(v % ALPHABET.length()));
        }
      }
    }
    return out.toString();
  }

  private static byte[] hmac(byte[] secret, String uid, long window, int block) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      // NUL-separated so that ("a", "bc") and ("ab", "c") never meet.
      mac.update("kubeadm-token".getBytes(StandardCharsets.UTF_8));
      mac.update((byte) 0);
      mac.update(uid.getBytes(StandardCharsets.UTF_8));
      mac.update((byte) 0);
      mac.update(Long.toString(window).getBytes(StandardCharsets.UTF_8));
      mac.update((byte) 0);
      mac.update((byte) block);
      return mac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JRE", e);
    }
  }
}
