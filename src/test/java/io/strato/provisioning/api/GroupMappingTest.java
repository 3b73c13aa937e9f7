package io.strato.provisioning.api;

import static io.strato.provisioning.api.ApiScenarioSupport.as;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.jwt.build.Jwt;
import io.strato.testsupport.MotoResource;
import io.strato.testsupport.Tokens;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A Strato behind a shared identity provider: groups come from a nested claim, and only the groups
 * configured for Strato give its roles. The provider's own "admin" group gives nothing here.
 */
@QuarkusTest
@TestProfile(GroupMappingTest.SharedProvider.class)
@WithTestResource(MotoResource.class)
class GroupMappingTest {

  public static class SharedProvider implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "strato.auth.groups-claim", "realm_access/roles",
          "strato.auth.role-groups.viewer", "strato-viewers",
          "strato.auth.role-groups.operator", "strato-operators",
          "strato.auth.role-groups.admin", "strato-admins,platform-team");
    }
  }

  private static String withRealmRoles(String... roles) {
    return Jwt.issuer(Tokens.ISSUER)
        .audience(Tokens.AUDIENCE)
        .upn("shared-" + String.join("-", roles))
        .claim("realm_access", Map.of("roles", List.of(roles)))
        .sign();
  }

  @Test
  void theProvidersGenericAdminGroupIsNotStratosAdmin() {
    as(withRealmRoles("admin")).get("/api/v1/audit").then().statusCode(403);
    as(withRealmRoles("admin")).get("/api/v1/node-groups").then().statusCode(403);
    // The default claim is not read any more: "groups": ["admin"] gives nothing either.
    as(Tokens.admin()).get("/api/v1/node-groups").then().statusCode(403);
  }

  @Test
  void theConfiguredGroupsGiveTheirRoles() {
    as(withRealmRoles("strato-viewers")).get("/api/v1/node-groups").then().statusCode(200);
    as(withRealmRoles("strato-viewers")).get("/api/v1/audit").then().statusCode(403);
    as(withRealmRoles("platform-team")).get("/api/v1/audit").then().statusCode(200);
    as(withRealmRoles("strato-admins")).get("/api/v1/audit").then().statusCode(200);
  }
}
