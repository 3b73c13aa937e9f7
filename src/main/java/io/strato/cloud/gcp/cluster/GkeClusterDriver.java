package io.strato.cloud.gcp.cluster;

import com.google.container.v1.Cluster;
import com.google.container.v1.NodePool;
import com.google.container.v1.Operation;
import io.strato.cloud.CloudException;
import io.strato.cloud.Deletion;
import io.strato.cloud.cluster.ClusterContext;
import io.strato.cloud.cluster.ClusterDriver;
import io.strato.cloud.cluster.ClusterOutputs;
import io.strato.cloud.cluster.ClusterProgress;
import io.strato.cloud.cluster.ClusterProgress.ClusterEvent;
import io.strato.cloud.cluster.ClusterSpecDto.GkeDto;
import io.strato.cloud.gcp.GkeClient;
import io.strato.reconcile.Condition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * GKE Standard clusters and their node pools. Each reconcile observes (GetCluster, and for a
 * RUNNING cluster ListOperations), then starts at most one GKE operation and returns: GKE's
 * operations take minutes and GKE runs one per cluster at a time. A running operation is found in
 * GKE (the cluster's status, or the operation list), never remembered, so a restarted Strato
 * resumes waiting for the operation its predecessor started instead of starting a second one.
 */
public final class GkeClusterDriver implements ClusterDriver {

  private static final Logger LOG = Logger.getLogger(GkeClusterDriver.class);

  private final GkeClient gke;
  private final Optional<String> defaultProject;
  private final Optional<String> defaultLocation;

  public GkeClusterDriver(
      GkeClient gke, Optional<String> defaultProject, Optional<String> defaultLocation) {
    this.gke = gke;
    this.defaultProject = defaultProject;
    this.defaultLocation = defaultLocation;
  }

  @Override
  public String type() {
    return GkeOutputs.TYPE;
  }

  /** Where a cluster lives in GKE. */
  record Place(String project, String location, String name) {
    String locationPath() {
      return GkeClient.locationPath(project, location);
    }

    String clusterPath() {
      return GkeClient.clusterPath(project, location, name);
    }
  }

  Place place(ClusterContext ctx) {
    GkeDto gke = ctx.spec().gke();
    String project =
        Optional.ofNullable(gke == null ? null : gke.project())
            .or(() -> defaultProject)
            .orElseThrow(() -> missing("project", "spec.gke.project or strato.gcp.project"));
    String location =
        Optional.ofNullable(gke == null ? null : gke.location())
            .or(() -> defaultLocation)
            .orElseThrow(() -> missing("location", "spec.gke.location or strato.gcp.location"));
    return new Place(project, location, GkeNames.cluster(ctx.name(), ctx.uid()));
  }

  @Override
  public ClusterProgress reconcile(ClusterContext ctx) {
    Place at = place(ctx);
    Optional<Cluster> found = gke.getCluster(at.clusterPath());
    if (found.isEmpty()) {
      // GKE may delete a cluster itself (one whose creation failed); its operations remain.
      List<Operation> ops = gke.listOperations(at.locationPath());
      Optional<Operation> failed = GkeOperations.recentFailure(ops, at.name(), Instant.now());
      if (failed.isPresent()) {
        String message =
            "GKE deleted the cluster after "
                + GkeOperations.failure(failed.get())
                + "; Strato creates it again "
                + GkeOperations.FAILURE_HOLD.toMinutes()
                + " minutes after the failure";
        return progress(
            false,
            "OperationFailed",
            message,
            false,
            "OperationFailed",
            message,
            GkeOutputs.creating(at.clusterPath()),
            List.of());
      }
      List<ClusterEvent> events = new ArrayList<>();
      GkeOperations.last(ops, at.name())
          .ifPresent(
              last ->
                  events.add(
                      ClusterEvent.warning(
                          "Recreating",
                          "GKE cluster "
                              + at.clusterPath()
                              + " was deleted outside Strato (its last operation: "
                              + last.getOperationType()
                              + "); creating it again")));
      Operation op =
          gke.createCluster(
              at.locationPath(), GkeClusterShape.cluster(ctx, at.project(), at.name()));
      LOG.infof(
          "cluster %s: creating GKE cluster %s (%s)", ctx.name(), at.clusterPath(), op.getName());
      return progress(
          false,
          "Creating",
          "GKE is creating the cluster",
          false,
          "Creating",
          "the node pools are created with the cluster",
          GkeOutputs.creating(op.getTargetLink().isEmpty() ? at.clusterPath() : op.getTargetLink()),
          add(events, ClusterEvent.normal("Created", "creating GKE cluster " + at.clusterPath())));
    }
    Cluster c = found.get();
    if (!GkeNames.owns(ctx.uid(), c.getResourceLabelsMap())) {
      throw new CloudException.Conflict(
          "gcp",
          "container.GetCluster",
          "GKE cluster " + at.clusterPath() + " exists but is not owned by this cluster",
          null);
    }
    ClusterOutputs outputs = GkeOutputs.of(c);
    switch (c.getStatus()) {
      case PROVISIONING, RECONCILING, STOPPING -> {
        return operationRunning("cluster is " + c.getStatus(), outputs);
      }
      case ERROR -> {
        // Not "Failed" (which stops the polling): GKE may repair the cluster or delete it, and
        // either must be noticed.
        return progress(
            false,
            "ClusterError",
            "GKE reports the cluster in ERROR: " + c.getStatusMessage(),
            false,
            "ClusterError",
            "the cluster is in ERROR",
            outputs,
            List.of(
                ClusterEvent.warning("Failed", "GKE cluster in ERROR: " + c.getStatusMessage())));
      }
      default -> {
        // RUNNING or DEGRADED: look for node pool operations, which may leave the cluster RUNNING.
      }
    }
    List<Operation> ops = gke.listOperations(at.locationPath());
    Optional<Operation> running = GkeOperations.running(ops, at.name());
    if (running.isPresent()) {
      return operationRunning(
          running.get().getOperationType() + " " + running.get().getName() + " is running",
          outputs);
    }
    Optional<Operation> failed = GkeOperations.recentFailure(ops, at.name(), Instant.now());
    if (failed.isPresent()) {
      // Shown, not re-sent on every poll: the same change would meet the same failure.
      boolean onPool = failed.get().getTargetLink().contains("/nodePools/");
      String message =
          GkeOperations.failure(failed.get())
              + "; Strato tries again "
              + GkeOperations.FAILURE_HOLD.toMinutes()
              + " minutes after the failure";
      return progress(
          onPool,
          onPool ? "Running" : "OperationFailed",
          onPool ? "control plane running" : message,
          !onPool,
          onPool ? "OperationFailed" : "Running",
          onPool ? message : "node pools running",
          outputs,
          List.of());
    }
    GkeChangePlan.Step step =
        GkeChangePlan.next(ctx, c, GkeClusterShape.cluster(ctx, at.project(), at.name()), ops);
    if (step instanceof GkeChangePlan.Apply apply) {
      return apply(ctx, at, apply.change(), outputs);
    }
    if (step instanceof GkeChangePlan.Blocked b) {
      boolean plane = b.condition().equals(ClusterProgress.CONTROL_PLANE_READY);
      return progress(
          !plane,
          plane ? b.reason() : "Running",
          plane ? b.message() : "control plane running",
          plane,
          plane ? "Running" : b.reason(),
          plane ? "node pools running" : b.message(),
          outputs,
          List.of());
    }
    boolean degraded = c.getStatus() == Cluster.Status.DEGRADED;
    Optional<NodePool> unwell =
        c.getNodePoolsList().stream()
            .filter(p -> p.getStatus() != NodePool.Status.RUNNING)
            .findFirst();
    return progress(
        !degraded,
        degraded ? "Degraded" : "Running",
        degraded
            ? "GKE reports the cluster DEGRADED: " + c.getStatusMessage()
            : "control plane " + c.getCurrentMasterVersion(),
        unwell.isEmpty(),
        unwell.map(GkeClusterDriver::poolReason).orElse("Running"),
        unwell
            .map(
                p ->
                    "node pool "
                        + p.getName()
                        + " is "
                        + p.getStatus()
                        + " "
                        + p.getStatusMessage())
            .orElse(c.getNodePoolsCount() + " node pool(s) running"),
        outputs,
        List.of());
  }

  /** A pool GKE reports in error is polled, not blocked: GKE repairs pools and clears errors. */
  private static String poolReason(NodePool p) {
    return switch (p.getStatus()) {
      case ERROR, RUNNING_WITH_ERROR -> "NodePoolError";
      default -> "OperationRunning";
    };
  }

  private ClusterProgress apply(
      ClusterContext ctx, Place at, GkeChange change, ClusterOutputs outputs) {
    Operation op;
    try {
      op = change.apply(gke, at.clusterPath());
    } catch (CloudException.Conflict e) {
      // Another operation started between our look and our change (a GKE auto-upgrade): wait.
      return operationRunning("another operation runs: " + e.getMessage(), outputs);
    }
    LOG.infof("cluster %s: %s (%s)", ctx.name(), change.message(), op.getName());
    boolean plane = change instanceof GkeChange.UpgradeMaster;
    return progress(
        !plane,
        plane ? "Upgrading" : "Running",
        plane ? change.message() : "control plane running",
        plane,
        plane ? "Running" : "Updating",
        plane ? "node pools running" : change.message(),
        outputs,
        List.of(ClusterEvent.normal(change.reason(), change.message())));
  }

  @Override
  public Deletion delete(ClusterContext ctx) {
    Place at = place(ctx);
    Optional<Cluster> found = gke.getCluster(at.clusterPath());
    if (found.isEmpty()) {
      return Deletion.GONE;
    }
    if (!GkeNames.owns(ctx.uid(), found.get().getResourceLabelsMap())) {
      LOG.warnf("cluster %s: GKE cluster %s is not ours; leaving it", ctx.name(), at.clusterPath());
      return Deletion.GONE;
    }
    if (found.get().getStatus() == Cluster.Status.STOPPING) {
      return Deletion.IN_PROGRESS;
    }
    try {
      Operation op = gke.deleteCluster(at.clusterPath());
      LOG.infof(
          "cluster %s: deleting GKE cluster %s (%s)", ctx.name(), at.clusterPath(), op.getName());
      return Deletion.IN_PROGRESS;
    } catch (CloudException.NotFound e) {
      return Deletion.GONE;
    } catch (CloudException.Conflict e) {
      // An operation runs on the cluster (its creation, an upgrade): delete once it finishes.
      return Deletion.IN_PROGRESS;
    }
  }

  private static List<ClusterEvent> add(List<ClusterEvent> events, ClusterEvent event) {
    events.add(event);
    return List.copyOf(events);
  }

  private static ClusterProgress operationRunning(String message, ClusterOutputs outputs) {
    return progress(
        false, "OperationRunning", message, false, "OperationRunning", message, outputs, List.of());
  }

  private static ClusterProgress progress(
      boolean planeOk,
      String planeReason,
      String planeMessage,
      boolean poolsOk,
      String poolsReason,
      String poolsMessage,
      ClusterOutputs outputs,
      List<ClusterEvent> events) {
    return new ClusterProgress(
        List.of(
            Condition.of(ClusterProgress.CONTROL_PLANE_READY, planeOk, planeReason, planeMessage),
            Condition.of(ClusterProgress.NODE_GROUPS_READY, poolsOk, poolsReason, poolsMessage)),
        outputs,
        events);
  }

  private static CloudException missing(String what, String where) {
    return new CloudException.InvalidRequest(
        "gcp", "container.CreateCluster", "InvalidSpec", "no GCP " + what + ": set " + where, null);
  }
}
