package io.strato.provisioning.audit;

import io.strato.provisioning.api.ChangeRequests;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.HttpHeaders;
import java.security.Principal;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

/**
 * Records every create, change and delete request under {@code /api} in the audit log, whether it
 * was done or refused (403, 409, 412, 422 are as telling as 200). Reads are not recorded. Only the
 * token's subject is kept, never the token. Requests refused without a principal (401, or a 429
 * before any token was read) are only counted ({@link AnonymousRefusals}).
 */
@jakarta.ws.rs.ext.Provider
public class AuditFilter implements ContainerResponseFilter {

  private static final Logger LOG = Logger.getLogger(AuditFilter.class);

  // Looked up per request: JAX-RS builds its filters at start-up, before runtime configuration
  // (which the store behind the log needs) is available.
  private final Provider<AuditLog> audit;
  private final Provider<ContentAudit> content;
  private final Provider<AnonymousRefusals> refusals;

  @Inject
  public AuditFilter(
      Provider<AuditLog> audit,
      Provider<ContentAudit> content,
      Provider<AnonymousRefusals> refusals) {
    this.audit = audit;
    this.content = content;
    this.refusals = refusals;
  }

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    // Reads are most requests and never audited: decide on the method before building anything.
    if (!ChangeRequests.isChange(request.getMethod())) {
      return;
    }
    String path = "/" + request.getUriInfo().getPath().replaceFirst("^/", "");
    if (!path.startsWith("/api/")) {
      return;
    }
    Principal principal = request.getSecurityContext().getUserPrincipal();
    if (principal == null && response.getStatus() >= 400) {
      // Anyone can send these: counted, and summarized into one entry per period.
      refusals.get().count();
      return;
    }
    String etag = response.getHeaderString(HttpHeaders.ETAG);
    try {
      audit
          .get()
          .record(
              principal(principal),
              request.getMethod(),
              path,
              response.getStatus(),
              etag == null ? null : etag.replace("\"", ""),
              content.get().contentSha256());
    } catch (RuntimeException e) {
      // The change itself is already stored; losing its audit row must be loud, not fatal.
      LOG.errorf(
          "audit log: could not record %s %s: %s", request.getMethod(), path, e.getMessage());
    }
  }

  static String principal(Principal p) {
    if (p == null) {
      return AuditLog.ANONYMOUS;
    }
    if (p instanceof JsonWebToken jwt) {
      String name = jwt.getName() != null ? jwt.getName() : jwt.getSubject();
      return name == null || name.isBlank() ? "unnamed" : name;
    }
    String name = p.getName();
    return name == null || name.isBlank() ? "unnamed" : name;
  }
}
