package io.strato.provisioning.api;

import io.strato.cloud.cluster.ClusterOutputs;
import io.strato.cloud.cluster.ClusterSpecDto;
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

/** {@code /api/v1/clusters}: EKS, ECS and self-managed clusters with their node groups. */
@Path("/api/v1/clusters")
@Tag(name = "Clusters")
@Produces({MediaType.APPLICATION_JSON, YamlBodies.MEDIA_TYPE})
@Consumes({MediaType.APPLICATION_JSON, YamlBodies.MEDIA_TYPE, "application/x-yaml", "text/yaml"})
public class ClusterEndpoint {

  private final ResourceService<ClusterSpecDto, ClusterOutputs> service;

  private final Callers callers;

  @Inject
  public ClusterEndpoint(ResourceServices services, Callers callers) {
    this.callers = callers;
    this.service = services.clusters();
  }

  @PUT
  @Path("{name}")
  @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
  public Response put(
      @PathParam("name") String name,
      @HeaderParam("If-Match") String ifMatch,
      @Context SecurityContext security,
      ApplyRequest<ClusterSpecDto> body) {
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
  public ListView<ResourceView<ClusterSpecDto, ClusterOutputs>> list(
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
