package io.strato.cloud.nodegroup;

/**
 * A target-tracking scaling policy.
 *
 * @param resourceLabel for {@link ScalingMetric#REQUESTS_PER_TARGET}: {@code
 *     app/<lb-name>/<lb-id>/targetgroup/<tg-name>/<tg-id>}; null otherwise
 */
public record ScalingPolicySpec(
    ScalingMetric metric, double targetValue, String resourceLabel, boolean disableScaleIn) {}
