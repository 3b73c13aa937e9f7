package io.strato.reliability;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * An HTTP proxy between Strato's AWS clients and moto that answers a share of calls with the
 * failures a real AWS endpoint gives (throttling in each protocol's error shape, 500, 503, a
 * dropped connection before or after the call reached the service, extra latency) and forwards the
 * rest. "Dropped after" is the dangerous one: the call took effect but the client never heard so,
 * and its retry must not create a twin. Requests and faults are also counted per SigV4 signing
 * service, and one service can be throttled on every call (the shared-backoff probe).
 */
final class FaultProxy implements AutoCloseable {

  enum Fault {
    THROTTLING,
    REQUEST_LIMIT_EXCEEDED,
    INTERNAL_ERROR_500,
    UNAVAILABLE_503,
    DROPPED_BEFORE,
    DROPPED_AFTER,
    LATENCY
  }

  private static final Set<String> HOP_BY_HOP =
      Set.of("connection", "content-length", "host", "expect", "upgrade", "transfer-encoding");

  private final URI target;
  private final double share;
  private final Random random;
  private final HttpServer server;
  private final HttpClient client = HttpClient.newHttpClient();
  private final Map<Fault, LongAdder> injected = new ConcurrentHashMap<>();
  private final AtomicLong requests = new AtomicLong();

  /** Per signing service ({@code ec2}, {@code elasticloadbalancing}, ...): requests, faults. */
  private final Map<String, LongAdder> byService = new ConcurrentHashMap<>();

  private volatile boolean enabled = true;

  /** A service whose every call is throttled (the shared-backoff probe), or null. */
  private volatile String throttled;

  FaultProxy(URI target, double share, long seed) throws IOException {
    this.target = target;
    this.share = share;
    this.random = new Random(seed);
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    server.setExecutor(Executors.newFixedThreadPool(16));
    server.createContext("/", this::handle);
    server.start();
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Off: forward everything (used while the test reads or tears down). */
  void enabled(boolean on) {
    this.enabled = on;
  }

  long requests() {
    return requests.get();
  }

  Map<Fault, Long> injected() {
    Map<Fault, Long> out = new TreeMap<>();
    injected.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  long faults() {
    return injected.values().stream().mapToLong(LongAdder::sum).sum();
  }

  private Fault draw() {
    synchronized (random) {
      if (!enabled || random.nextDouble() >= share) {
        return null;
      }
      Fault[] all = Fault.values();
      return all[random.nextInt(all.length)];
    }
  }

  private void handle(HttpExchange ex) throws IOException {
    if (ex.getRequestURI().getPath().startsWith("/__faults")) {
      admin(ex);
      return;
    }
    requests.incrementAndGet();
    String service = signingService(ex);
    count("requests/" + service);
    byte[] body = ex.getRequestBody().readAllBytes();
    if (service.equals(throttled)) {
      count("probe-throttles/" + service);
      try (ex) {
        error(ex, body, Fault.THROTTLING);
      }
      return;
    }
    Fault fault = draw();
    if (fault != null) {
      injected.computeIfAbsent(fault, f -> new LongAdder()).increment();
      count("fault/" + service + "/" + fault);
    }
    try (ex) {
      if (fault == Fault.DROPPED_BEFORE) {
        throw new IOException("fault: connection dropped before forwarding");
      }
      if (fault != null && fault.ordinal() <= Fault.UNAVAILABLE_503.ordinal()) {
        error(ex, body, fault);
        return;
      }
      if (fault == Fault.LATENCY) {
        sleep(200 + random(800));
      }
      HttpResponse<byte[]> answer = forward(ex, body);
      if (fault == Fault.DROPPED_AFTER) {
        count("dropped-after/" + action(ex, body));
        throw new IOException("fault: response dropped after the call took effect");
      }
      answer
          .headers()
          .map()
          .forEach(
              (k, v) -> {
                if (!HOP_BY_HOP.contains(k.toLowerCase()) && !k.startsWith(":")) {
                  v.forEach(value -> ex.getResponseHeaders().add(k, value));
                }
              });
      byte[] out = answer.body();
      ex.sendResponseHeaders(answer.statusCode(), out.length == 0 ? -1 : out.length);
      ex.getResponseBody().write(out);
    }
  }

  /**
   * The campaign reads the figures over HTTP: Quarkus starts test resources in another class loader
   * than the test's, so a static reference would not be the same proxy.
   */
  private void admin(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    if (path.endsWith("/off")) {
      enabled(false);
    } else if (path.endsWith("/on")) {
      enabled(true);
    } else if (path.startsWith("/__faults/throttle/")) {
      String service = path.substring("/__faults/throttle/".length());
      throttled = service.equals("none") ? null : service;
    }
    StringBuilder b = new StringBuilder("requests=").append(requests());
    injected().forEach((k, v) -> b.append('\n').append(k).append('=').append(v));
    new TreeMap<>(byService).forEach((k, v) -> b.append('\n').append(k).append('=').append(v));
    byte[] out = b.toString().getBytes(StandardCharsets.UTF_8);
    try (ex) {
      ex.sendResponseHeaders(200, out.length);
      ex.getResponseBody().write(out);
    }
  }

  /** The API action: the query protocols name it in the form body, JSON ones in a header. */
  private static String action(HttpExchange ex, byte[] body) {
    String target = ex.getRequestHeaders().getFirst("X-Amz-Target");
    if (target != null) {
      return target.substring(target.indexOf('.') + 1);
    }
    for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
      if (pair.startsWith("Action=")) {
        return pair.substring("Action=".length());
      }
    }
    return "unknown";
  }

  private void count(String key) {
    byService.computeIfAbsent(key, k -> new LongAdder()).increment();
  }

  /**
   * The service a request is signed for, from the SigV4 credential scope ({@code
   * Credential=AKID/date/region/service/aws4_request}): every client shares one endpoint here, so
   * the host cannot tell them apart.
   */
  private static String signingService(HttpExchange ex) {
    String auth = ex.getRequestHeaders().getFirst("Authorization");
    int at = auth == null ? -1 : auth.indexOf("Credential=");
    if (at < 0) {
      return "unsigned";
    }
    String[] scope = auth.substring(at + "Credential=".length()).split("[,\\s]")[0].split("/");
    return scope.length >= 4 ? scope[3] : "unknown";
  }

  private HttpResponse<byte[]> forward(HttpExchange ex, byte[] body) throws IOException {
    HttpRequest.Builder req =
        HttpRequest.newBuilder(target.resolve(ex.getRequestURI().toString()))
            .method(ex.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
    ex.getRequestHeaders()
        .forEach(
            (k, v) -> {
              if (!HOP_BY_HOP.contains(k.toLowerCase())) {
                v.forEach(value -> req.header(k, value));
              }
            });
    try {
      return client.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  /** The error in the shape the calling protocol expects, so the SDK classifies it as AWS would. */
  private static void error(HttpExchange ex, byte[] body, Fault fault) throws IOException {
    int status =
        switch (fault) {
          case THROTTLING -> 400;
          case REQUEST_LIMIT_EXCEEDED, UNAVAILABLE_503 -> 503;
          default -> 500;
        };
    String code =
        switch (fault) {
          case THROTTLING -> "Throttling";
          case REQUEST_LIMIT_EXCEEDED -> "RequestLimitExceeded";
          case UNAVAILABLE_503 -> "ServiceUnavailable";
          default -> "InternalError";
        };
    String contentType = String.valueOf(ex.getRequestHeaders().getFirst("Content-Type"));
    String text = new String(body, StandardCharsets.UTF_8);
    String payload;
    String type;
    if (contentType.contains("json")) {
      payload = "{\"__type\": \"" + code + "\", \"message\": \"injected fault\"}";
      type = "application/x-amz-json-1.1";
      ex.getResponseHeaders().add("x-amzn-ErrorType", code);
    } else if (text.contains("Version=2016-11-15")) {
      // EC2's query protocol has its own error envelope.
      payload =
          "<Response><Errors><Error><Code>"
              + code
              + "</Code><Message>injected fault</Message></Error></Errors>"
              + "<RequestID>fault</RequestID></Response>";
      type = "text/xml";
    } else {
      payload =
          "<ErrorResponse><Error><Type>Sender</Type><Code>"
              + code
              + "</Code><Message>injected fault</Message></Error>"
              + "<RequestId>fault</RequestId></ErrorResponse>";
      type = "text/xml";
    }
    byte[] out = payload.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", type);
    ex.sendResponseHeaders(status, out.length);
    ex.getResponseBody().write(out);
  }

  private int random(int bound) {
    synchronized (random) {
      return random.nextInt(bound);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
