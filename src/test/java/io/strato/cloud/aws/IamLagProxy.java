package io.strato.cloud.aws;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP proxy in front of moto that plays IAM's eventual consistency over the wire: the first
 * {@code lagging} CreateAutoScalingGroup calls are answered as Auto Scaling answers while a fresh
 * instance profile has not reached it yet (400, {@code ValidationError}, "Invalid IAM Instance
 * Profile name"); everything else is forwarded verbatim. moto checks no profile at all, so without
 * the proxy the answer could not be tested.
 */
final class IamLagProxy implements AutoCloseable {

  private static final Set<String> HOP_BY_HOP =
      Set.of("connection", "content-length", "host", "expect", "upgrade", "transfer-encoding");

  private final URI target;
  private final AtomicInteger lagging;
  private final AtomicInteger refused = new AtomicInteger();
  private final HttpServer server;
  private final HttpClient client = HttpClient.newHttpClient();

  IamLagProxy(URI target, int lagging) throws IOException {
    this.target = target;
    this.lagging = new AtomicInteger(lagging);
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    server.createContext("/", this::handle);
    server.start();
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  int refused() {
    return refused.get();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      byte[] body = ex.getRequestBody().readAllBytes();
      String text = new String(body, StandardCharsets.UTF_8);
      if (text.contains("Action=CreateAutoScalingGroup") && lagging.getAndDecrement() > 0) {
        refused.incrementAndGet();
        byte[] out =
            ("<ErrorResponse><Error><Type>Sender</Type><Code>ValidationError</Code><Message>You"
                    + " must use a valid fully-formed launch template. Value (strato-fresh) for"
                    + " parameter iamInstanceProfile.name is invalid. Invalid IAM Instance Profile"
                    + " name</Message></Error><RequestId>iam-lag</RequestId></ErrorResponse>")
                .getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "text/xml");
        ex.sendResponseHeaders(400, out.length);
        ex.getResponseBody().write(out);
        return;
      }
      forward(ex, body);
    }
  }

  private void forward(HttpExchange ex, byte[] body) throws IOException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(target.resolve(ex.getRequestURI().toString()))
            .method(ex.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
    ex.getRequestHeaders()
        .forEach(
            (name, values) -> {
              if (!HOP_BY_HOP.contains(name.toLowerCase())) {
                values.forEach(v -> b.header(name, v));
              }
            });
    try {
      HttpResponse<byte[]> r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
      r.headers()
          .map()
          .forEach(
              (name, values) -> {
                if (!HOP_BY_HOP.contains(name.toLowerCase()) && !name.startsWith(":")) {
                  values.forEach(v -> ex.getResponseHeaders().add(name, v));
                }
              });
      ex.sendResponseHeaders(r.statusCode(), r.body().length == 0 ? -1 : r.body().length);
      ex.getResponseBody().write(r.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
