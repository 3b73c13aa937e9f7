package io.strato.cloud.nodegroup;

/** The predefined target-tracking metrics a node group may scale on. */
public enum ScalingMetric {
  /** {@code ASGAverageCPUUtilization}: percent. */
  AVERAGE_CPU,
  /**
   * {@code ALBRequestCountPerTarget}: requests per target per minute; needs the resource label
   * naming the load balancer and target group.
   */
  REQUESTS_PER_TARGET
}
