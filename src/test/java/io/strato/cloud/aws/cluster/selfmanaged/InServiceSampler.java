package io.strato.cloud.aws.cluster.selfmanaged;

import io.strato.testsupport.CalledActions;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;

/**
 * After every call the driver makes, reads every group from the emulator with clients of its own
 * and keeps the lowest count of InService instances seen: per group, and over the control-plane
 * groups together.
 */
final class InServiceSampler implements ExecutionInterceptor {

  private final AutoScalingClient reader;
  private final Predicate<String> controlPlane;
  final Map<String, Integer> lowest = new TreeMap<>();
  int lowestControlPlane = Integer.MAX_VALUE;
  int samples;

  InServiceSampler(AutoScalingClient reader, Predicate<String> controlPlane) {
    this.reader = reader;
    this.controlPlane = controlPlane;
  }

  @Override
  public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
    // The test's look, though it runs inside Strato's call: not an action Strato needs.
    CalledActions.asTheTest(this::sample);
  }

  void sample() {
    samples++;
    int cp = 0;
    for (AutoScalingGroup g : reader.describeAutoScalingGroups().autoScalingGroups()) {
      int inService =
          (int)
              g.instances().stream()
                  .filter(i -> "InService".equals(i.lifecycleStateAsString()))
                  .count();
      lowest.merge(g.autoScalingGroupName(), inService, Math::min);
      if (controlPlane.test(g.autoScalingGroupName())) {
        cp += inService;
      }
    }
    lowestControlPlane = Math.min(lowestControlPlane, cp);
  }
}
