package io.strato.provisioning.api;

import io.strato.config.StratoConfig;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * With {@code strato.api.enabled=false} (the CCM's manifests) every {@code /api} path answers 404
 * before authentication, rate limits or the store are touched: to a caller the API is not there.
 */
public class ApiSwitch {

  private final boolean enabled;

  @Inject
  public ApiSwitch(StratoConfig config) {
    this.enabled = config.api().enabled();
  }

  // Runs before the rate limiter (priority 1000 by default), so a disabled API costs no budget.
  @ServerRequestFilter(preMatching = true, priority = 10)
  public Response refuseWhenOff(ContainerRequestContext request) {
    if (enabled || !request.getUriInfo().getPath().startsWith("/api/")) {
      return null;
    }
    return Problem.of(404, "Not Found", "this Strato does not serve the REST API").toResponse();
  }
}
