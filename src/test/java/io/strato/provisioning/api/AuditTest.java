package io.strato.provisioning.api;

import static io.strato.provisioning.api.ApiScenarioSupport.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.strato.testsupport.MotoResource;
import io.strato.testsupport.Tokens;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every change request, done or refused, is in the audit trail with who, what and when. */
@QuarkusTest
@WithTestResource(MotoResource.class)
class AuditTest {

  private static final String NG =
      """
      {"spec": {"imageId": "ami-0123456789abcdef0", "instanceType": "t3.small",
                "subnetIds": ["subnet-0123456789abcdef0"], "minSize": 0, "maxSize": 1, "desiredCapacity": 0}}
      """;

  @Test
  void changesAndRefusalsAreRecordedAndOnlyAdminsReadThem() {
    String path = "/api/v1/node-groups/audited";
    String version =
        as(Tokens.operator()).body(NG).put(path).then().statusCode(201).extract().header("ETag");
    as(Tokens.viewer()).body(NG).put(path).then().statusCode(403);
    as(Tokens.operator()).body("{\"spec\": {}}").put(path).then().statusCode(422);
    as(Tokens.admin()).delete(path).then().statusCode(202);
    as(Tokens.viewer()).get(path).then().statusCode(200); // reads are not audited

    as(Tokens.viewer()).get("/api/v1/audit").then().statusCode(403);
    as(Tokens.operator()).get("/api/v1/audit").then().statusCode(403);
    JsonPath page =
        as(Tokens.admin())
            .get("/api/v1/audit?limit=50")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    List<Map<String, Object>> mine =
        page.<Map<String, Object>>getList("items").stream()
            .filter(e -> path.equals(e.get("path")))
            .toList();
    // Newest first.
    assertThat(mine)
        .extracting(e -> e.get("principal") + " " + e.get("method") + " " + e.get("status"))
        .containsExactly(
            "test-admin DELETE 202",
            "test-operator PUT 422",
            "test-viewer PUT 403",
            "test-operator PUT 201");
    assertThat(mine.get(3).get("resourceVersion")).isEqualTo(version.replace("\"", ""));
    assertThat(mine).allSatisfy(e -> assertThat(e.get("at")).isNotNull());
  }

  @Test
  void theTrailPagesBackwards() {
    for (int i = 0; i < 3; i++) {
      as(Tokens.operator()).body("{\"spec\": {}}").put("/api/v1/node-groups/page-" + i);
    }
    JsonPath first =
        as(Tokens.admin()).get("/api/v1/audit?limit=2").then().statusCode(200).extract().jsonPath();
    long before = first.getLong("before");
    JsonPath second =
        as(Tokens.admin())
            .get("/api/v1/audit?limit=2&before=" + before)
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(second.<Integer>getList("items.id"))
        .allSatisfy(id -> assertThat((long) id).isLessThan(before));
    as(Tokens.admin()).get("/api/v1/audit?limit=0").then().statusCode(400);
  }

  @Test
  void aPageParameterThatDoesNotParseIsA400NamingIt() {
    for (String[] bad :
        List.of(
            new String[] {"limit=abc", "limit"},
            new String[] {"limit=99999999999", "limit"},
            new String[] {"before=garbage", "before"},
            new String[] {"before=0", "before"})) {
      as(Tokens.admin())
          .get("/api/v1/audit?" + bad[0])
          .then()
          .statusCode(400)
          .contentType("application/problem+json")
          .body("errors[0].field", equalTo(bad[1]));
    }
  }
}
