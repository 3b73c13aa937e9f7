package io.strato.provisioning.cluster.gke;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GKE versions: a minor ({@code 1.31}, meaning GKE's current patch of it) or a full version ({@code
 * 1.31.6-gke.1020000}).
 */
final class GkeVersions {

  static final Pattern MINOR = Pattern.compile("1\\.(\\d{1,2})");
  static final Pattern FULL = Pattern.compile("1\\.(\\d{1,2})\\.(\\d{1,3})-gke\\.(\\d{1,10})");

  private GkeVersions() {}

  static boolean valid(String v) {
    return MINOR.matcher(v).matches() || FULL.matcher(v).matches();
  }

  /**
   * Compares the version asked for with the running one: negative when the running one is newer. A
   * minor asked for compares by minor only, so any patch of it satisfies it.
   */
  static int compare(String asked, String running) {
    long[] a = parts(asked);
    long[] r = parts(running);
    if (MINOR.matcher(asked).matches()) {
      return Long.compare(a[0], r[0]);
    }
    for (int i = 0; i < 3; i++) {
      if (a[i] != r[i]) {
        return Long.compare(a[i], r[i]);
      }
    }
    return 0;
  }

  /**
   * How many minors nodes may trail the control plane. GKE's version skew policy keeps nodes within
   * two minor versions of the control plane; it refuses a control-plane upgrade that would leave
   * nodes further behind.
   */
  static final int NODE_SKEW = 2;

  /** The minor of a version ({@code 31} for 1.31 and 1.31.6-gke.1020000). */
  static int minor(String v) {
    return (int) parts(v)[0];
  }

  /** minor, patch, gke build; missing parts are 0. */
  private static long[] parts(String v) {
    Matcher full = FULL.matcher(v);
    if (full.matches()) {
      return new long[] {
        Long.parseLong(full.group(1)), Long.parseLong(full.group(2)), Long.parseLong(full.group(3))
      };
    }
    Matcher minor = Pattern.compile("1\\.(\\d{1,2}).*").matcher(v);
    if (minor.matches()) {
      return new long[] {Long.parseLong(minor.group(1)), 0, 0};
    }
    throw new IllegalArgumentException("not a GKE version: " + v);
  }
}
