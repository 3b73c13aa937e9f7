package io.strato.provisioning.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses a request whose declared body is larger than {@code quarkus.http.limits.max-body-size}
 * with a 413 problem document, like every other refusal of this API.
 *
 * <p>Quarkus enforces the same limit in a route of order -2 that answers 413 with an empty body and
 * closes the connection. This route runs just before it (order -3), so a client sending a huge body
 * learns why in the shape it parses for every other 4xx; Quarkus's route stays as the backstop, and
 * a chunked body without a Content-Length is still cut off by the HTTP layer once it passes the
 * limit. Nothing is parsed or stored.
 *
 * <p>A body that is too large but still modest is read and thrown away before the answer is sent:
 * most clients (Apache HttpClient, Java's, curl without {@code Expect: 100-continue}) write the
 * whole body before they read a response, and closing the connection on unread data makes the
 * kernel reset it, so the client sees "broken pipe" instead of the 413. Tomcat does the same with
 * its {@code maxSwallowSize}. Past {@link #SWALLOW_BEYOND_LIMIT} more bytes than the limit, the
 * answer goes out at once and the connection is closed, so nobody can make Strato read without
 * bound.
 */
@ApplicationScoped
public class BodySizeLimit {

  /** Just before Quarkus's own body size route (order -2). */
  static final int ORDER = -3;

  /** How far past the limit a declared body is still read and discarded (Tomcat's default). */
  static final long SWALLOW_BEYOND_LIMIT = 2L * 1024 * 1024;

  private final Optional<MemorySize> limit;
  private final ObjectMapper json;

  public BodySizeLimit(
      @ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> limit,
      ObjectMapper json) {
    this.limit = limit;
    this.json = json;
  }

  void install(@Observes Router router) {
    limit.ifPresent(
        max -> router.route().order(ORDER).handler(ctx -> check(ctx, max.asLongValue())));
  }

  private void check(RoutingContext ctx, long max) {
    String declared = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
    if (declared == null || !tooLarge(declared, max)) {
      ctx.next();
      return;
    }
    HttpServerRequest request = ctx.request();
    if (length(declared) > max + SWALLOW_BEYOND_LIMIT || request.isEnded()) {
      refuse(ctx, max);
      return;
    }
    request.handler(discarded -> {});
    request.exceptionHandler(broken -> request.connection().close());
    request.endHandler(ended -> refuse(ctx, max));
    request.resume();
  }

  private void refuse(RoutingContext ctx, long max) {
    ctx.response()
        .setStatusCode(413)
        .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
        .putHeader(HttpHeaders.CONNECTION, "close")
        .end(Buffer.buffer(problem(max)))
        .onComplete(done -> ctx.request().connection().close());
  }

  private static boolean tooLarge(String declared, long max) {
    return length(declared) > max;
  }

  /** The declared length, or -1 when it is not a number (the HTTP layer answers that itself). */
  private static long length(String declared) {
    try {
      return Long.parseLong(declared.trim());
    } catch (NumberFormatException notANumber) {
      return -1;
    }
  }

  private byte[] problem(long max) {
    Problem problem =
        Problem.of(
            413,
            "Request body too large",
            "The request body is larger than this API accepts (" + max + " bytes).");
    try {
      return json.writeValueAsBytes(problem);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a problem document always serialises", e);
    }
  }
}
