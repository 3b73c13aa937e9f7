package io.strato.provisioning.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
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
 * limit. Nothing is read, parsed or stored, and the connection is closed, so the client cannot go
 * on streaming the rest of the body.
 */
@ApplicationScoped
public class BodySizeLimit {

  /** Just before Quarkus's own body size route (order -2). */
  static final int ORDER = -3;

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
    byte[] body = problem(max);
    ctx.response()
        .setStatusCode(413)
        .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
        .putHeader(HttpHeaders.CONNECTION, "close")
        .end(io.vertx.core.buffer.Buffer.buffer(body))
        .onComplete(done -> ctx.request().connection().close());
  }

  private static boolean tooLarge(String declared, long max) {
    try {
      return Long.parseLong(declared.trim()) > max;
    } catch (NumberFormatException notANumber) {
      return false; // the HTTP layer answers a malformed Content-Length itself
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
