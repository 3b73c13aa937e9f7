package io.strato.provisioning.api;

import static io.restassured.RestAssured.given;
import static io.strato.provisioning.api.ApiScenarioSupport.operator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.lessThan;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.strato.cloud.aws.CloudCallMetrics;
import io.strato.provisioning.cluster.ClusterSpecs;
import io.strato.testsupport.MotoResource;
import io.strato.testsupport.Quiet;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad input gets a 4xx problem naming the field, stores nothing and makes no cloud call. */
@QuarkusTest
@WithTestResource(MotoResource.class)
class BadInputTest {

  private static final String LB = "/api/v1/load-balancers/";
  private static final String NG = "/api/v1/node-groups/";

  @Inject CloudCallMetrics calls;
  private long before;

  @BeforeEach
  void count() {
    Quiet.await(calls, Duration.ofMillis(700));
    before = calls.total();
  }

  @AfterEach
  void noCloudCall() {
    assertThat(calls.total()).as("no cloud call for invalid input").isEqualTo(before);
  }

  private void expect(String path, String body, int status, String field) {
    operator()
        .body(body)
        .put(path)
        .then()
        .statusCode(status)
        .contentType("application/problem+json")
        .body("status", equalTo(status))
        .body("errors.field", hasItem(field));
    operator().get(path).then().statusCode(404);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          malformed JSON           | {"spec": {"listeners": [ |400| spec.listeners
          unknown top-level field  | {"spec": {"listeners": [{"port": 80}]}, "extra": 1} |400| extra
          unknown spec field       | {"spec": {"listeners": [{"port": 80}], "schema": "internal"}} |400| spec.schema
          unknown listener field   | {"spec": {"listeners": [{"port": 80, "prot": "TCP"}]}} |400| spec.listeners[0].prot
          port as string           | {"spec": {"listeners": [{"port": "80"}]}} |400| spec.listeners[0].port
          port as fraction         | {"spec": {"listeners": [{"port": 80.5}]}} |400| spec.listeners[0].port
          port overflowing an int  | {"spec": {"listeners": [{"port": 99999999999}]}} |400| spec.listeners[0].port
          listeners not an array   | {"spec": {"listeners": {"port": 80}}} |400| spec.listeners
          trailing garbage         | {"spec": {"listeners": [{"port": 80}]}} x |400| body
          body is an array         | [1,2] |400| body
          port out of range        | {"spec": {"listeners": [{"port": 70000}]}} |422| spec.listeners[0].port
          negative port            | {"spec": {"listeners": [{"port": -1}]}} |422| spec.listeners[0].port
          port used twice          | {"spec": {"listeners": [{"port": 80}, {"port": 80}]}} |422| spec.listeners[1].port
          no listeners             | {"spec": {"listeners": []}} |422| spec.listeners
          no spec                  | {"metadata": {}} |422| spec
          TLS without certificate  | {"spec": {"listeners": [{"port": 443, "protocol": "TLS"}]}} |422| spec.listeners[0].certificateArn
          unknown protocol         | {"spec": {"listeners": [{"port": 80, "protocol": "HTTP"}]}} |422| spec.listeners[0].protocol
          bad subnet id            | {"spec": {"subnetIds": ["subnet-'; DROP TABLE"], "listeners": [{"port": 80}]}} |422| spec.subnetIds[0]
          reserved tag             | {"spec": {"listeners": [{"port": 80}], "tags": {"aws:cloudformation": "x"}}} |422| spec.tags.aws:cloudformation
          bad CIDR                 | {"spec": {"listeners": [{"port": 80}], "sourceRanges": ["300.1.1.1/8"]}} |422| spec.sourceRanges[0]
          UDP keeps client IPs     | {"spec": {"listeners": [{"port": 53, "protocol": "TCP_UDP", "attributes": {"preserveClientIp": false}}]}} |422| spec.listeners[0].attributes.preserveClientIp
          UDP without probe port   | {"spec": {"listeners": [{"port": 53, "protocol": "UDP"}]}} |422| spec.listeners[0].healthCheck.port
          name mismatch            | {"metadata": {"name": "other"}, "spec": {"listeners": [{"port": 80}]}} |422| metadata.name
          wrong kind               | {"kind": "NodeGroup", "spec": {"listeners": [{"port": 80}]}} |422| kind
          bad label                | {"metadata": {"labels": {"a b": "c"}}, "spec": {"listeners": [{"port": 80}]}} |422| metadata.labels.a b
          """)
  void loadBalancerSpecs(String why, String body, int status, String field) {
    expect(LB + "bad-input", body, status, field);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "uppercase | Web",
        "underscore | web_1",
        "too long | aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        "unicode | wéb",
        "control character | web%07",
        "leading dash | -web"
      })
  void namesAwsWouldReject(String why, String name) {
    expect(LB + name, "{\"spec\": {\"listeners\": [{\"port\": 80}]}}", 422, "metadata.name");
  }

  @Test
  void unknownPodNetworkAndBootstrapChoicesOfASelfManagedClusterAreNamed() {
    String spec =
        ClusterSpecs.selfManaged(
                ClusterSpecs.subnets(
                    List.of("subnet-0000000a", "subnet-0000000b", "subnet-0000000c"),
                    List.of("us-east-1a", "us-east-1b", "us-east-1c")),
                "ami-12345678",
                "1.33",
                1)
            .replace(
                "\"apiLoadBalancerScheme\": \"internal\"",
                "\"apiLoadBalancerScheme\": \"internal\", \"cni\": \"weave\","
                    + " \"bootstrap\": \"maybe\"");
    String body = "{\"spec\": " + spec + "}";
    expect("/api/v1/clusters/bad-input", body, 422, "spec.selfManaged.cni");
    expect("/api/v1/clusters/bad-input", body, 422, "spec.selfManaged.bootstrap");
  }

  @Test
  void nodeGroupSizesAndIdentifiers() {
    expect(
        NG + "bad-input",
        """
        {"spec": {"imageId": "ami-0123456789abcdef0", "instanceType": "t3.small",
                  "subnetIds": ["subnet-0123456789abcdef0"], "minSize": 3, "maxSize": 2}}
        """,
        422,
        "spec.maxSize");
    expect(
        NG + "bad-input",
        """
        {"spec": {"imageId": "ami-0123456789abcdef0", "instanceType": "t3.small",
                  "subnetIds": ["subnet-0123456789abcdef0"], "minSize": 0, "maxSize": 2147483648}}
        """,
        400,
        "spec.maxSize");
  }

  @Test
  void wrongMediaTypeAndMissingBodyAreProblems() {
    operator()
        .contentType("text/plain")
        .body("hi")
        .put(LB + "x")
        .then()
        .statusCode(415)
        .contentType("application/problem+json");
    operator()
        .put(LB + "x")
        .then()
        .statusCode(lessThan(500))
        .contentType("application/problem+json");
  }

  /** JAX-RS answers 404 for a query parameter it cannot convert; Strato names the parameter. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          /api/v1/load-balancers?limit=abc               | limit | expected a whole number
          /api/v1/load-balancers?limit=99999999999       | limit | the number is out of range
          /api/v1/load-balancers?limit=99999999999999999999999 | limit | the number is out of range
          /api/v1/node-groups?limit=1.5                  | limit | expected a whole number
          /api/v1/clusters?limit=%2B5                    | limit | expected a whole number
          /api/v1/load-balancers/absent/events?limit=abc | limit | expected a whole number
          /api/v1/clusters/absent/events?limit=-         | limit | expected a whole number
          """)
  void numbersThatDoNotParseAre400sNamingTheParameter(String path, String field, String message) {
    operator()
        .urlEncodingEnabled(false)
        .get(path)
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("status", equalTo(400))
        .body("errors[0].field", equalTo(field))
        .body("errors[0].message", equalTo(message));
  }

  @TestHTTPResource(value = "openapi?format=json", management = true)
  URL openapi;

  /** Parsed by Strato rather than JAX-RS, they are still whole numbers in the API's description. */
  @Test
  void theOpenApiDocumentStillSaysTheyAreIntegers() {
    JsonPath doc = given().get(openapi).then().statusCode(200).extract().jsonPath();
    for (String path :
        List.of(
            "'/api/v1/load-balancers'",
            "'/api/v1/node-groups/{name}/events'",
            "'/api/v1/clusters'",
            "'/api/v1/audit'")) {
      List<Map<String, Object>> parameters = doc.getList("paths." + path + ".get.parameters");
      assertThat(parameters)
          .as(path)
          .filteredOn(p -> List.of("limit", "before").contains(p.get("name")))
          .isNotEmpty()
          .allSatisfy(
              p -> assertThat(((Map<?, ?>) p.get("schema")).get("type")).isEqualTo("integer"));
    }
  }

  @Test
  void badQueryParametersAreProblems() {
    operator()
        .get("/api/v1/load-balancers?limit=0")
        .then()
        .statusCode(400)
        .body("errors.field", hasItem("limit"));
    operator()
        .get("/api/v1/load-balancers?continue=%%%")
        .then()
        .statusCode(400)
        .body("errors.field", hasItem("continue"));
    operator()
        .get("/api/v1/load-balancers?labelSelector=a%20b")
        .then()
        .statusCode(400)
        .body("errors.field", hasItem("labelSelector"));
  }

  @Test
  void unknownPathsAreProblemsToo() {
    operator().get("/api/v1/nope").then().statusCode(404).contentType("application/problem+json");
    operator()
        .post("/api/v1/load-balancers/x")
        .then()
        .statusCode(405)
        .contentType("application/problem+json");
  }
}
