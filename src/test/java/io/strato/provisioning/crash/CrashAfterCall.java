package io.strato.provisioning.crash;

import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Kills the "process" right after the k-th AWS call has been answered: the cloud did the work but
 * Strato never learns of it. That is the crash that creates twins in controllers that remember what
 * they did instead of looking.
 */
final class CrashAfterCall implements ExecutionInterceptor {

  /** An Error, so no catch (Exception e) anywhere in Strato can swallow the crash. */
  static final class SimulatedCrash extends Error {
    SimulatedCrash(String operation) {
      super("simulated crash after " + operation);
    }
  }

  private final int crashAt;
  private final AtomicInteger calls = new AtomicInteger();

  CrashAfterCall(int crashAt) {
    this.crashAt = crashAt;
  }

  @Override
  public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
    if (calls.incrementAndGet() == crashAt) {
      throw new SimulatedCrash(
          attributes.getAttribute(
              software.amazon.awssdk.core.interceptor.SdkExecutionAttribute.OPERATION_NAME));
    }
  }
}
