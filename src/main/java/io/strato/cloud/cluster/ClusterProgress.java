package io.strato.cloud.cluster;

import io.strato.reconcile.Condition;
import java.time.Duration;
import java.util.List;

/**
 * What one reconcile of a cluster found and did.
 *
 * @param conditions one per part (ControlPlaneReady, NodeGroupsReady, LoadBalancerReady,
 *     ServicesReady…), each True or False with a reason; the cluster is Ready when all are True
 * @param events what changed in this call (Created, Updated, UpgradeStarted…), recorded as events
 * @param recheckAfter when a ready cluster should be looked at again (a self-managed cluster's
 *     backups: once per backup interval), or null for not until its spec changes
 */
public record ClusterProgress(
    List<Condition> conditions,
    ClusterOutputs outputs,
    List<ClusterEvent> events,
    Duration recheckAfter) {

  public static final String CONTROL_PLANE_READY = "ControlPlaneReady";
  public static final String NODE_GROUPS_READY = "NodeGroupsReady";
  public static final String LOAD_BALANCER_READY = "LoadBalancerReady";
  public static final String NETWORK_READY = "NetworkReady";
  public static final String SERVICES_READY = "ServicesReady";

  /**
   * Whether a self-managed cluster's images fit its bootstrap choice: advice read from the images'
   * names and tags, which readiness does not wait on (an image may carry kubeadm under any name).
   */
  public static final String IMAGE_MATCHES_BOOTSTRAP = "ImageMatchesBootstrap";

  /**
   * A self-managed control plane's newest etcd snapshot is younger than two intervals. Reported,
   * not a part of readiness: a cluster whose backups lag still serves, and a new one has none yet.
   */
  public static final String BACKUP_CURRENT = "BackupCurrent";

  public ClusterProgress {
    conditions = List.copyOf(conditions);
    events = List.copyOf(events);
  }

  /** Progress of a cluster that, once ready, needs no look until its spec changes. */
  public ClusterProgress(
      List<Condition> conditions, ClusterOutputs outputs, List<ClusterEvent> events) {
    this(conditions, outputs, events, null);
  }

  /** Whether every part is ready. */
  public boolean ready() {
    return conditions.stream().filter(ClusterProgress::partOfReadiness).allMatch(Condition::isTrue);
  }

  /**
   * Whether a condition is one of the parts Ready rests on: RolloutStalled says a problem when True
   * (UpToDate carries the same stall), BackupCurrent is reported, not a part (see above), and
   * ImageMatchesBootstrap is advice about the images, not a part that is pending.
   */
  public static boolean partOfReadiness(Condition c) {
    return !RolloutConditions.ROLLOUT_STALLED.equals(c.type())
        && !BACKUP_CURRENT.equals(c.type())
        && !IMAGE_MATCHES_BOOTSTRAP.equals(c.type());
  }

  /** An event to record for the cluster. */
  public record ClusterEvent(String type, String reason, String message) {
    public static ClusterEvent normal(String reason, String message) {
      return new ClusterEvent("Normal", reason, message);
    }

    public static ClusterEvent warning(String reason, String message) {
      return new ClusterEvent("Warning", reason, message);
    }
  }
}
