package io.strato.cloud.aws.cluster.ecs;

/**
 * When an ECS service counts as ready. A service that exists and matches the spec can still run
 * none of its tasks (no capacity yet, an image that does not pull, a container that exits): ECS
 * reports that only through {@code runningCount}, so readiness waits for it to meet {@code
 * desiredCount}. Above it (tasks of the old deployment still draining) is not settled either.
 */
final class ServiceReadiness {

  static final String TASKS_STARTING = "TasksStarting";

  private ServiceReadiness() {}

  /**
   * @return why the service is not ready yet, or null when it runs as many tasks as it should
   */
  static String waiting(String service, int desiredCount, int runningCount) {
    if (runningCount == desiredCount) {
      return null;
    }
    return "service "
        + service
        + " runs "
        + runningCount
        + " of "
        + desiredCount
        + " task(s)"
        + (runningCount < desiredCount ? "" : "; the rest are stopping");
  }
}
