package io.strato.cloud.cluster;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which AMI type an EKS managed node group runs. AWS publishes no Amazon Linux 2 AMI for Kubernetes
 * 1.33 and later, so AL2 types are refused there; a spec without an AMI type gets Amazon Linux
 * 2023, in its ARM build when the instance types are Graviton (EKS refuses an x86 AMI on them).
 */
public final class EksAmiTypes {

  public static final String AL2023_X86 = "AL2023_x86_64_STANDARD";
  public static final String AL2023_ARM = "AL2023_ARM_64_STANDARD";

  /** The first Kubernetes minor version with no EKS-optimized Amazon Linux 2 AMI. */
  public static final int FIRST_MINOR_WITHOUT_AL2 = 33;

  /** family, generation, attributes: m7gd is m, 7, gd. */
  private static final Pattern FAMILY = Pattern.compile("([a-z]+)(\\d+)([a-z-]*)");

  private EksAmiTypes() {}

  /** The type to create a node group with: the spec's, else AL2023 for the architecture. */
  public static String forCreate(String specAmiType, List<String> instanceTypes) {
    if (specAmiType != null) {
      return specAmiType;
    }
    boolean arm =
        !instanceTypes.isEmpty() && instanceTypes.stream().allMatch(EksAmiTypes::graviton);
    return arm ? AL2023_ARM : AL2023_X86;
  }

  public static boolean isAl2(String amiType) {
    return amiType.startsWith("AL2_");
  }

  public static boolean isArm(String amiType) {
    return amiType.contains("ARM_64");
  }

  /**
   * Graviton families carry a {@code g} among the attributes after the generation (m7g, c6gn, x2gd,
   * is4gen, g5g), plus the first one, a1. GPU families start with g instead (g5, g4dn).
   */
  public static boolean graviton(String instanceType) {
    String family =
        instanceType.contains(".")
            ? instanceType.substring(0, instanceType.indexOf('.'))
            : instanceType;
    if (family.equals("a1")) {
      return true;
    }
    Matcher m = FAMILY.matcher(family);
    return m.matches() && m.group(3).contains("g");
  }

  /** Whether the instance types mix Graviton and x86, which one node group cannot run. */
  public static Optional<String> mixedArchitectures(List<String> instanceTypes) {
    long arm = instanceTypes.stream().filter(EksAmiTypes::graviton).count();
    return arm > 0 && arm < instanceTypes.size()
        ? Optional.of("mix Graviton (ARM) and x86 instance types; one node group runs one AMI")
        : Optional.empty();
  }
}
