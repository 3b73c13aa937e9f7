package io.strato.cloud.nodegroup;

/**
 * How a node group replaces its instances when their launch template changes, as Kubernetes
 * Deployments and EKS managed node groups bound it: at most {@code maxSurge} instances above the
 * group's capacity, at most {@code maxUnavailable} below it. Both zero could never move.
 */
public record RolloutPolicy(int maxSurge, int maxUnavailable) {

  /** Surge first and never below capacity: the safe default for both workers and members. */
  public static final RolloutPolicy DEFAULT = new RolloutPolicy(1, 0);

  public RolloutPolicy {
    if (maxSurge < 0 || maxUnavailable < 0 || maxSurge + maxUnavailable == 0) {
      throw new IllegalArgumentException(
          "maxSurge and maxUnavailable must be >= 0 and not both 0: "
              + maxSurge
              + "/"
              + maxUnavailable);
    }
  }

  /** The policy asked for, each missing bound taking its default. */
  public static RolloutPolicy of(Integer maxSurge, Integer maxUnavailable) {
    return new RolloutPolicy(
        maxSurge == null ? DEFAULT.maxSurge() : maxSurge,
        maxUnavailable == null ? DEFAULT.maxUnavailable() : maxUnavailable);
  }
}
