package io.strato.cloud.nodegroup;

import java.util.List;

/**
 * One node group as a rollout sees it, derived from the cloud alone so that a restarted Strato
 * continues where the cloud is: which launch template version each instance runs, and the capacity
 * the group had before its rollout surged (remembered on the group itself, not in memory).
 *
 * @param targetVersion the launch template version the group launches from now
 * @param baseCapacity the capacity recorded when the rollout began, or null when none is under way
 */
public record RolloutView(
    String name,
    long targetVersion,
    int desiredCapacity,
    int maxSize,
    Integer baseCapacity,
    List<Member> members) {

  public RolloutView {
    members = List.copyOf(members);
  }

  /**
   * One instance of the group.
   *
   * @param version the launch template version it was launched from; 0 when unknown (launched
   *     before Strato recorded versions, and AWS's own tag missing): replaced like an old one
   * @param lifecycleState Auto Scaling's state: {@code Pending}, {@code InService}, {@code
   *     Terminating:Wait}...
   * @param healthy Auto Scaling's health status
   */
  public record Member(String instanceId, long version, String lifecycleState, boolean healthy) {

    public boolean inService() {
      return "InService".equals(lifecycleState);
    }

    /** On its way out: terminating (a lifecycle hook may hold it while the node drains) or gone. */
    public boolean leaving() {
      return lifecycleState != null
          && (lifecycleState.startsWith("Terminat")
              || lifecycleState.startsWith("Detach")
              || lifecycleState.startsWith("Standby")
              || lifecycleState.startsWith("Warmed"));
    }
  }
}
