package io.strato.cloud.aws.asg;

import io.strato.cloud.CloudException;
import io.strato.cloud.nodegroup.ScalingMetric;
import io.strato.cloud.nodegroup.ScalingPolicySpec;
import software.amazon.awssdk.services.autoscaling.model.MetricType;
import software.amazon.awssdk.services.autoscaling.model.PredefinedMetricSpecification;
import software.amazon.awssdk.services.autoscaling.model.ScalingPolicy;
import software.amazon.awssdk.services.autoscaling.model.TargetTrackingConfiguration;

/**
 * A target-tracking configuration in the terms Strato sets, so that the desired one and the one
 * DescribePolicies returns compare with {@code equals}.
 *
 * @param resourceLabel only for {@code ALBRequestCountPerTarget}; null otherwise
 */
record TargetTracking(
    String metricType, String resourceLabel, double targetValue, boolean disableScaleIn) {

  static TargetTracking of(ScalingPolicySpec spec) {
    return switch (spec.metric()) {
      case AVERAGE_CPU ->
          new TargetTracking(
              MetricType.ASG_AVERAGE_CPU_UTILIZATION.toString(),
              null,
              spec.targetValue(),
              spec.disableScaleIn());
      case REQUESTS_PER_TARGET -> {
        if (spec.resourceLabel() == null || spec.resourceLabel().isBlank()) {
          throw new CloudException.InvalidRequest(
              "aws",
              "PutScalingPolicy",
              "MissingResourceLabel",
              ScalingMetric.REQUESTS_PER_TARGET
                  + " needs the resource label app/<lb-name>/<lb-id>/targetgroup/<tg-name>/<tg-id>",
              null);
        }
        yield new TargetTracking(
            MetricType.ALB_REQUEST_COUNT_PER_TARGET.toString(),
            spec.resourceLabel(),
            spec.targetValue(),
            spec.disableScaleIn());
      }
    };
  }

  /** The policy's configuration, or null when it is not a predefined-metric target tracking one. */
  static TargetTracking of(ScalingPolicy policy) {
    TargetTrackingConfiguration config = policy.targetTrackingConfiguration();
    if (config == null || config.predefinedMetricSpecification() == null) {
      return null;
    }
    PredefinedMetricSpecification metric = config.predefinedMetricSpecification();
    String label = metric.resourceLabel();
    return new TargetTracking(
        metric.predefinedMetricTypeAsString(),
        label == null || label.isBlank() ? null : label,
        config.targetValue() == null ? Double.NaN : config.targetValue(),
        Boolean.TRUE.equals(config.disableScaleIn()));
  }

  TargetTrackingConfiguration toConfiguration() {
    return TargetTrackingConfiguration.builder()
        .predefinedMetricSpecification(
            PredefinedMetricSpecification.builder()
                .predefinedMetricType(metricType)
                .resourceLabel(resourceLabel)
                .build())
        .targetValue(targetValue)
        .disableScaleIn(disableScaleIn)
        .build();
  }
}
