package io.strato.provisioning.api;

import static io.strato.provisioning.api.ApiScenarioSupport.phase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.strato.cloud.aws.CloudCallMetrics;
import io.strato.testsupport.AwsFixtures;
import io.strato.testsupport.MotoResource;
import io.strato.testsupport.MotoServer;
import io.strato.testsupport.Quiet;
import io.strato.testsupport.Tokens;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Specs as YAML: the same rules, fields and problems as JSON, YAML answers on request, and a GET's
 * YAML that can be edited and PUT back.
 */
@QuarkusTest
@WithTestResource(MotoResource.class)
class YamlSpecTest {

  private static final String LB = "/api/v1/load-balancers/";
  private static String vpcId;

  @Inject CloudCallMetrics calls;

  @BeforeAll
  static void network() {
    vpcId = AwsFixtures.network(MotoServer.shared().clients().ec2(), null).vpcId();
  }

  private static RequestSpecification yaml(String token) {
    return RestAssured.given()
        .config(
            RestAssured.config()
                .encoderConfig(
                    EncoderConfig.encoderConfig()
                        .encodeContentTypeAs("application/yaml", ContentType.TEXT)))
        .header("Authorization", "Bearer " + token)
        .contentType("application/yaml; charset=UTF-8");
  }

  private String spec(int port) {
    return """
        metadata:
          labels:
            env: yaml
        spec:
          vpcId: %s
          listeners:
            - port: %d
              targetPort: 30080
              healthCheck:
                protocol: HTTP
                path: /healthz
        """
        .formatted(vpcId, port);
  }

  @Test
  void aYamlSpecIsAppliedAndItsYamlComesBackEditable() {
    yaml(Tokens.operator())
        .body(spec(80))
        .put(LB + "from-yaml")
        .then()
        .statusCode(201)
        .contentType("application/json")
        .body("spec.listeners[0].port", equalTo(80));
    await().atMost(Duration.ofSeconds(60)).until(() -> "Ready".equals(phase(LB + "from-yaml")));

    String asYaml =
        yaml(Tokens.viewer())
            .accept("application/yaml")
            .get(LB + "from-yaml")
            .then()
            .statusCode(200)
            .contentType("application/yaml")
            .extract()
            .asString();
    assertThat(asYaml).contains("phase: Ready").contains("- port: 80").doesNotContain("{\"");

    // GET, edit, PUT back: the answer's own YAML is a valid request body.
    yaml(Tokens.operator())
        .accept("application/yaml")
        .body(asYaml.replace("- port: 80", "- port: 8080"))
        .put(LB + "from-yaml")
        .then()
        .statusCode(200)
        .contentType("application/yaml")
        .body(containsString("- port: 8080"));

    yaml(Tokens.viewer())
        .accept("application/yaml")
        .get(LB)
        .then()
        .statusCode(200)
        .body(containsString("name: from-yaml"));
    yaml(Tokens.viewer())
        .accept("application/yaml")
        .get(LB + "from-yaml/events")
        .then()
        .statusCode(200)
        .body(containsString("reason: Created"));
    // Without an Accept header the answer stays JSON.
    RestAssured.given()
        .header("Authorization", "Bearer " + Tokens.viewer())
        .get(LB + "from-yaml")
        .then()
        .contentType("application/json");

    yaml(Tokens.operator()).delete(LB + "from-yaml").then().statusCode(202);
    await().atMost(Duration.ofSeconds(60)).until(() -> "Gone".equals(phase(LB + "from-yaml")));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          syntax error names the line | spec:\\n  vpcId: x\\n  listeners: [\\n    {port: 80\\n  - : | body            | malformed YAML at line
          unknown field               | spec:\\n  listners: []                                | spec.listners   | unknown field 'listners'
          a string for a number       | spec:\\n  listeners:\\n    - port: "80"                | spec.listeners[0].port | expected a whole number
          a key given twice           | spec:\\n  vpcId: a\\n  vpcId: b                      | body            | vpcId
          two documents               | spec: {}\\n---\\nspec: {}                          | body            | more than one YAML document
          an empty body               | '# nothing'                                         | body            | the body is empty
          """)
  void badYamlIsA400NamingTheFieldWithNoCloudCall(
      String why, String body, String field, String detail) {
    Quiet.await(calls, Duration.ofMillis(700));
    long before = calls.total();
    yaml(Tokens.operator())
        .body(body.replace("\\n", "\n"))
        .put(LB + "bad-yaml")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors.field", hasItem(field))
        .body("detail", containsString(detail));
    assertThat(calls.total()).as("no cloud call: " + why).isEqualTo(before);
    ApiScenarioSupport.get(LB + "bad-yaml").statusCode(404);
  }

  @Test
  void aBillionLaughsDocumentIsRefused() {
    StringBuilder doc = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    char prev = 'a';
    for (char c = 'b'; c <= 'j'; c++, prev++) {
      doc.append(c).append(": &").append(c).append(" [");
      for (int i = 0; i < 9; i++) {
        doc.append(i == 0 ? "" : ",").append('*').append(prev);
      }
      doc.append("]\n");
    }
    yaml(Tokens.operator())
        .body(doc.toString())
        .put(LB + "laughs")
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
  }

  @Test
  void aValidYamlSpecThatAwsWouldRefuseIsA422LikeJson() {
    yaml(Tokens.operator())
        .body("spec:\n  vpcId: " + vpcId + "\n  listeners:\n    - port: 70000\n")
        .put(LB + "bad-port")
        .then()
        .statusCode(422)
        .contentType("application/problem+json")
        .body("errors.field", hasItem("spec.listeners[0].port"));
  }

  @Test
  void otherMediaTypesAreToldWhatIsServed() {
    RestAssured.given()
        .header("Authorization", "Bearer " + Tokens.operator())
        .contentType("text/plain")
        .body("spec: {}")
        .put(LB + "plain")
        .then()
        .statusCode(415)
        .contentType("application/problem+json")
        .body("detail", containsString("application/yaml"));
    RestAssured.given()
        .header("Authorization", "Bearer " + Tokens.viewer())
        .accept("text/html")
        .get(LB)
        .then()
        .statusCode(406)
        .contentType("application/problem+json")
        .body("detail", containsString("application/yaml"));
  }
}
