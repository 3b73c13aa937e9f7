package io.strato.provisioning.cluster.gke;

import com.google.container.v1.Operation;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Reads GKE's operation list for one cluster. GKE keeps the operations of a location for a while
 * after they finish, so the list is where a restarted Strato finds the operation its predecessor
 * started: nothing about running operations is kept in memory.
 */
final class GkeOperations {

  private GkeOperations() {}

  /** An operation on the cluster or one of its node pools that has not finished. */
  static Optional<Operation> running(List<Operation> ops, String clusterName) {
    return ops.stream()
        .filter(op -> onCluster(op.getTargetLink(), clusterName))
        .filter(
            op ->
                op.getStatus() == Operation.Status.RUNNING
                    || op.getStatus() == Operation.Status.PENDING
                    || op.getStatus() == Operation.Status.ABORTING)
        .findFirst();
  }

  /** The most recently started operation on a node pool. */
  static Optional<Operation> lastOnPool(List<Operation> ops, String clusterName, String pool) {
    String suffix = "/clusters/" + clusterName + "/nodePools/" + pool;
    return ops.stream()
        .filter(op -> op.getTargetLink().endsWith(suffix))
        .max(Comparator.comparing(GkeOperations::started).thenComparing(Operation::getName));
  }

  /** Whether the operation finished without an error. */
  static boolean succeeded(Operation op) {
    return op.getStatus() == Operation.Status.DONE
        && (!op.hasError() || op.getError().getCode() == 0);
  }

  /**
   * GKE's target links name projects by number or ID and locations as zones or locations; the
   * cluster name (unique in its location, and Strato's carry the owner's hash) is what matches.
   */
  static boolean onCluster(String targetLink, String clusterName) {
    String marker = "/clusters/" + clusterName;
    return targetLink.endsWith(marker) || targetLink.contains(marker + "/");
  }

  private static Instant started(Operation op) {
    try {
      return Instant.parse(op.getStartTime());
    } catch (DateTimeParseException e) {
      return Instant.EPOCH;
    }
  }
}
