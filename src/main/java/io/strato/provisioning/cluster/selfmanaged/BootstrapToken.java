package io.strato.provisioning.cluster.selfmanaged;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The kubeadm bootstrap token and certificate key of one cluster, derived with HMAC-SHA256 from
 * Strato's bootstrap secret and the cluster's UID. Derived rather than generated so that a restart
 * renders byte-identical user data (no new launch template version, no new instances) while nothing
 * secret is stored in the status or the database. A cluster deleted and created again under the
 * same name has a new UID, so new credentials. {@link #toString()} hides both values, so a record
 * that reaches a log line leaks nothing.
 *
 * @param token {@code [a-z0-9]{6}.[a-z0-9]{16}}, the form kubeadm requires
 * @param certificateKey 64 hex digits (an AES-256 key kubeadm encrypts the uploaded certs with)
 */
public record BootstrapCredentials(String token, String certificateKey) {

  private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

  /** The largest multiple of 36 under 256: bytes at or above it are skipped to avoid bias. */
  private static final int UNBIASED_LIMIT = 252;

  public static BootstrapCredentials derive(byte[] secret, String clusterUid) {
    if (secret == null || secret.length < 16) {
      throw new IllegalArgumentException("the bootstrap secret must be at least 16 bytes");
    }
    String chars = tokenChars(secret, clusterUid, 22);
    return new BootstrapCredentials(
        chars.substring(0, 6) + "." + chars.substring(6),
        HexFormat.of().formatHex(hmac(secret, "kubeadm-certificate-key", clusterUid, 0)));
  }

  /** The token's public half, safe to log and to show: kubeadm lists tokens by it. */
  public String tokenId() {
    return token.substring(0, 6);
  }

  @Override
  public String toString() {
    return "BootstrapCredentials[tokenId=" + tokenId() + ", secrets hidden]";
  }

  private static String tokenChars(byte[] secret, String uid, int count) {
    StringBuilder out = new StringBuilder(count);
    for (int block = 0; out.length() < count; block++) {
      for (byte b : hmac(secret, "kubeadm-token", uid, block)) {
        int v = b & 0xff;
        if (v < UNBIASED_LIMIT && out.length() < count) {
          out.append(ALPHABET.charAt(v % ALPHABET.length()));
        }
      }
    }
    return out.toString();
  }

  private static byte[] hmac(byte[] secret, String purpose, String uid, int block) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      // NUL-separated so that ("a", "bc") and ("ab", "c") never meet.
      mac.update(purpose.getBytes(StandardCharsets.UTF_8));
      mac.update((byte) 0);
      mac.update(uid.getBytes(StandardCharsets.UTF_8));
      mac.update((byte) 0);
      mac.update((byte) block);
      return mac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JRE", e);
    }
  }
}
