package io.strato.provisioning.cluster;

import io.strato.cloud.cluster.ClusterSpecDto.RolloutDto;
import io.strato.provisioning.validation.Validation;

/**
 * The rollout bounds a group can hold to, checked before anything reaches the cloud: a rollout with
 * neither surge nor unavailability could never replace an instance, and a control plane that may
 * lose as many members as it has, or its etcd quorum, is no longer highly available.
 */
public final class RolloutRules {

  /** More surge than this is a typo, not a plan (and would ask AWS for that many instances). */
  static final int MAX_SURGE = 100;

  private RolloutRules() {}

  /**
   * @param f the field path of the rollout block
   */
  public static void group(Validation v, RolloutDto rollout, String f) {
    if (rollout == null) {
      return;
    }
    boolean inRange =
        v.range(rollout.maxSurge(), 0, MAX_SURGE, f + ".maxSurge")
            & v.range(rollout.maxUnavailable(), 0, MAX_SURGE, f + ".maxUnavailable");
    if (inRange) {
      int surge = rollout.maxSurge() == null ? 1 : rollout.maxSurge();
      int unavailable = rollout.maxUnavailable() == null ? 0 : rollout.maxUnavailable();
      v.check(
          surge + unavailable > 0,
          f + ".maxUnavailable",
          "maxSurge and maxUnavailable cannot both be 0: the rollout could never replace an"
              + " instance");
    }
  }

  /** A control plane's: the group rules, and at least a quorum of its members always stays. */
  public static void controlPlane(Validation v, RolloutDto rollout, int replicas, String f) {
    group(v, rollout, f);
    if (rollout == null || rollout.maxUnavailable() == null || rollout.maxUnavailable() < 0) {
      return;
    }
    int unavailable = rollout.maxUnavailable();
    int quorum = replicas / 2 + 1;
    if (unavailable >= replicas) {
      v.fail(
          f + ".maxUnavailable",
          "must be less than the "
              + replicas
              + " control-plane replicas: etcd would lose them all");
    } else {
      v.check(
          unavailable <= replicas - quorum,
          f + ".maxUnavailable",
          "at most "
              + (replicas - quorum)
              + " of "
              + replicas
              + " control-plane members may be unavailable: etcd needs a quorum of "
              + quorum);
    }
  }
}
