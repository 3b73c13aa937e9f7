package io.strato.provisioning.api;

import static io.restassured.RestAssured.given;

import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import io.strato.testsupport.Tokens;

/** Small REST helpers so API tests read as scenarios. */
final class ApiScenarioSupport {

  private ApiScenarioSupport() {}

  static RequestSpecification as(String token) {
    return given().header("Authorization", "Bearer " + token).contentType("application/json");
  }

  static RequestSpecification operator() {
    return as(Tokens.operator());
  }

  static ValidatableResponse put(String path, String body) {
    return operator().body(body).put(path).then();
  }

  static ValidatableResponse get(String path) {
    return as(Tokens.viewer()).get(path).then();
  }

  static String phase(String path) {
    var r = as(Tokens.viewer()).get(path);
    return r.statusCode() == 404 ? "Gone" : r.jsonPath().getString("status.phase");
  }
}
