package io.strato.provisioning.cluster.ecs;

import java.util.concurrent.atomic.AtomicBoolean;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Simulates a process dying right after AWS carried out one call: the call's effect exists in the
 * emulator, but its answer never reaches the driver.
 */
final class CrashAfter implements ExecutionInterceptor {

  static final class Crash extends RuntimeException {
    Crash(String operation) {
      super("simulated crash after " + operation);
    }
  }

  private final String operation;
  private final AtomicBoolean fired = new AtomicBoolean();

  CrashAfter(String operation) {
    this.operation = operation;
  }

  @Override
  public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
    if (operation.equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))
        && fired.compareAndSet(false, true)) {
      throw new Crash(operation);
    }
  }

  boolean fired() {
    return fired.get();
  }
}
