package io.strato.cloud.aws.asg;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A stable digest of a few strings, used for EC2 client tokens (at most 64 ASCII characters) and
 * for comparing launch template content. Parts are separated so that ("ab", "c") and ("a", "bc")
 * differ.
 */
final class Fingerprint {

  private Fingerprint() {}

  static String of(String... parts) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (String part : parts) {
        sha.update(String.valueOf(part).getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
