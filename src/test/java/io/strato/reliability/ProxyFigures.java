package io.strato.reliability;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * What the {@link io.strato.testsupport.FaultProxy} counted, read over its admin path (Quarkus
 * starts test resources in another class loader than the test's, so the test cannot hold the proxy
 * itself). Keys: {@code requests}, {@code requests/<service>}, {@code <FAULT>}, {@code
 * fault/<service>/<FAULT>}, {@code probe-throttles/<service>}.
 */
record ProxyFigures(Map<String, Long> counts) {

  /** Sends an admin command ({@code ""}, {@code /on}, {@code /off}, {@code /throttle/<svc>}). */
  static ProxyFigures admin(URI proxy, String command) {
    try {
      String text =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(proxy.resolve("/__faults" + command)).build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      Map<String, Long> out = new TreeMap<>();
      for (String line : text.split("\n")) {
        String[] kv = line.split("=");
        out.put(kv[0], Long.parseLong(kv[1]));
      }
      return new ProxyFigures(out);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** What happened between {@code earlier} and this reading. */
  ProxyFigures since(ProxyFigures earlier) {
    Map<String, Long> out = new TreeMap<>();
    counts.forEach(
        (k, v) -> {
          long d = v - earlier.counts.getOrDefault(k, 0L);
          if (d != 0) {
            out.put(k, d);
          }
        });
    return new ProxyFigures(out);
  }

  long requests() {
    return counts.getOrDefault("requests", 0L);
  }

  /** Injected faults by kind. */
  Map<String, Long> byKind() {
    return select(k -> k.equals(k.toUpperCase()) && !k.contains("/"));
  }

  long faults() {
    return byKind().values().stream().mapToLong(Long::longValue).sum();
  }

  /** Requests through the proxy per signing service. */
  Map<String, Long> requestsByService() {
    return strip(select(k -> k.startsWith("requests/")), "requests/");
  }

  /** Throttling and RequestLimitExceeded answers per signing service. */
  Map<String, Long> throttlesByService() {
    Map<String, Long> out = new TreeMap<>();
    counts.forEach(
        (k, v) -> {
          if (k.startsWith("fault/")
              && (k.endsWith("/THROTTLING") || k.endsWith("/REQUEST_LIMIT_EXCEEDED"))) {
            out.merge(k.split("/")[1], v, Long::sum);
          }
        });
    return out;
  }

  /** Answers dropped after the call took effect, per API action. */
  Map<String, Long> droppedAfterByAction() {
    return strip(select(k -> k.startsWith("dropped-after/")), "dropped-after/");
  }

  /** Faults of every kind per signing service. */
  Map<String, Long> faultsByService() {
    Map<String, Long> out = new TreeMap<>();
    counts.forEach(
        (k, v) -> {
          if (k.startsWith("fault/")) {
            out.merge(k.split("/")[1], v, Long::sum);
          }
        });
    return out;
  }

  private Map<String, Long> select(Predicate<String> key) {
    Map<String, Long> out = new TreeMap<>();
    counts.forEach(
        (k, v) -> {
          if (key.test(k)) {
            out.put(k, v);
          }
        });
    return out;
  }

  private static Map<String, Long> strip(Map<String, Long> in, String prefix) {
    Map<String, Long> out = new TreeMap<>();
    in.forEach((k, v) -> out.put(k.substring(prefix.length()), v));
    return out;
  }
}
