package io.strato.provisioning.api;

import io.strato.config.StratoConfig;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Per-client rate limits on {@code /api}, by the client's address: changes (which cost cloud calls)
 * and reads have separate budgets. Over budget a client gets 429 with {@code Retry-After} and a
 * problem document; other clients are unaffected.
 */
public class RateLimitFilter {

  private static final int MAX_CLIENTS = 10_000;

  private final ClientRateLimiter changes;
  private final ClientRateLimiter reads;

  @Inject
  public RateLimitFilter(StratoConfig config) {
    StratoConfig.Api.RateLimit limit = config.api().rateLimit();
    this.changes =
        new ClientRateLimiter(
            limit.changesPerSecond(), limit.changesBurst(), MAX_CLIENTS, System::nanoTime);
    this.reads =
        new ClientRateLimiter(
            limit.readsPerSecond(), limit.readsBurst(), MAX_CLIENTS, System::nanoTime);
  }

  @ServerRequestFilter(preMatching = true)
  public Response limit(ContainerRequestContext request, HttpServerRequest http) {
    if (!request.getUriInfo().getPath().startsWith("/api/")) {
      return null;
    }
    String client = http.remoteAddress() == null ? "unknown" : http.remoteAddress().hostAddress();
    boolean change = ChangeRequests.isChange(request.getMethod());
    Duration wait = (change ? changes : reads).acquire(client);
    if (wait.isZero()) {
      return null;
    }
    long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
    return Response.fromResponse(
            Problem.of(
                    429,
                    "Too many requests",
                    "this client is over its "
                        + (change ? "change" : "read")
                        + " rate; retry after "
                        + seconds
                        + " s")
                .toResponse())
        .header("Retry-After", seconds)
        .build();
  }
}
