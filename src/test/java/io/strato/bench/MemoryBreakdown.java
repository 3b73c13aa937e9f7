package io.strato.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a process's resident memory goes, printed at the end of a memory scenario: anonymous
 * against file-backed pages (a class-data archive or ahead-of-time cache is a mapped file, whose
 * clean pages the kernel can share and drop), the mapped files that hold the most, the classes
 * loaded and how many came from an archive, and, when the JVM runs with {@code
 * -XX:NativeMemoryTracking=summary}, the JVM's own account by category.
 */
final class MemoryBreakdown {

  private static final Pattern NMT_CATEGORY =
      Pattern.compile("^-\\s+(.+?) \\(reserved=(\\d+)KB, committed=(\\d+)KB[,)]");
  private static final Pattern NMT_TOTAL =
      Pattern.compile("^Total: reserved=(\\d+)KB, committed=(\\d+)KB(?:, malloc=(\\d+)KB.*)?");

  private MemoryBreakdown() {}

  static void print(String tag, long pid) throws Exception {
    Figures.line("%s resident: %s", tag, residentKinds(pid));
    Figures.line("%s mapped files by resident size: %s", tag, mappedFiles(pid));
    String counters = jcmd(pid, "PerfCounter.print");
    Figures.line("%s classes: %s", tag, classCounts(counters));
    Figures.line("%s collections over the whole scenario: %s", tag, collections(counters));
    String nmt = nativeMemory(pid);
    if (!nmt.isEmpty()) {
      Figures.line("%s native memory tracking, committed MB: %s", tag, nmt);
    }
  }

  /** RssAnon, RssFile and RssShmem of /proc/PID/status, in MB. */
  private static String residentKinds(long pid) throws IOException {
    List<String> parts = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("RssAnon:")
          || line.startsWith("RssFile:")
          || line.startsWith("RssShmem:")) {
        String[] f = line.split("\\s+");
        parts.add(f[0] + " " + Long.parseLong(f[1]) / 1024 + " MB");
      }
    }
    return String.join(", ", parts);
  }

  /** The five mapped files with the most resident pages (/proc/PID/smaps), in MB. */
  private static String mappedFiles(long pid) throws IOException {
    Map<String, Long> rssByFile = new HashMap<>();
    String current = null;
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/smaps"))) {
      if (Character.isDigit(line.charAt(0)) || (line.charAt(0) >= 'a' && line.charAt(0) <= 'f')) {
        String[] f = line.trim().split("\\s+", 6);
        current = f.length == 6 && f[5].startsWith("/") ? f[5] : null;
      } else if (current != null && line.startsWith("Rss:")) {
        rssByFile.merge(current, Long.parseLong(line.split("\\s+")[1]), Long::sum);
      }
    }
    return rssByFile.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
        .limit(5)
        .map(e -> "%s %.1f".formatted(Path.of(e.getKey()).getFileName(), e.getValue() / 1024.0))
        .reduce((a, b) -> a + ", " + b)
        .orElse("none");
  }

  /** Loaded, unloaded and archive-loaded class counts from the JVM's performance counters. */
  private static String classCounts(String out) {
    List<String> parts = new ArrayList<>();
    for (String name :
        List.of(
            "java.cls.loadedClasses", "java.cls.sharedLoadedClasses", "java.cls.unloadedClasses")) {
      Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "=(\\d+)").matcher(out);
      if (m.find()) {
        parts.add(name.substring("java.cls.".length()) + " " + m.group(1));
      }
    }
    return String.join(", ", parts);
  }

  /**
   * How often each collector ran and for how long in all (young and full, from the JVM's counters):
   * a smaller heap is paid for in collections, which is what to compare beside the throughput.
   */
  private static String collections(String out) {
    long frequency = counter(out, "sun.os.hrt.frequency");
    List<String> parts = new ArrayList<>();
    for (int c = 0; c < 2; c++) {
      String prefix = "sun.gc.collector." + c + ".";
      long count = counter(out, prefix + "invocations");
      long ticks = counter(out, prefix + "time");
      if (count >= 0 && frequency > 0) {
        parts.add(
            "%s %d in %.2f s"
                .formatted(c == 0 ? "young" : "full", count, ticks / (double) frequency));
      }
    }
    return String.join(", ", parts);
  }

  private static long counter(String out, String name) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "=(\\d+)").matcher(out);
    return m.find() ? Long.parseLong(m.group(1)) : -1;
  }

  /** The committed size of each NMT category over 1 MB and the total; empty without NMT. */
  private static String nativeMemory(long pid) throws Exception {
    String out = jcmd(pid, "VM.native_memory summary");
    List<String> parts = new ArrayList<>();
    for (String line : out.lines().map(String::trim).toList()) {
      Matcher total = NMT_TOTAL.matcher(line);
      if (total.find()) {
        parts.add(0, "total " + Long.parseLong(total.group(2)) / 1024);
      }
      Matcher c = NMT_CATEGORY.matcher(line);
      if (c.find() && Long.parseLong(c.group(3)) >= 1024) {
        parts.add(c.group(1) + " " + Long.parseLong(c.group(3)) / 1024);
      }
    }
    return String.join(", ", parts);
  }

  private static String jcmd(long pid, String command) throws Exception {
    List<String> words = new ArrayList<>(List.of("jcmd", String.valueOf(pid)));
    words.addAll(List.of(command.split(" ")));
    Process p = new ProcessBuilder(words).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    p.waitFor();
    return out;
  }
}
