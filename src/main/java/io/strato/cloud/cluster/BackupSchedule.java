package io.strato.cloud.cluster;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How often a control plane snapshots etcd: a whole number and a unit, {@code m}, {@code h} or
 * {@code d} ({@code 30m}, {@code 1h}, {@code 1d}). An interval rather than a calendar expression
 * because everything Strato derives from it is a duration too: the timer's {@code OnUnitActiveSec},
 * how often Strato lists the bucket, and when {@code BackupCurrent} turns False (two intervals).
 * Parsed here, in Java, so a schedule that does not parse is a 422 and never reaches a node.
 */
public final class BackupSchedule {

  public static final String DEFAULT = "1h";

  /** An etcd snapshot of a large cluster takes a while; more often than this is noise. */
  static final Duration MIN = Duration.ofMinutes(5);

  static final Duration MAX = Duration.ofDays(7);

  private static final Pattern FORM = Pattern.compile("([1-9][0-9]{0,4})([mhd])");

  private BackupSchedule() {}

  /** The interval, or empty when the text is not a schedule within bounds. */
  public static Optional<Duration> parse(String schedule) {
    if (schedule == null) {
      return Optional.empty();
    }
    Matcher m = FORM.matcher(schedule.trim());
    if (!m.matches()) {
      return Optional.empty();
    }
    long n = Long.parseLong(m.group(1));
    Duration d =
        switch (m.group(2)) {
          case "m" -> Duration.ofMinutes(n);
          case "h" -> Duration.ofHours(n);
          default -> Duration.ofDays(n);
        };
    return d.compareTo(MIN) < 0 || d.compareTo(MAX) > 0 ? Optional.empty() : Optional.of(d);
  }

  /** Why a schedule is refused, for a 422; null when it is usable. */
  public static String problem(String schedule) {
    return parse(schedule).isPresent()
        ? null
        : "must be a number and a unit, m, h or d (e.g. 30m, 1h, 1d), between 5m and 7d; got \""
            + schedule
            + "\"";
  }
}
