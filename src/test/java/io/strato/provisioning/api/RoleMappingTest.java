package io.strato.provisioning.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Groups to roles, as a pure function: no server. */
class RoleMappingTest {

  @Test
  void theDefaultsMapEachRoleNameToItself() {
    RoleMapping m = RoleMapping.of(List.of("viewer"), List.of("operator"), List.of("admin"));
    assertThat(m.roles(List.of("admin"))).containsExactly(Roles.ADMIN);
    assertThat(m.roles(List.of("viewer", "operator"))).containsExactly("operator", "viewer");
  }

  @Test
  void aSharedProvidersAdminGroupIsNotStratosAdminUnlessListed() {
    RoleMapping m =
        RoleMapping.of(
            List.of("strato-viewers"), List.of("strato-operators"), List.of("strato-admins"));
    assertThat(m.roles(List.of("admin", "operator", "viewer"))).isEmpty();
    assertThat(m.roles(List.of("strato-admins", "everyone"))).containsExactly(Roles.ADMIN);
  }

  @Test
  void oneGroupMayGiveSeveralRolesAndUnknownGroupsGiveNone() {
    RoleMapping m = RoleMapping.of(List.of("ops"), List.of("ops"), List.of("root"));
    assertThat(m.roles(List.of("ops"))).containsExactly("operator", "viewer");
    assertThat(m.roles(List.of("guest"))).isEmpty();
  }
}
