package io.strato.provisioning.api;

import io.strato.provisioning.loadbalancer.LoadBalancerOutputs;
import io.strato.provisioning.loadbalancer.LoadBalancerSpecDto;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code /api/v1/load-balancers}: network load balancers, declaratively. */
@Path("/api/v1/load-balancers")
@Tag(name = "Load balancers")
@Produces({MediaType.APPLICATION_JSON, YamlBodies.MEDIA_TYPE})
@Consumes({MediaType.APPLICATION_JSON, YamlBodies.MEDIA_TYPE, "application/x-yaml", "text/yaml"})
public class LoadBalancerEndpoint {

  private final ResourceService<LoadBalancerSpecDto, LoadBalancerOutputs> service;

  private final Callers callers;

  @Inject
  public LoadBalancerEndpoint(ResourceServices services, Callers callers) {
    this.callers = callers;
    this.service = services.loadBalancers();
  }

  @PUT
  @Path("{name}")
  @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
  public Response put(
      @PathParam("name") String name,
      @HeaderParam("If-Match") String ifMatch,
      @Context SecurityContext security,
      ApplyRequest<LoadBalancerSpecDto> body) {
    return Responses.applied(service.apply(name, body, ifMatch, callers.of(security)));
  }

  @GET
  @Path("{name}")
  @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
  public Response get(@PathParam("name") String name) {
    return Responses.ok(service.rendered(name));
  }

  @GET
  @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
  public ListView<ResourceView<LoadBalancerSpecDto, LoadBalancerOutputs>> list(
      @QueryParam("labelSelector") String labelSelector,
      @Parameter(schema = @Schema(type = SchemaType.INTEGER)) @QueryParam("limit") String limit,
      @QueryParam("continue") String continueToken) {
    return service.list(labelSelector, QueryParameters.optionalInt("limit", limit), continueToken);
  }

  @DELETE
  @Path("{name}")
  @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
  public Response delete(@PathParam("name") String name, @HeaderParam("If-Match") String ifMatch) {
    return Responses.accepted(service.delete(name, ifMatch));
  }

  @GET
  @Path("{name}/events")
  @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
  public List<EventView> events(
      @PathParam("name") String name,
      @Parameter(schema = @Schema(type = SchemaType.INTEGER)) @QueryParam("limit") String limit) {
    return service.events(name, QueryParameters.optionalInt("limit", limit));
  }
}
