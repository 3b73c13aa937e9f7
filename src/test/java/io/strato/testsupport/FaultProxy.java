package io.strato.testsupport;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.strato.cloud.aws.AwsClients;
import io.strato.cloud.aws.AwsSettings;
import io.strato.cloud.aws.CloudCallMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Predicate;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * An HTTP proxy between Strato's AWS clients and moto that answers a share of calls with the
 * failures a real AWS endpoint gives (throttling in each protocol's error shape, 500, 503, a
 * dropped connection before or after the call reached the service, extra latency) and forwards the
 * rest. "Dropped after" is the dangerous one: the call took effect but the client never heard so,
 * and its retry must not create a twin. Requests and faults are also counted per SigV4 signing
 * service, and one service can be throttled on every call (the shared-backoff probe).
 *
 * <p>Tests also script faults by name on the calls they choose (a crash point, an AWS error code
 * moto never gives, an answer rewritten where moto behaves unlike AWS): the fault then comes from
 * an HTTP peer in the wire format, never from a stand-in inside the SDK.
 */
public final class FaultProxy implements AutoCloseable {

  public enum Fault {
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

  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI target;
  private final double share;
  private final Random random;
  private final HttpServer server;
  private final ExecutorService handlers = Executors.newFixedThreadPool(16);
  private final HttpClient client = HttpClient.newHttpClient();
  private final Map<Fault, LongAdder> injected = new ConcurrentHashMap<>();
  private final AtomicLong requests = new AtomicLong();

  /** Per signing service ({@code ec2}, {@code elasticloadbalancing}, ...): requests, faults. */
  private final Map<String, LongAdder> byService = new ConcurrentHashMap<>();

  private volatile boolean enabled = true;
  private final FaultScript script = new FaultScript();
  private final List<ProxiedCall> recorded = new CopyOnWriteArrayList<>();
  private volatile boolean recording;

  /** A service whose every call is throttled (the shared-backoff probe), or null. */
  private volatile String throttled;

  public FaultProxy(URI target, double share, long seed) throws IOException {
    this.target = target;
    this.share = share;
    this.random = new Random(seed);
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    server.setExecutor(handlers);
    server.createContext("/", this::handle);
    server.start();
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /**
   * A proxy that injects only the faults a test scripts: every call reaches moto unless a step
   * below says otherwise.
   */
  public static FaultProxy scripted(URI moto) {
    try {
      return new FaultProxy(moto, 0, 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The next {@code times} matching calls are answered with {@code error} and never forwarded. */
  public FaultProxy refuse(Predicate<ProxiedCall> which, int times, AwsWireError error) {
    script.add(which, times, new FaultScript.Act.Refuse(error));
    return this;
  }

  /** Every matching call is answered with {@code error} and never forwarded. */
  public FaultProxy refuseAll(Predicate<ProxiedCall> which, AwsWireError error) {
    return refuse(which, Integer.MAX_VALUE, error);
  }

  /** The next {@code times} matching calls take effect, then their connection drops. */
  public FaultProxy dropAnswer(Predicate<ProxiedCall> which, int times) {
    script.add(which, times, new FaultScript.Act.DropAnswer());
    return this;
  }

  /** The JSON answers of the next {@code times} matching calls are changed on the way back. */
  public FaultProxy rewrite(Predicate<ProxiedCall> which, int times, Consumer<ObjectNode> change) {
    script.rewrite(which, times, change);
    return this;
  }

  /**
   * The process "dies" right after the k-th call from now: that call takes effect and its answer is
   * lost, and every later call is dropped before it is forwarded.
   */
  public FaultProxy crashAfter(int k) {
    script.crashAfter(k);
    return this;
  }

  /** Forgets the script and the recorded calls, and restarts the call count. */
  public void reset() {
    script.reset();
    recorded.clear();
  }

  /** From now on keep every call, for a test that checks what went on the wire. */
  public FaultProxy recording() {
    recording = true;
    return this;
  }

  public List<ProxiedCall> recorded() {
    return List.copyOf(recorded);
  }

  /** Calls seen since the last reset or crash point (the next call's number minus one). */
  public int calls() {
    return script.count();
  }

  /**
   * Strato's clients with every call through this proxy, signed with moto's dummy key.
   *
   * @param maxAttempts 1 for a process that is to die at a crash point (it does not retry); more to
   *     let the SDK retry what the proxy dropped, as it does in production
   */
  public AwsClients clients(int maxAttempts, ExecutionInterceptor... interceptors) {
    return new AwsClients(
        new AwsSettings(
            MotoServer.REGION,
            Optional.of(endpoint()),
            Optional.of(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))),
            maxAttempts),
        new CloudCallMetrics(new SimpleMeterRegistry()),
        List.of(interceptors));
  }

  /** Off: forward everything (used while the test reads or tears down). */
  public void enabled(boolean on) {
    this.enabled = on;
  }

  public long requests() {
    return requests.get();
  }

  public Map<Fault, Long> injected() {
    Map<Fault, Long> out = new TreeMap<>();
    injected.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  public long faults() {
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
    ProxiedCall call = call(ex, service, body);
    if (recording) {
      recorded.add(call);
    }
    Optional<FaultScript.Act> scripted = script.actOn(call);
    if (scripted.isPresent()) {
      try (ex) {
        play(ex, call, scripted.get());
      }
      return;
    }
    if (service.equals(throttled)) {
      count("probe-throttles/" + service);
      try (ex) {
        error(ex, call, Fault.THROTTLING);
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
        error(ex, call, fault);
        return;
      }
      if (fault == Fault.LATENCY) {
        sleep(200 + random(800));
      }
      HttpResponse<byte[]> answer = forward(ex, body);
      if (fault == Fault.DROPPED_AFTER) {
        count("dropped-after/" + (call.action().isEmpty() ? "unknown" : call.action()));
        throw new IOException("fault: response dropped after the call took effect");
      }
      answer(ex, answer, answer.body());
    }
  }

  /** A fault the test asked for by name (see {@link FaultScript}). */
  private void play(HttpExchange ex, ProxiedCall call, FaultScript.Act act) throws IOException {
    count("scripted/" + act.getClass().getSimpleName() + "/" + call.service());
    if (act instanceof FaultScript.Act.Refuse refuse) {
      refuse.error().write(ex, call);
    } else if (act instanceof FaultScript.Act.DropRequest) {
      throw new IOException("fault: connection dropped before call " + call.number());
    } else if (act instanceof FaultScript.Act.DropAnswer) {
      forward(ex, call.body());
      throw new IOException("fault: answer to call " + call.number() + " dropped");
    } else if (act instanceof FaultScript.Act.Rewrite rewrite) {
      HttpResponse<byte[]> answer = forward(ex, call.body());
      byte[] out = answer.body();
      if (answer.statusCode() == 200 && out.length > 0 && rewrite.left().getAndDecrement() > 0) {
        ObjectNode root = (ObjectNode) JSON.readTree(out);
        rewrite.change().accept(root);
        out = JSON.writeValueAsBytes(root);
      }
      answer(ex, answer, out);
    }
  }

  private static void answer(HttpExchange ex, HttpResponse<byte[]> answer, byte[] out)
      throws IOException {
    answer
        .headers()
        .map()
        .forEach(
            (k, v) -> {
              if (!HOP_BY_HOP.contains(k.toLowerCase()) && !k.startsWith(":")) {
                v.forEach(value -> ex.getResponseHeaders().add(k, value));
              }
            });
    ex.sendResponseHeaders(answer.statusCode(), out.length == 0 ? -1 : out.length);
    ex.getResponseBody().write(out);
  }

  private ProxiedCall call(HttpExchange ex, String service, byte[] body) {
    Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    ex.getRequestHeaders().forEach((k, v) -> headers.put(k, List.copyOf(v)));
    return new ProxiedCall(
        script.number(),
        ex.getRequestMethod(),
        ex.getRequestURI().getPath(),
        service,
        action(ex, body),
        Collections.unmodifiableMap(headers),
        body);
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
    return "";
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

  /** A random fault's answer, in the shape the calling protocol expects. */
  private static void error(HttpExchange ex, ProxiedCall call, Fault fault) throws IOException {
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
    new AwsWireError(status, code, "injected fault").write(ex, call);
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
    handlers.shutdownNow();
  }
}
