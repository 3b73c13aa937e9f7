package io.strato.cloud.aws.appscaling;

/**
 * A target-tracking policy on a predefined metric.
 *
 * @param predefinedMetric e.g. {@code ECSServiceAverageCPUUtilization}
 * @param arn the policy's ARN as AWS reports it; null in a desired policy
 */
public record TargetTrackingPolicy(
    String name,
    ScalableResource resource,
    String predefinedMetric,
    double targetValue,
    String arn) {

  /** Whether the two say the same thing, whatever their ARNs. */
  public boolean sameAs(TargetTrackingPolicy other) {
    return other != null
        && name.equals(other.name)
        && resource.equals(other.resource)
        && predefinedMetric.equals(other.predefinedMetric)
        && Double.compare(targetValue, other.targetValue) == 0;
  }
}
