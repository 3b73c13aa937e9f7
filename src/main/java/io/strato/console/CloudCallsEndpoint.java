package io.strato.console;

import io.strato.provisioning.api.Problem;
import io.strato.provisioning.api.Roles;
import io.strato.provisioning.validation.FieldError;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code /api/v1/cloud-calls}: the cloud API calls Strato made per minute, by operation, for the
 * console's cost chart. On the API's port and behind its roles on purpose: the metrics endpoint
 * lives on the management port, which a browser should not reach, and call counts tell which
 * resources are busy, so a viewer's token is needed to read them.
 */
@Path("/api/v1/cloud-calls")
@Tag(name = "Cloud calls")
@Produces(MediaType.APPLICATION_JSON)
public class CloudCallsEndpoint {

  static final int DEFAULT_MINUTES = 30;

  private final CloudCallSampler sampler;

  @Inject
  public CloudCallsEndpoint(CloudCallSampler sampler) {
    this.sampler = sampler;
  }

  @GET
  @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
  public Response perMinute(@QueryParam("minutes") String minutes) {
    int n;
    try {
      n = minutes == null ? DEFAULT_MINUTES : Integer.parseInt(minutes.strip());
    } catch (NumberFormatException e) {
      n = -1;
    }
    if (n < 1 || n > CloudCallHistory.KEPT_MINUTES) {
      String message = "must be a whole number from 1 to " + CloudCallHistory.KEPT_MINUTES;
      return Problem.invalid(
              400, "minutes: " + message, List.of(new FieldError("minutes", message)))
          .toResponse();
    }
    return Response.ok(sampler.rates(n)).build();
  }
}
