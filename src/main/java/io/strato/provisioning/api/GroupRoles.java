package io.strato.provisioning.api;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.strato.config.StratoConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Replaces the roles a verified token brings (its groups, from {@code strato.auth.groups-claim})
 * with the Strato roles those groups map to. Replaces, not adds: otherwise a group that happens to
 * be called {@code admin} would still pass {@code @RolesAllowed("admin")}.
 */
@ApplicationScoped
public class GroupRoles implements SecurityIdentityAugmentor {

  private final RoleMapping mapping;

  @Inject
  public GroupRoles(StratoConfig config) {
    this.mapping = RoleMapping.of(config.auth().roleGroups());
  }

  @Override
  public Uni<SecurityIdentity> augment(
      SecurityIdentity identity, AuthenticationRequestContext context) {
    if (identity.isAnonymous()) {
      return Uni.createFrom().item(identity);
    }
    return Uni.createFrom()
        .item(
            QuarkusSecurityIdentity.builder()
                .setPrincipal(identity.getPrincipal())
                .addCredentials(identity.getCredentials())
                .addAttributes(identity.getAttributes())
                .addRoles(mapping.roles(identity.getRoles()))
                .build());
  }
}
