package io.strato.cloud.aws;

import java.time.Duration;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts and times every AWS call (each SDK call once, whatever its retries) into {@link
 * CloudCallMetrics}. Registered on every client that {@link AwsClients} builds, so no call escapes.
 */
final class CallMetricsInterceptor implements ExecutionInterceptor {

  private static final ExecutionAttribute<Long> STARTED =
      new ExecutionAttribute<>("strato.call.started");

  private final CloudCallMetrics metrics;

  CallMetricsInterceptor(CloudCallMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    attributes.putAttribute(STARTED, System.nanoTime());
  }

  @Override
  public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
    record(attributes, "success");
  }

  @Override
  public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
    record(attributes, AwsErrors.outcomeOf(context.exception()));
  }

  private void record(ExecutionAttributes attributes, String outcome) {
    Long started = attributes.getAttribute(STARTED);
    Duration took = started == null ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - started);
    metrics.record(
        "aws",
        attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME),
        attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME),
        outcome,
        took);
  }
}
