package io.strato.provisioning.api;

import static io.strato.provisioning.api.ApiScenarioSupport.operator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.strato.testsupport.MotoResource;
import io.strato.testsupport.Tokens;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * A body over the limit gets a 413 problem document, and the client gets to read it: a body a
 * little too large is read and discarded first (a client that writes all of it before reading must
 * not see its connection reset), a body far too large is refused at once.
 */
@QuarkusTest
@WithTestResource(MotoResource.class)
class BodySizeLimitTest {

  private static final String PATH = "/api/v1/load-balancers/too-large";

  @RepeatedTest(15)
  void aBodyJustOverTheLimitIsReadAndRefusedWithAProblem() {
    byte[] body = ("{\"pad\": \"" + "x".repeat(3_000_000) + "\"}").getBytes(StandardCharsets.UTF_8);
    operator()
        .body(body)
        .put(PATH)
        .then()
        .statusCode(413)
        .contentType("application/problem+json")
        .body("status", equalTo(413));
  }

  @Test
  void aBodyFarOverTheLimitIsRefusedBeforeItIsSent() throws IOException {
    try (Socket socket = new Socket("localhost", RestAssured.port)) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      String head =
          "PUT "
              + PATH
              + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
              + Tokens.operator()
              + "\r\nContent-Type: application/json\r\nContent-Length: 500000000\r\n\r\n";
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      out.flush();

      String response = readUntilClosed(socket.getInputStream());

      assertThat(response).startsWith("HTTP/1.1 413");
      assertThat(response).contains("application/problem+json").contains("\"status\":413");
    }
    operator().get(PATH).then().statusCode(404);
  }

  private static String readUntilClosed(InputStream in) throws IOException {
    ByteArrayOutputStream read = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    for (int n; (n = in.read(buffer)) >= 0; ) {
      read.write(buffer, 0, n);
    }
    return read.toString(StandardCharsets.UTF_8);
  }
}
