package io.strato.provisioning.cluster.selfmanaged;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * The Strato process "dies" right after the first call of one operation succeeded in the cloud: the
 * response is lost and nothing after it runs.
 */
final class CrashAfter implements ExecutionInterceptor {

  private final String operation;
  private boolean crashed;

  CrashAfter(String operation) {
    this.operation = operation;
  }

  @Override
  public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
    if (!crashed
        && operation.equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))) {
      crashed = true;
      throw new IllegalStateException("simulated crash after " + operation);
    }
  }
}
