package io.strato.provisioning.api;

import io.strato.provisioning.audit.ContentAudit;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.SecurityContext;

/** Turns the request's security context into the {@link Caller} the resource service checks. */
@ApplicationScoped
public class Callers {

  private final ContentAudit content;

  @Inject
  public Callers(ContentAudit content) {
    this.content = content;
  }

  public Caller of(SecurityContext security) {
    return new Caller(security.isUserInRole(Roles.ADMIN), content::note);
  }
}
