package io.strato.cloud.aws.cluster.eks;

import io.strato.cloud.CloudNames;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Deterministic EKS names and client tokens: pure functions of the cluster's name and UID, so a
 * restart finds what exists, and a cluster deleted and made again under the same name (new UID)
 * never meets the old one still being torn down.
 */
public final class EksNames {

  /** EKS allows 100 characters for a cluster name and 63 for a node group name. */
  static final int CLUSTER_MAX = 100;

  static final int NODEGROUP_MAX = 63;

  private EksNames() {}

  /** {@code strato-<name>-<hash8(uid)>}, at most 100 characters. */
  public static String cluster(String name, String uid) {
    String suffix = "-" + CloudNames.hash8(uid);
    return "strato-" + fit(name, CLUSTER_MAX - "strato-".length() - suffix.length()) + suffix;
  }

  /** {@code <node group>-<hash8(uid, node group)>}, at most 63 characters. */
  public static String nodegroup(String uid, String nodeGroup) {
    String suffix = "-" + CloudNames.hash8(uid, nodeGroup);
    String base = fit(nodeGroup, NODEGROUP_MAX - suffix.length());
    // EKS wants a letter or digit first.
    return (base.isEmpty() ? "ng" : base) + suffix;
  }

  /**
   * A client request token for one create: the same request gives the same token, so EKS answers a
   * retried create (say, after a lost response) with what it already made.
   */
  public static String token(String... parts) {
    return UUID.nameUUIDFromBytes(String.join("\u0000", parts).getBytes(StandardCharsets.UTF_8))
        .toString();
  }

  /** Keeps EKS's characters ([A-Za-z0-9_-]), cuts to {@code max}, drops leading/trailing dashes. */
  static String fit(String s, int max) {
    String clean = s.replaceAll("[^A-Za-z0-9_-]", "-");
    String cut = clean.length() <= max ? clean : clean.substring(0, max);
    return cut.replaceAll("^[-_]+", "").replaceAll("-+$", "");
  }
}
