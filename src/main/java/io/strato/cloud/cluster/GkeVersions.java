package io.strato.cloud.cluster;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GKE versions as the API takes them: an explicit version ({@code 1.31.6-gke.1020000}) or one of
 * GKE's aliases, {@code 1.31} (the newest patch of the minor), {@code 1.31.6} (the newest gke.N of
 * the patch), {@code latest} (the newest version) and {@code -} (GKE's default).
 */
public final class GkeVersions {

  static final Pattern MINOR = Pattern.compile("1\\.(\\d{1,2})");
  static final Pattern PATCH = Pattern.compile("1\\.(\\d{1,2})\\.(\\d{1,3})");
  static final Pattern FULL = Pattern.compile("1\\.(\\d{1,2})\\.(\\d{1,3})-gke\\.(\\d{1,10})");

  /** Aliases that name no minor: GKE picks, and any running version satisfies them. */
  public static final java.util.Set<String> FLOATING = java.util.Set.of("latest", "-");

  private GkeVersions() {}

  public static boolean valid(String v) {
    return FLOATING.contains(v)
        || MINOR.matcher(v).matches()
        || PATCH.matcher(v).matches()
        || FULL.matcher(v).matches();
  }

  /**
   * Compares the version asked for with the running one: negative when the running one is newer. A
   * minor asked for compares by minor only, a patch by minor and patch, so any newer build
   * satisfies it; a floating alias is satisfied by whatever runs (GKE keeps it current).
   */
  public static int compare(String asked, String running) {
    if (FLOATING.contains(asked)) {
      return 0;
    }
    long[] a = parts(asked);
    long[] r = parts(running);
    int significant = MINOR.matcher(asked).matches() ? 1 : PATCH.matcher(asked).matches() ? 2 : 3;
    for (int i = 0; i < significant; i++) {
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
  public static final int NODE_SKEW = 2;

  /** The minor of a version ({@code 31} for 1.31 and 1.31.6-gke.1020000). */
  public static int minor(String v) {
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
    Matcher patch = Pattern.compile("1\\.(\\d{1,2})\\.(\\d{1,3}).*").matcher(v);
    if (patch.matches()) {
      return new long[] {Long.parseLong(patch.group(1)), Long.parseLong(patch.group(2)), 0};
    }
    Matcher minor = Pattern.compile("1\\.(\\d{1,2}).*").matcher(v);
    if (minor.matches()) {
      return new long[] {Long.parseLong(minor.group(1)), 0, 0};
    }
    throw new IllegalArgumentException("not a GKE version: " + v);
  }
}
