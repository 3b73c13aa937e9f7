package io.strato.cloud.aws.elb;

import io.strato.cloud.loadbalancer.ListenerSpec;
import io.strato.cloud.loadbalancer.TargetType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Deterministic target group names: {@code <prefix>-<8 hex>}, at most 32 characters (the AWS
 * limit). The prefix comes from the load balancer name, so a sweep can find a load balancer's
 * groups without the load balancer. The hash covers what AWS cannot change on an existing target
 * group (protocol, port, target type), so changing any of them yields a new name, hence a new
 * group, and the old one is removed once the listener has moved.
 */
final class TargetGroupNames {

  static final int MAX_LENGTH = 32;
  private static final int HASH_LENGTH = 8;
  private static final int PREFIX_LENGTH = MAX_LENGTH - HASH_LENGTH - 1;
  private static final Pattern HASH = Pattern.compile("[0-9a-f]{" + HASH_LENGTH + "}");

  private TargetGroupNames() {}

  /** The load balancer name cut to fit, without a trailing hyphen (AWS forbids "--" and "-$"). */
  static String prefix(String loadBalancerName) {
    String prefix =
        loadBalancerName.length() > PREFIX_LENGTH
            ? loadBalancerName.substring(0, PREFIX_LENGTH)
            : loadBalancerName;
    while (prefix.endsWith("-")) {
      prefix = prefix.substring(0, prefix.length() - 1);
    }
    return prefix;
  }

  static String of(String loadBalancerName, ListenerSpec listener, TargetType targetType) {
    String identity =
        String.join(
            "|",
            loadBalancerName,
            Integer.toString(listener.port()),
            listener.targetProtocol(),
            Integer.toString(listener.targetPort()),
            targetType.name());
    return prefix(loadBalancerName) + "-" + sha256Hex(identity).substring(0, HASH_LENGTH);
  }

  /**
   * Whether a target group name has the shape of one of this load balancer's groups. Names alone
   * can collide (two load balancers sharing the first 23 characters), so callers also check tags.
   */
  static boolean matches(String targetGroupName, String loadBalancerName) {
    String prefix = prefix(loadBalancerName) + "-";
    return targetGroupName.length() == prefix.length() + HASH_LENGTH
        && targetGroupName.startsWith(prefix)
        && HASH.matcher(targetGroupName.substring(prefix.length())).matches();
  }

  private static String sha256Hex(String value) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
