package io.strato.console;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Cloud calls per minute by operation, for the last hour, rebuilt from samples of the monotonic
 * call counters. Prometheus keeps only running totals; a person asking "what does Strato cost the
 * account right now" wants a rate, and the console has no Prometheus to compute one. Each sample
 * adds what the counters grew since the previous one to the minute it was taken in, so a sample
 * interval well under a minute keeps the buckets close to the truth.
 */
final class CloudCallHistory {

  static final int KEPT_MINUTES = 60;

  private final Map<CloudOperation, Long> lastTotals = new HashMap<>();
  private final NavigableMap<Long, Map<CloudOperation, Long>> byMinute = new TreeMap<>();

  /** Adds the growth of each counter since the last sample to the minute of {@code now}. */
  synchronized void sample(Instant now, Map<CloudOperation, Long> totals) {
    long minute = epochMinute(now);
    totals.forEach(
        (operation, total) -> {
          long grown = total - lastTotals.getOrDefault(operation, 0L);
          lastTotals.put(operation, total);
          // A counter never shrinks unless its meter was removed and registered again; then the
          // calls before that are unknown, and the next sample counts from the new total.
          if (grown > 0) {
            byMinute
                .computeIfAbsent(minute, m -> new HashMap<>())
                .merge(operation, grown, Long::sum);
          }
        });
    byMinute.headMap(minute - KEPT_MINUTES, true).clear();
  }

  /**
   * The {@code minutes} minutes up to and including the one of {@code now}, oldest first, with the
   * minutes in which nothing was called present and zero, so a chart's axis has no gaps.
   */
  synchronized CloudCallRates rates(Instant now, int minutes) {
    long last = epochMinute(now);
    long first = last - minutes + 1;
    List<Instant> starts = new ArrayList<>(minutes);
    Map<CloudOperation, long[]> counts = new HashMap<>();
    for (long m = first; m <= last; m++) {
      int index = (int) (m - first);
      starts.add(Instant.ofEpochSecond(m * 60));
      byMinute
          .getOrDefault(m, Map.of())
          .forEach((op, n) -> counts.computeIfAbsent(op, o -> new long[minutes])[index] = n);
    }
    return CloudCallRates.of(starts, counts);
  }

  private static long epochMinute(Instant at) {
    return Math.floorDiv(at.getEpochSecond(), 60);
  }
}
