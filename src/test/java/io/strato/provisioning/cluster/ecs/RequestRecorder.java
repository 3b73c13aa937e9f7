package io.strato.provisioning.cluster.ecs;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Keeps every SDK request sent, so a scenario can check what Strato asked for where moto does not
 * store it (a service's deployment configuration, strategy and placement).
 */
final class RequestRecorder implements ExecutionInterceptor {

  private final List<SdkRequest> sent = new CopyOnWriteArrayList<>();

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    sent.add(context.request());
  }

  <T extends SdkRequest> List<T> sent(Class<T> type) {
    return sent.stream().filter(type::isInstance).map(type::cast).toList();
  }
}
