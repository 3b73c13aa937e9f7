package io.strato.cloud.aws.asg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strato.cloud.CloudException;
import io.strato.cloud.nodegroup.ScalingMetric;
import io.strato.cloud.nodegroup.ScalingPolicySpec;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.autoscaling.model.ScalingPolicy;

class TargetTrackingTest {

  @Test
  void cpuTrackingRoundTripsThroughTheApiShape() {
    TargetTracking desired =
        TargetTracking.of(new ScalingPolicySpec(ScalingMetric.AVERAGE_CPU, 60, null, true));
    ScalingPolicy described =
        ScalingPolicy.builder()
            .policyType("TargetTrackingScaling")
            .targetTrackingConfiguration(desired.toConfiguration())
            .build();

    assertThat(desired.metricType()).isEqualTo("ASGAverageCPUUtilization");
    assertThat(TargetTracking.of(described)).isEqualTo(desired);
  }

  @Test
  void requestCountTrackingCarriesItsResourceLabel() {
    String label = "app/lb/123/targetgroup/tg/456";
    TargetTracking desired =
        TargetTracking.of(
            new ScalingPolicySpec(ScalingMetric.REQUESTS_PER_TARGET, 1000, label, false));

    assertThat(desired.metricType()).isEqualTo("ALBRequestCountPerTarget");
    assertThat(desired.toConfiguration().predefinedMetricSpecification().resourceLabel())
        .isEqualTo(label);
  }

  @Test
  void requestCountTrackingWithoutALabelIsRefusedBeforeAnyCall() {
    assertThatThrownBy(
            () ->
                TargetTracking.of(
                    new ScalingPolicySpec(ScalingMetric.REQUESTS_PER_TARGET, 1000, null, false)))
        .isInstanceOf(CloudException.InvalidRequest.class)
        .hasMessageContaining("resource label");
  }
}
