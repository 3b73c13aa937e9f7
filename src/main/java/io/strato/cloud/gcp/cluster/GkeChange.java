package io.strato.cloud.gcp.cluster;

import com.google.container.v1.ClusterUpdate;
import com.google.container.v1.MaintenancePolicy;
import com.google.container.v1.NodeManagement;
import com.google.container.v1.NodePool;
import com.google.container.v1.NodePoolAutoscaling;
import com.google.container.v1.Operation;
import com.google.container.v1.UpdateNodePoolRequest;
import io.strato.cloud.gcp.GkeClient;
import java.util.Map;

/**
 * The one change a reconcile makes to a running cluster. GKE runs one operation per cluster at a
 * time, so changes are made one by one, in the order {@link GkeChangePlan} picks them.
 */
public sealed interface GkeChange {

  /** The event reason and message that report the change. */
  String reason();

  String message();

  /** Starts the change; GKE answers with the operation that carries it out. */
  Operation apply(GkeClient gke, String clusterPath);

  record UpgradeMaster(String from, String to) implements GkeChange {
    public String reason() {
      return "UpgradeStarted";
    }

    public String message() {
      return "upgrading the control plane from " + from + " to " + to;
    }

    public Operation apply(GkeClient gke, String clusterPath) {
      return gke.updateMaster(clusterPath, to);
    }
  }

  /** A node pool's nodes to the control plane's version; nothing else in the request. */
  record UpgradePool(String pool, String from, String to) implements GkeChange {
    public String reason() {
      return "NodeGroupUpgrading";
    }

    public String message() {
      return "node pool " + pool + ": upgrading the nodes from " + from + " to " + to;
    }

    public Operation apply(GkeClient gke, String clusterPath) {
      return gke.updateNodePool(
          UpdateNodePoolRequest.newBuilder()
              .setName(GkeClient.nodePoolPath(clusterPath, pool))
              .setNodeVersion(to)
              .build());
    }
  }

  record CreatePool(NodePool pool) implements GkeChange {
    public String reason() {
      return "NodeGroupCreating";
    }

    public String message() {
      return "creating node pool " + pool.getName();
    }

    public Operation apply(GkeClient gke, String clusterPath) {
      return gke.createNodePool(clusterPath, pool);
    }
  }

  record DeletePool(String pool) implements GkeChange {
    public String reason() {
      return "NodeGroupDeleting";
    }

    public String message() {
      return "deleting node pool " + pool + ", no longer in the spec";
    }

    public Operation apply(GkeClient gke, String clusterPath) {
      return gke.deleteNodePool(GkeClient.nodePoolPath(clusterPath, pool));
    }
  }

  record SetAutoscaling(String pool, NodePoolAutoscaling autoscaling) implements GkeChange {
    public String reason() {
      return "NodeGroupUpdating";
    }

    public String message() {
      return autoscaling.getEnabled()
          ? "node pool " + pool + ": autoscaling " + bounds(autoscaling)
          : "node pool " + pool + ": autoscaling off";
    }

    public Operation apply(GkeClient gke, String clusterPath) {
      return gke.setNodePoolAutoscaling(GkeClient.nodePoolPath(clusterPath, pool), autoscaling);
    }

    private static String bounds(NodePoolAutoscaling a) {
      return a.getTotalMaxNodeCount() > 0
          ? a.getTotalMinNodeCount() + ".." + a.getTotalMaxNodeCount() + " in total"
          : a.getMinNodeCount() + ".." + a.getMaxNodeCount() + " per zone";
    }
  }

  record SetSize(String pool, int from, int to) implements GkeChange {
    public String reason() {
      return "NodeGroupScaling";
    }

    public String message() {
      return "node pool " + pool + ": " + from + " to " + to + " nodes per zone";
    }

    public Operation apply(GkeClient gke, String clusterPath) {
      return gke.setNodePoolSize(GkeClient.nodePoolPath(clusterPath, pool), to);
    }
  }

  record SetManagement(String pool, NodeManagement management) implements GkeChange {
    public String reason() {
      return "NodeGroupUpdating";
    }

    public String message() {
      return "node pool "
          + pool
          + ": auto-repair "
          + management.getAutoRepair()
          + ", auto-upgrade "
          + management.getAutoUpgrade();
    }

    public Operation apply(GkeClient gke, String clusterPath) {
      return gke.setNodePoolManagement(GkeClient.nodePoolPath(clusterPath, pool), management);
    }
  }

  /**
   * Node labels, taints, VM labels, image type, zones, machine type and disk size: changed in place
   * by UpdateNodePool.
   */
  record UpdatePool(String pool, String what, UpdateNodePoolRequest.Builder request)
      implements GkeChange {
    public String reason() {
      return "NodeGroupUpdating";
    }

    public String message() {
      return "node pool " + pool + ": updating " + what;
    }

    public Operation apply(GkeClient gke, String clusterPath) {
      return gke.updateNodePool(
          request.clone().setName(GkeClient.nodePoolPath(clusterPath, pool)).build());
    }
  }

  /** Cluster settings GKE changes in place: authorized networks, workload identity, channel. */
  record UpdateCluster(String what, ClusterUpdate update) implements GkeChange {
    public String reason() {
      return "Updating";
    }

    public String message() {
      return "updating the cluster's " + what;
    }

    public Operation apply(GkeClient gke, String clusterPath) {
      return gke.updateCluster(clusterPath, update);
    }
  }

  record SetLabels(Map<String, String> labels, String fingerprint) implements GkeChange {
    public String reason() {
      return "Updating";
    }

    public String message() {
      return "updating the cluster's labels";
    }

    public Operation apply(GkeClient gke, String clusterPath) {
      return gke.setLabels(clusterPath, labels, fingerprint);
    }
  }

  record SetMaintenancePolicy(MaintenancePolicy policy) implements GkeChange {
    public String reason() {
      return "Updating";
    }

    public String message() {
      return "updating the cluster's maintenance window";
    }

    public Operation apply(GkeClient gke, String clusterPath) {
      return gke.setMaintenancePolicy(clusterPath, policy);
    }
  }
}
