package io.strato.cloud;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Deterministic cloud names. A name is a pure function of the owner's name and UID, so a retry or a
 * restart looks up the same name instead of creating a twin, and a resource deleted and created
 * again under the same name (new UID) never collides with the old one still being torn down.
 */
public final class CloudNames {

  /** AWS: load balancer and target group names are at most 32 characters. */
  public static final int AWS_ELB_NAME_MAX = 32;

  private CloudNames() {}

  /**
   * An NLB name: the resource name cut to fit, a dash, and 8 hex digits of the UID's hash. AWS
   * forbids names starting with {@code internal-} or ending with a dash.
   */
  public static String loadBalancer(String name, String uid) {
    String base = name.startsWith("internal-") ? "lb-" + name : name;
    return fit(base, AWS_ELB_NAME_MAX - 9) + "-" + hash8(uid);
  }

  /** A launch template and Auto Scaling group name (AWS allows 128 and 255 characters). */
  public static String nodeGroup(String name, String uid) {
    return "strato-" + fit(name, 100) + "-" + hash8(uid);
  }

  static String fit(String s, int max) {
    String cut = s.length() <= max ? s : s.substring(0, max);
    while (cut.endsWith("-")) {
      cut = cut.substring(0, cut.length() - 1);
    }
    return cut;
  }

  /** The first 8 hex digits of SHA-256 over the parts joined by a NUL. */
  public static String hash8(String... parts) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (String part : parts) {
        digest.update(part.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
      }
      return HexFormat.of().formatHex(digest.digest()).substring(0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
  }
}
