package io.strato.console;

import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Cloud calls per minute, as the console charts them: one series per operation, each with one count
 * per entry of {@code minutes}, the busiest operation first.
 *
 * @param minutes the start of each minute, oldest first
 */
public record CloudCallRates(List<Instant> minutes, List<Series> series) {

  /**
   * @param calls calls started in each minute of {@link CloudCallRates#minutes()}
   * @param total the sum of {@code calls}
   */
  public record Series(
      String provider, String service, String operation, List<Long> calls, long total) {}

  static CloudCallRates of(List<Instant> minutes, Map<CloudOperation, long[]> counts) {
    List<Series> series =
        counts.entrySet().stream()
            .map(
                e ->
                    new Series(
                        e.getKey().provider(),
                        e.getKey().service(),
                        e.getKey().operation(),
                        Arrays.stream(e.getValue()).boxed().toList(),
                        Arrays.stream(e.getValue()).sum()))
            .sorted(
                Comparator.comparingLong(Series::total)
                    .reversed()
                    .thenComparing(Series::service)
                    .thenComparing(Series::operation))
            .toList();
    return new CloudCallRates(List.copyOf(minutes), series);
  }
}
