package io.strato.cloud.aws.cluster.eks;

import static io.strato.cloud.cluster.ClusterProgress.CONTROL_PLANE_READY;

import io.strato.cloud.CloudException;
import io.strato.cloud.Ownership;
import io.strato.cloud.aws.AwsTags;
import io.strato.cloud.aws.OwnershipGuard;
import io.strato.cloud.aws.eks.EksClusterConfig;
import io.strato.cloud.aws.eks.EksClusters;
import io.strato.cloud.aws.eks.ObservedCluster;
import io.strato.cloud.cluster.ClusterProgress.ClusterEvent;
import io.strato.reconcile.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Brings the EKS control plane one step closer to the spec: create it, or start the one update it
 * needs next, or report that EKS is still working. Never waits.
 */
final class ControlPlaneStep {

  private static final Logger LOG = Logger.getLogger(ControlPlaneStep.class);

  /** How far the node groups may be touched after this step. */
  enum NodegroupAccess {
    /** The control plane is ACTIVE and idle: create, update and delete node groups. */
    CHANGE,
    /** An update runs: observe and report the node groups, change nothing. */
    OBSERVE,
    /** No usable control plane yet (creating, failed, deleting). */
    NONE
  }

  record Result(
      ObservedCluster cluster,
      Condition condition,
      List<ClusterEvent> events,
      NodegroupAccess nodegroups) {}

  private final EksClusters clusters;

  ControlPlaneStep(EksClusters clusters) {
    this.clusters = clusters;
  }

  /**
   * @param nodegroupsBehind Strato's node groups older than a version: EKS wants every node group
   *     at the control plane's version before the control plane moves on
   */
  Result reconcile(
      Ownership owner, EksClusterConfig desired, Function<String, List<String>> nodegroupsBehind) {
    Optional<ObservedCluster> found = clusters.find(desired.name());
    if (found.isEmpty()) {
      ObservedCluster created = clusters.create(desired);
      LOG.infof("EKS cluster %s: created (%s)", desired.name(), created.status());
      ClusterEvent event = ClusterEvent.normal("Created", "Creating EKS cluster " + desired.name());
      Result after = observe(created, desired, nodegroupsBehind);
      return new Result(after.cluster(), after.condition(), List.of(event), after.nodegroups());
    }
    ObservedCluster cluster = found.get();
    OwnershipGuard.requireOwned(
        owner, "DescribeCluster", "EKS cluster " + cluster.name(), cluster.tags());
    return observe(cluster, desired, nodegroupsBehind);
  }

  private Result observe(
      ObservedCluster cluster,
      EksClusterConfig desired,
      Function<String, List<String>> nodegroupsBehind) {
    return switch (cluster.status()) {
      case "ACTIVE" -> converge(cluster, desired, nodegroupsBehind);
      case "CREATING" ->
          waiting(cluster, "Creating", "EKS is creating the control plane", NodegroupAccess.NONE);
      case "UPDATING" ->
          waiting(
              cluster,
              "Updating",
              "EKS is updating the control plane (Kubernetes " + cluster.version() + ")",
              NodegroupAccess.OBSERVE);
      case "FAILED" ->
          waiting(
              cluster,
              "Failed",
              "EKS reports the control plane FAILED; delete the cluster and create it again",
              NodegroupAccess.NONE);
      default ->
          waiting(
              cluster,
              "NotActive",
              "EKS reports the control plane " + cluster.status(),
              NodegroupAccess.NONE);
    };
  }

  private Result converge(
      ObservedCluster cluster,
      EksClusterConfig desired,
      Function<String, List<String>> nodegroupsBehind) {
    List<ClusterEvent> tagged = syncTags(cluster, desired);
    Result result = next(cluster, desired, nodegroupsBehind);
    if (tagged.isEmpty()) {
      return result;
    }
    List<ClusterEvent> events = new ArrayList<>(tagged);
    events.addAll(result.events());
    return new Result(result.cluster(), result.condition(), events, result.nodegroups());
  }

  /**
   * Tags are not an EKS "update" (no update ID, allowed while one runs), so they are kept in line
   * on every reconcile of an ACTIVE cluster, next to the one update it may get.
   */
  private List<ClusterEvent> syncTags(ObservedCluster cluster, EksClusterConfig desired) {
    AwsTags.Changes changes = AwsTags.changes(desired.tags(), cluster.tags());
    if (changes.isEmpty()) {
      return List.of();
    }
    if (!changes.add().isEmpty()) {
      clusters.tag(cluster.arn(), changes.add());
    }
    if (!changes.remove().isEmpty()) {
      clusters.untag(cluster.arn(), changes.remove());
    }
    LOG.infof("EKS cluster %s: tags updated", cluster.name());
    return List.of(ClusterEvent.normal("Updated", "Updated tags"));
  }

  private Result next(
      ObservedCluster cluster,
      EksClusterConfig desired,
      Function<String, List<String>> nodegroupsBehind) {
    ControlPlanePlan plan = ControlPlanePlan.next(desired, cluster);
    try {
      if (plan instanceof ControlPlanePlan.UpdateEndpointAccess u) {
        clusters.updateEndpointAccess(cluster.name(), u.access());
        return started(cluster, "Updating", "Updating endpoint access", "Updated");
      }
      if (plan instanceof ControlPlanePlan.UpdateLogging u) {
        clusters.updateLogging(cluster.name(), u.enabled());
        return started(
            cluster, "Updating", "Updating control-plane logging to " + u.enabled(), "Updated");
      }
      if (plan instanceof ControlPlanePlan.UpdateSupportType u) {
        String type = u.extended() ? "EXTENDED" : "STANDARD";
        clusters.updateSupportType(cluster.name(), u.extended());
        return started(
            cluster, "Updating", "Updating the upgrade policy to " + type + " support", "Updated");
      }
      if (plan instanceof ControlPlanePlan.Upgrade u) {
        List<String> behind = nodegroupsBehind.apply(u.from());
        if (!behind.isEmpty()) {
          // The node group step moves them up now; the control plane follows next time.
          return new Result(
              cluster,
              Condition.of(
                  CONTROL_PLANE_READY,
                  false,
                  "Upgrading",
                  "Node groups "
                      + behind
                      + " move to "
                      + u.from()
                      + " first; then "
                      + u.from()
                      + " → "
                      + u.to()
                      + " (target "
                      + u.target()
                      + ")"),
              List.of(),
              NodegroupAccess.CHANGE);
        }
        clusters.updateVersion(cluster.name(), u.to());
        return started(
            cluster,
            "Upgrading",
            u.from() + " → " + u.to() + " (target " + u.target() + ")",
            "UpgradeStarted");
      }
    } catch (CloudException.Conflict busy) {
      // ResourceInUseException: EKS still runs another update. Not a failure: look again later.
      return waiting(
          cluster,
          "Updating",
          "EKS is still applying an earlier update: " + busy.getMessage(),
          NodegroupAccess.OBSERVE);
    }
    if (plan instanceof ControlPlanePlan.DowngradeRefused d) {
      return new Result(
          cluster,
          Condition.of(
              CONTROL_PLANE_READY,
              false,
              "DowngradeNotSupported",
              "The control plane runs Kubernetes "
                  + d.current()
                  + "; EKS cannot go back to "
                  + d.desired()),
          List.of(),
          NodegroupAccess.CHANGE);
    }
    return new Result(
        cluster,
        Condition.of(
            CONTROL_PLANE_READY,
            true,
            "Active",
            "Kubernetes " + cluster.version() + " at " + cluster.endpoint()),
        List.of(),
        NodegroupAccess.CHANGE);
  }

  private static Result started(
      ObservedCluster cluster, String reason, String message, String eventReason) {
    LOG.infof("EKS cluster %s: %s", cluster.name(), message);
    return new Result(
        cluster,
        Condition.of(CONTROL_PLANE_READY, false, reason, message),
        List.of(ClusterEvent.normal(eventReason, message)),
        NodegroupAccess.OBSERVE);
  }

  private static Result waiting(
      ObservedCluster cluster, String reason, String message, NodegroupAccess access) {
    return new Result(
        cluster, Condition.of(CONTROL_PLANE_READY, false, reason, message), List.of(), access);
  }
}
