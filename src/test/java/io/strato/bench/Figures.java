package io.strato.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Where the benchmarks report: every line goes to standard output and is appended to {@code
 * target/benchmarks.txt}, so one run leaves one file with all the figures.
 */
public final class Figures {

  static final Path FILE = Path.of("target", "benchmarks.txt");

  private Figures() {}

  static {
    // One file per run: the benchmarks share one JVM, so the first figure of a run starts it.
    try {
      Files.createDirectories(FILE.getParent());
      Files.writeString(
          FILE,
          "# Strato benchmarks, "
              + java.time.Instant.now()
              + ", Java "
              + System.getProperty("java.version")
              + ", "
              + Runtime.getRuntime().availableProcessors()
              + " cores"
              + System.lineSeparator());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException | RuntimeException e) {
      return "?";
    }
  }

  /**
   * Prints one figure with the machine's one-minute load average beside it: the cores are shared,
   * so a time is comparable only with one measured at a similar load.
   */
  public static void line(String format, Object... args) {
    String text = String.format(format, args) + " [load " + loadAverage() + "]";
    System.out.println(text);
    try {
      Files.createDirectories(FILE.getParent());
      Files.writeString(
          FILE,
          text + System.lineSeparator(),
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
