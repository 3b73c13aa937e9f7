package io.strato.cloud.gcp.cluster;

import io.strato.cloud.CloudNames;
import io.strato.cloud.cluster.ClusterContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * GKE names and ownership labels.
 *
 * <p>GCP labels allow only lowercase letters, digits, {@code _} and {@code -} (keys start with a
 * letter, both at most 63 characters), so Strato's AWS ownership tags ({@code strato.io/owner}) are
 * rewritten as {@code strato-owner}, {@code strato-managed-by} and {@code strato-resource}. The
 * owner label carries the UID itself when it is a valid label value (Strato's UIDs are lowercase
 * UUIDs, so an operator can match a cluster to its resource by eye), and otherwise a 56-digit
 * SHA-256 prefix of it: ownership must never depend on a short hash that two UIDs could share.
 */
public final class GkeNames {

  public static final String OWNER_LABEL = "strato-owner";
  public static final String MANAGED_BY_LABEL = "strato-managed-by";
  public static final String RESOURCE_LABEL = "strato-resource";

  /** On fixed-size node pools: the node count (per zone) Strato last set, see NodePoolSize. */
  public static final String NODE_COUNT_LABEL = "strato-node-count";

  /** GKE cluster names: at most 40 characters, lowercase, starting with a letter. */
  static final int MAX_CLUSTER_NAME = 40;

  private GkeNames() {}

  /** {@code strato-<name cut>-<hash8(uid)>}, at most 40 characters. */
  public static String cluster(String name, String uid) {
    String suffix = "-" + CloudNames.hash8(uid);
    String base = "strato-" + name;
    int room = MAX_CLUSTER_NAME - suffix.length();
    String cut = base.length() <= room ? base : base.substring(0, room);
    while (cut.endsWith("-")) {
      cut = cut.substring(0, cut.length() - 1);
    }
    return cut + suffix;
  }

  public static String ownerValue(String uid) {
    if (uid.matches("[a-z0-9_-]{1,63}")) {
      return uid;
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(uid.getBytes(StandardCharsets.UTF_8));
      return "sha256-" + HexFormat.of().formatHex(digest).substring(0, 56);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
  }

  /** The labels on the cluster and every node VM: ownership, then the user's tags. */
  public static Map<String, String> labels(ClusterContext cluster, Map<String, String> extra) {
    Map<String, String> labels = new LinkedHashMap<>();
    if (cluster.spec().tags() != null) {
      labels.putAll(cluster.spec().tags());
    }
    if (extra != null) {
      labels.putAll(extra);
    }
    labels.put(MANAGED_BY_LABEL, "strato");
    labels.put(OWNER_LABEL, ownerValue(cluster.uid()));
    labels.put(RESOURCE_LABEL, cut("cluster-" + cluster.name(), 63));
    return labels;
  }

  /**
   * Labels without Google's own ({@code goog-*}, which GCP products add to resources they manage):
   * what Strato compares with the spec, and keeps when it replaces the labels.
   */
  public static Map<String, String> withoutGoogle(Map<String, String> labels) {
    Map<String, String> ours = new LinkedHashMap<>(labels);
    ours.keySet().removeIf(k -> k.startsWith("goog-"));
    return ours;
  }

  /** Google's own labels of a resource. */
  public static Map<String, String> google(Map<String, String> labels) {
    Map<String, String> theirs = new LinkedHashMap<>(labels);
    theirs.keySet().removeIf(k -> !k.startsWith("goog-"));
    return theirs;
  }

  /** Whether a cluster carrying these labels belongs to the owner UID. */
  public static boolean owns(String uid, Map<String, String> labels) {
    return ownerValue(uid).equals(labels.get(OWNER_LABEL));
  }

  private static String cut(String s, int max) {
    String cut = s.length() <= max ? s : s.substring(0, max);
    while (cut.endsWith("-")) {
      cut = cut.substring(0, cut.length() - 1);
    }
    return cut;
  }
}
