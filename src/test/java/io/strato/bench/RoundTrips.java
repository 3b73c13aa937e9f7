package io.strato.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Time spent waiting for the emulator's answers, per operation, summed over threads: what a run
 * spends in the cloud as against in itself (reconcile logic, store writes).
 */
final class RoundTrips implements ExecutionInterceptor {

  private static final ExecutionAttribute<Long> SENT = new ExecutionAttribute<>("bench-sent");

  private final Map<String, LongAdder> nanosByOperation = new ConcurrentHashMap<>();

  @Override
  public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes a) {
    a.putAttribute(SENT, System.nanoTime());
  }

  @Override
  public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes a) {
    Long sent = a.getAttribute(SENT);
    if (sent != null) {
      nanosByOperation
          .computeIfAbsent(
              a.getAttribute(SdkExecutionAttribute.OPERATION_NAME), k -> new LongAdder())
          .add(System.nanoTime() - sent);
    }
  }

  double totalSeconds() {
    return nanosByOperation.values().stream().mapToLong(LongAdder::sum).sum() / 1e9;
  }

  /** Seconds per operation, by name. */
  Map<String, String> secondsByOperation() {
    Map<String, String> out = new TreeMap<>();
    nanosByOperation.forEach((k, v) -> out.put(k, String.format("%.2f", v.sum() / 1e9)));
    return out;
  }
}
