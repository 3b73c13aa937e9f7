package io.strato.cloud.aws;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The one place every cloud call is counted and timed, as {@code strato_cloud_calls_total} and
 * {@code strato_cloud_call_duration_seconds} with the tags provider, service, operation and
 * outcome. It also keeps a plain per-operation tally, so tests and benchmarks can read "how many
 * calls did this take" without scraping Prometheus text.
 *
 * <p>Observers see each call after it is counted. Production installs none; the tests install one
 * that records which AWS actions Strato called, to check them against the shipped IAM policy.
 */
public final class CloudCallMetrics {

  private final MeterRegistry registry;
  private final Map<String, LongAdder> tally = new ConcurrentHashMap<>();
  private final List<Observer> observers;

  /** Sees every call once it is counted: {@code service} and {@code operation} as tagged. */
  @FunctionalInterface
  public interface Observer {
    void called(String service, String operation);
  }

  public CloudCallMetrics(MeterRegistry registry) {
    this(registry, List.of());
  }

  public CloudCallMetrics(MeterRegistry registry, List<Observer> observers) {
    this.registry = registry;
    this.observers = List.copyOf(observers);
  }

  public void record(
      String provider, String service, String operation, String outcome, Duration duration) {
    Counter.builder("strato.cloud.calls")
        .description("Cloud API calls made by Strato")
        .tags("provider", provider, "service", service, "operation", operation, "outcome", outcome)
        .register(registry)
        .increment();
    Timer.builder("strato.cloud.call.duration")
        .description("Duration of cloud API calls")
        .tags("provider", provider, "service", service, "operation", operation, "outcome", outcome)
        .register(registry)
        .record(duration);
    tally.computeIfAbsent(service + ":" + operation, k -> new LongAdder()).increment();
    observers.forEach(o -> o.called(service, operation));
  }

  /** Calls per {@code service:operation} since the last {@link #reset()}, sorted by name. */
  public Map<String, Long> snapshot() {
    Map<String, Long> out = new TreeMap<>();
    tally.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  public long total() {
    return tally.values().stream().mapToLong(LongAdder::sum).sum();
  }

  /** Clears the tally (not the Prometheus counters, which must stay monotonic). */
  public void reset() {
    tally.clear();
  }
}
