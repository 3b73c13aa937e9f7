package io.strato.console;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Reads Strato's own cloud call counters ({@code strato_cloud_calls_total}, the ones every provider
 * call goes through) every few seconds into a {@link CloudCallHistory}. It reads the meter registry
 * rather than hooking into the call path, so the console costs the cloud calls nothing and sees
 * every provider that records there.
 */
@ApplicationScoped
public class CloudCallSampler {

  private static final Logger LOG = Logger.getLogger(CloudCallSampler.class);

  static final String METER = "strato.cloud.calls";
  static final Duration INTERVAL = Duration.ofSeconds(10);

  private final MeterRegistry registry;
  private final Clock clock = Clock.systemUTC();
  private final CloudCallHistory history = new CloudCallHistory();
  private ScheduledExecutorService timer;

  public CloudCallSampler(MeterRegistry registry) {
    this.registry = registry;
  }

  void start(@Observes StartupEvent event) {
    timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "strato-cloud-call-sampler");
              t.setDaemon(true);
              return t;
            });
    timer.scheduleAtFixedRate(this::sample, 0, INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
  }

  void stop(@Observes ShutdownEvent event) {
    if (timer != null) {
      timer.shutdownNow();
    }
  }

  /** The last {@code minutes} minutes, including the calls made since the last timed sample. */
  public CloudCallRates rates(int minutes) {
    sample();
    return history.rates(clock.instant(), minutes);
  }

  private void sample() {
    try {
      history.sample(clock.instant(), totals());
    } catch (RuntimeException e) {
      // A failed sample only delays the chart; the next one counts the calls it missed.
      LOG.warnf("could not sample the cloud call counters: %s", e.toString());
    }
  }

  /** Calls so far per operation, summed over outcomes (the chart is about cost, not errors). */
  private Map<CloudOperation, Long> totals() {
    Map<CloudOperation, Long> totals = new HashMap<>();
    for (Counter counter : registry.find(METER).counters()) {
      var id = counter.getId();
      CloudOperation op =
          new CloudOperation(id.getTag("provider"), id.getTag("service"), id.getTag("operation"));
      totals.merge(op, (long) counter.count(), Long::sum);
    }
    return totals;
  }
}
