package io.strato.cloud.aws.appscaling;

/**
 * What Application Auto Scaling scales: a dimension of one resource of one service.
 *
 * @param namespace e.g. {@code ecs}
 * @param resourceId e.g. {@code service/<cluster>/<service>}
 * @param dimension e.g. {@code ecs:service:DesiredCount}
 */
public record ScalableResource(String namespace, String resourceId, String dimension) {

  /** An ECS service's desired task count. */
  public static ScalableResource ecsService(String cluster, String service) {
    return new ScalableResource(
        "ecs", "service/" + cluster + "/" + service, "ecs:service:DesiredCount");
  }
}
