package io.strato.provisioning.cluster.eks;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Records the order of AWS calls (the metrics tally only counts them), and can make the Strato
 * process "die" right after a chosen call reached AWS: the call took effect, its answer is lost.
 */
final class CallLog implements ExecutionInterceptor {

  private final List<String> operations = new CopyOnWriteArrayList<>();
  private volatile String crashAfter;

  /** The next {@code operation} takes effect in the cloud, then the caller sees a crash. */
  CallLog crashAfter(String operation) {
    this.crashAfter = operation;
    return this;
  }

  List<String> operations() {
    return List.copyOf(operations);
  }

  /** The calls that change something, in order. */
  List<String> mutations() {
    return operations.stream()
        .filter(op -> !op.startsWith("Describe") && !op.startsWith("List"))
        .toList();
  }

  void clear() {
    operations.clear();
  }

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    operations.add(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
  }

  @Override
  public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
    String op = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    if (op.equals(crashAfter)) {
      crashAfter = null;
      throw new IllegalStateException("simulated crash after " + op);
    }
  }
}
