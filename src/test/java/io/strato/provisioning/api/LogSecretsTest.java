package io.strato.provisioning.api;

import static io.restassured.RestAssured.given;
import static io.strato.provisioning.api.ApiScenarioSupport.as;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.strato.testsupport.MotoResource;
import io.strato.testsupport.Tokens;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * No token or credential reaches the logs: requests with valid, forged, expired and malformed
 * tokens (some refused, some failing validation, some creating resources) are made, and everything
 * the application has logged in this test JVM so far is scanned.
 */
@QuarkusTest
@WithTestResource(MotoResource.class)
class LogSecretsTest {

  /** A JWT's header and payload: base64url JSON objects start with "eyJ". */
  private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}");

  @Test
  void noTokenOrSecretIsEverLogged() throws IOException {
    List<String> tokens =
        List.of(
            Tokens.admin(),
            Tokens.operator(),
            Tokens.viewer(),
            Tokens.expired(),
            Tokens.wrongIssuer(),
            Tokens.untrustedKey());
    for (String token : tokens) {
      given()
          .header("Authorization", "Bearer " + token)
          .contentType("application/json")
          .body("{\"spec\": {\"listeners\": [{\"port\": 80}]}}")
          .put("/api/v1/load-balancers/log-scan")
          .then()
          .statusCode(org.hamcrest.Matchers.lessThan(500));
      given().header("Authorization", "Bearer " + token).get("/api/v1/clusters").then();
      given().header("Authorization", "Bearer " + token + "x").get("/api/v1/node-groups").then();
    }
    as(Tokens.admin()).delete("/api/v1/load-balancers/log-scan");

    Path log = Path.of("target/strato-test.log");
    assertThat(log).exists();
    String text = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(text).as("the application logged something to scan").isNotBlank();
    for (String token : tokens) {
      String signature = token.substring(token.lastIndexOf('.') + 1);
      assertThat(text).doesNotContain(signature);
    }
    assertThat(JWT.matcher(text).find()).as("no JWT in the logs").isFalse();
    assertThat(text).doesNotContainIgnoringCase("Authorization: Bearer");
    assertThat(text).doesNotContainIgnoringCase("aws_secret_access_key");
    assertThat(text).doesNotContainIgnoringCase("secretAccessKey=");
  }
}
