package io.strato.cloud.aws.elb;

import io.strato.cloud.Ownership;
import io.strato.cloud.loadbalancer.Scheme;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which discovered subnets a load balancer uses, as cloud-provider-aws decides it: subnets carrying
 * the role tag of the scheme, only those tagged for the cluster when a cluster ID is known, and one
 * subnet per zone (a cluster-tagged one first, then the lowest subnet ID, so the answer is stable).
 */
final class SubnetChoice {

  static final String PUBLIC_ROLE_TAG = "kubernetes.io/role/elb";
  static final String INTERNAL_ROLE_TAG = "kubernetes.io/role/internal-elb";

  /** A subnet as discovery sees it. */
  record Candidate(String id, String zone, String vpcId, Map<String, String> tags) {}

  private SubnetChoice() {}

  static String roleTag(Scheme scheme) {
    return scheme == Scheme.INTERNAL ? INTERNAL_ROLE_TAG : PUBLIC_ROLE_TAG;
  }

  /** The chosen subnets, ordered by zone; empty when none qualifies. */
  static List<Candidate> choose(List<Candidate> candidates, Scheme scheme, String clusterId) {
    String role = roleTag(scheme);
    Map<String, Candidate> byZone = new TreeMap<>();
    candidates.stream()
        .filter(c -> hasRole(c, role))
        .filter(c -> clusterId == null || taggedFor(c, clusterId))
        .sorted(preference(clusterId))
        .forEach(c -> byZone.putIfAbsent(c.zone(), c));
    return List.copyOf(byZone.values());
  }

  /** A human sentence naming the tags discovery looked for, for the NoSuitableSubnets message. */
  static String describeSearch(Scheme scheme, String clusterId, String vpcId) {
    StringBuilder text =
        new StringBuilder("no subnet tagged ")
            .append(roleTag(scheme))
            .append(" (value 1 or empty)");
    if (clusterId != null) {
      text.append(" and ")
          .append(Ownership.CLUSTER_TAG_PREFIX)
          .append(clusterId)
          .append(" (owned or shared)");
    }
    if (vpcId != null) {
      text.append(" in ").append(vpcId);
    }
    return text.append(
            "; tag one subnet per availability zone for this scheme, or list the subnets"
                + " explicitly")
        .toString();
  }

  private static boolean hasRole(Candidate c, String roleTag) {
    String value = c.tags().get(roleTag);
    return value != null && (value.isEmpty() || value.equals("1"));
  }

  private static boolean taggedFor(Candidate c, String clusterId) {
    return c.tags().containsKey(Ownership.CLUSTER_TAG_PREFIX + clusterId);
  }

  private static boolean clusterTagged(Candidate c) {
    return c.tags().keySet().stream().anyMatch(k -> k.startsWith(Ownership.CLUSTER_TAG_PREFIX));
  }

  private static Comparator<Candidate> preference(String clusterId) {
    Comparator<Candidate> clusterFirst =
        Comparator.comparing(
            (Candidate c) -> !(clusterId == null ? clusterTagged(c) : taggedFor(c, clusterId)));
    return clusterFirst.thenComparing(Candidate::id);
  }
}
