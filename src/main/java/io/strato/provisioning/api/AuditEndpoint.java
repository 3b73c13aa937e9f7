package io.strato.provisioning.api;

import io.strato.provisioning.audit.AuditEntry;
import io.strato.provisioning.audit.AuditLog;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code /api/v1/audit}: who asked for which change, when, and what was answered. Admins only: the
 * trail shows every principal's activity.
 */
@Path("/api/v1/audit")
@Tag(name = "Audit")
@Produces(MediaType.APPLICATION_JSON)
public class AuditEndpoint {

  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1000;

  private final AuditLog audit;

  @Inject
  public AuditEndpoint(AuditLog audit) {
    this.audit = audit;
  }

  /** A page of the trail, newest first; pass the last id as {@code before} for the next page. */
  public record AuditPage(List<AuditEntry> items, Long before) {}

  @GET
  @RolesAllowed(Roles.ADMIN)
  public AuditPage list(
      @Parameter(schema = @Schema(type = SchemaType.INTEGER)) @QueryParam("limit") String rawLimit,
      @Parameter(schema = @Schema(type = SchemaType.INTEGER)) @QueryParam("before")
          String rawBefore) {
    Integer limit = QueryParameters.optionalInt("limit", rawLimit);
    Long before = QueryParameters.optionalLong("before", rawBefore);
    int n = limit == null ? DEFAULT_LIMIT : limit;
    if (n < 1 || n > MAX_LIMIT) {
      throw QueryParameters.invalid("limit", "must be between 1 and " + MAX_LIMIT);
    }
    if (before != null && before < 1) {
      throw QueryParameters.invalid("before", "must be a positive entry id");
    }
    List<AuditEntry> items = audit.newest(n, before);
    Long next = items.size() == n ? items.get(items.size() - 1).id() : null;
    return new AuditPage(items, next);
  }
}
