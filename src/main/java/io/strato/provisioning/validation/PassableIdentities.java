package io.strato.provisioning.validation;

import io.strato.provisioning.validation.IamReference.Type;
import java.util.List;

/**
 * The IAM roles and instance profiles a spec may name. Without this check anyone allowed to create
 * a node group could launch an instance running their own script as any EC2-assumable role in the
 * account (issue 14): the spec, not Strato's IAM policy, would decide what Strato passes.
 *
 * <p>Each allow-list entry is exact or a prefix ending in {@code *}. An entry that starts with
 * {@code arn:} is matched against the whole ARN; any other entry against the path and name after
 * {@code role/} or {@code instance-profile/} (or against a bare instance profile name). An empty
 * list means what the Terraform module's {@code iam:PassRole} scope allows: names that start with
 * the role prefix ({@code strato.aws.role-prefix}, default {@code strato-}), the same rule as the
 * policy's {@code role/strato-*} resource pattern, so a spec that passes here is not refused by IAM
 * later.
 */
public final class PassableIdentities {

  private final String prefix;
  private final List<String> roles;
  private final List<String> profiles;

  public PassableIdentities(String prefix, List<String> roles, List<String> profiles) {
    this.prefix = prefix;
    this.roles = List.copyOf(roles);
    this.profiles = List.copyOf(profiles);
  }

  /** Roles and profiles named with the default prefix only: what an unconfigured Strato allows. */
  public static PassableIdentities byPrefix(String prefix) {
    return new PassableIdentities(prefix, List.of(), List.of());
  }

  public void check(Validation v, List<IamReference> references) {
    for (IamReference r : references) {
      if (r.value() != null && !allowed(r)) {
        v.fail(r.field(), refusal(r.type()));
      }
    }
  }

  boolean allowed(IamReference r) {
    List<String> patterns = r.type() == Type.ROLE ? roles : profiles;
    String name = nameOf(r);
    if (patterns.isEmpty()) {
      return name.startsWith(prefix);
    }
    return patterns.stream().anyMatch(p -> matches(p, p.startsWith("arn:") ? r.value() : name));
  }

  private static boolean matches(String pattern, String subject) {
    return pattern.endsWith("*")
        ? subject.startsWith(pattern.substring(0, pattern.length() - 1))
        : subject.equals(pattern);
  }

  /** The path and name of the role or profile: what IAM's {@code role/strato-*} pattern sees. */
  static String nameOf(IamReference r) {
    String marker = ":" + r.type().arnResource + "/";
    int at = r.value().startsWith("arn:") ? r.value().indexOf(marker) : -1;
    return at < 0 ? r.value() : r.value().substring(at + marker.length());
  }

  private String refusal(Type type) {
    List<String> patterns = type == Type.ROLE ? roles : profiles;
    String what = type == Type.ROLE ? "role" : "instance profile";
    String key =
        type == Type.ROLE ? "strato.aws.allowed-roles" : "strato.aws.allowed-instance-profiles";
    if (patterns.isEmpty()) {
      return "Strato may pass only a "
          + what
          + " whose name starts with '"
          + prefix
          + "' (strato.aws.role-prefix) unless "
          + key
          + " lists it";
    }
    return "this " + what + " is not in " + key + " " + patterns;
  }
}
