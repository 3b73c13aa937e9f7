package io.strato.testsupport;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiPredicate;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Kills the "process" once, right after AWS carried out a chosen call: the call's effect exists in
 * the cloud, but its answer never reaches Strato. That is the crash that makes twins in code that
 * remembers what it did instead of looking. The one crash injector of the test suite: install it
 * with {@code MotoServer.clients(List.of(crash))}.
 */
public final class CrashAfter implements ExecutionInterceptor {

  private final String description;
  private final BiPredicate<String, Integer> when;
  private final AtomicInteger calls = new AtomicInteger();
  private final AtomicBoolean fired = new AtomicBoolean();

  private CrashAfter(String description, BiPredicate<String, Integer> when) {
    this.description = description;
    this.when = when;
  }

  /** After the k-th call (1-based), whatever it is. */
  public static CrashAfter call(int k) {
    return new CrashAfter("call " + k, (operation, call) -> call == k);
  }

  /** After the first call of {@code operation}. */
  public static CrashAfter first(String operation) {
    return new CrashAfter(operation, (op, call) -> op.equals(operation));
  }

  /** After the first call that changes something (not a Describe, List or Get). */
  public static CrashAfter firstWrite() {
    return new CrashAfter("the first write", (op, call) -> CallRecorder.changes(op));
  }

  @Override
  public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
    String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    if (!fired.get()
        && when.test(operation, calls.incrementAndGet())
        && fired.compareAndSet(false, true)) {
      throw new SimulatedCrash("after " + operation);
    }
  }

  /** Whether the crash happened. */
  public boolean fired() {
    return fired.get();
  }

  @Override
  public String toString() {
    return "crash after " + description;
  }
}
