package io.strato.testsupport;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Keeps every AWS request Strato sends, in order: the metrics tally only counts calls, and moto
 * does not store everything asked of it (an ECS service's deployment configuration, say). The one
 * call recorder of the test suite; install it with {@code MotoServer.clients(List.of(recorder))}.
 */
public final class CallRecorder implements ExecutionInterceptor {

  private record Call(String operation, SdkRequest request) {}

  private final List<Call> calls = new CopyOnWriteArrayList<>();

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    calls.add(
        new Call(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), context.request()));
  }

  /** Every operation sent, in order. */
  public List<String> operations() {
    return calls.stream().map(Call::operation).toList();
  }

  /** The operations that change something (not a Describe, List or Get), in order. */
  public List<String> mutations() {
    return operations().stream().filter(CallRecorder::changes).toList();
  }

  /** The requests of one type, in order. */
  public <T extends SdkRequest> List<T> sent(Class<T> type) {
    return calls.stream().map(Call::request).filter(type::isInstance).map(type::cast).toList();
  }

  public void clear() {
    calls.clear();
  }

  static boolean changes(String operation) {
    return !operation.startsWith("Describe")
        && !operation.startsWith("List")
        && !operation.startsWith("Get");
  }
}
