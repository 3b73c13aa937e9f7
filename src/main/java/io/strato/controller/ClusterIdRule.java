package io.strato.controller;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a CCM cluster ID may be. It becomes the tag key {@code kubernetes.io/cluster/<id>} on every
 * subnet, route table and load balancer of the cluster, so it must fit AWS's tag-key rules, and it
 * must not be the placeholder the manifests ship: two clusters started with {@code CHANGE-ME} in
 * one account would each take the other's resources for their own.
 */
final class ClusterIdRule {

  /** The value of {@code cluster-id} in providers/aws/cloud-config.yaml. */
  static final String PLACEHOLDER = "CHANGE-ME";

  static final String TAG_PREFIX = "kubernetes.io/cluster/";

  /** AWS tag keys: at most 128 characters. */
  static final int MAX_LENGTH = 128 - TAG_PREFIX.length();

  // AWS's tag character set (letters, digits, _ . : / = + - @), without spaces: a space in a tag
  // key is legal, but in a cluster ID it is always a copy-and-paste accident.
  private static final Pattern ALLOWED = Pattern.compile("[\\p{L}\\p{N}_.:/=+\\-@]+");

  private ClusterIdRule() {}

  /** Why this ID is refused, or empty when it is fine. */
  static Optional<String> problem(String id) {
    if (id.isBlank()) {
      return Optional.of("is empty");
    }
    if (id.strip().equalsIgnoreCase(PLACEHOLDER)) {
      return Optional.of(
          "is still the manifests' placeholder "
              + PLACEHOLDER
              + ": set cluster-id in the strato-cloud-config ConfigMap to this cluster's ID");
    }
    if (id.length() > MAX_LENGTH) {
      return Optional.of(
          "is "
              + id.length()
              + " characters; "
              + TAG_PREFIX
              + "<id> must fit AWS's 128-character tag keys, so at most "
              + MAX_LENGTH);
    }
    if (!ALLOWED.matcher(id).matches()) {
      return Optional.of(
          "may hold letters, digits and _ . : / = + - @ only (AWS tag rules, no spaces)");
    }
    if (id.startsWith("aws:")) {
      return Optional.of("must not start with aws:, which AWS reserves");
    }
    return Optional.empty();
  }
}
