package io.strato.cloud.gcp.cluster;

import com.google.container.v1.Operation;
import java.time.Duration;
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
        .filter(op -> !repair(op))
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

  /**
   * How long a failed operation holds back the next change. GKE's failures (a zone out of machines,
   * a quota met while nodes are created) take minutes at least to clear, so re-sending the change
   * on every poll would only repeat the failure.
   */
  static final Duration FAILURE_HOLD = Duration.ofMinutes(10);

  /** The most recently started operation on the cluster or one of its node pools. */
  static Optional<Operation> last(List<Operation> ops, String clusterName) {
    return ops.stream()
        .filter(op -> onCluster(op.getTargetLink(), clusterName))
        .filter(op -> !repair(op))
        .max(Comparator.comparing(GkeOperations::started).thenComparing(Operation::getName));
  }

  /**
   * The cluster's last operation when it failed less than {@link #FAILURE_HOLD} ago: a later
   * operation that succeeded means the failure is past.
   */
  static Optional<Operation> recentFailure(List<Operation> ops, String clusterName, Instant now) {
    return last(ops, clusterName)
        .filter(GkeOperations::failed)
        .filter(op -> ended(op).plus(FAILURE_HOLD).isAfter(now));
  }

  /**
   * GKE's auto-repair recreates broken nodes alongside other operations: it neither blocks Strato's
   * changes nor makes the cluster less ready, so it is not waited for.
   */
  static boolean repair(Operation op) {
    return op.getOperationType() == Operation.Type.AUTO_REPAIR_NODES;
  }

  /** Whether the operation finished with an error. */
  static boolean failed(Operation op) {
    return op.getStatus() == Operation.Status.DONE && op.hasError() && op.getError().getCode() != 0;
  }

  /** What GKE says went wrong: the operation's error, else its (older) status message. */
  static String failure(Operation op) {
    String message =
        op.getError().getMessage().isEmpty() ? op.getStatusMessage() : op.getError().getMessage();
    return op.getOperationType() + " " + op.getName() + " failed: " + message;
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

  private static Instant ended(Operation op) {
    try {
      return Instant.parse(op.getEndTime());
    } catch (DateTimeParseException e) {
      return started(op);
    }
  }

  private static Instant started(Operation op) {
    try {
      return Instant.parse(op.getStartTime());
    } catch (DateTimeParseException e) {
      return Instant.EPOCH;
    }
  }
}
