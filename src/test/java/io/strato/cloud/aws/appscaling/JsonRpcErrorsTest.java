package io.strato.cloud.aws.appscaling;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strato.cloud.CloudException;
import org.junit.jupiter.api.Test;

/** The error answers AWS documents for Application Auto Scaling, without any emulator. */
class JsonRpcErrorsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void mapsDocumentedCodes() throws Exception {
    assertThat(translate(400, "ObjectNotFoundException"))
        .isInstanceOf(CloudException.NotFound.class);
    assertThat(translate(400, "ConcurrentUpdateException"))
        .isInstanceOf(CloudException.Throttled.class);
    assertThat(translate(400, "ThrottlingException")).isInstanceOf(CloudException.Throttled.class);
    assertThat(translate(400, "LimitExceededException"))
        .isInstanceOfSatisfying(
            CloudException.InvalidRequest.class,
            e -> assertThat(e.reason()).isEqualTo("QuotaExceeded"));
    assertThat(translate(400, "ValidationException"))
        .isInstanceOfSatisfying(
            CloudException.InvalidRequest.class,
            e -> assertThat(e.reason()).isEqualTo("ValidationException"));
    assertThat(translate(500, "InternalServiceException"))
        .isInstanceOf(CloudException.Transient.class);
    assertThat(translate(503, null)).isInstanceOf(CloudException.Transient.class);
  }

  @Test
  void stripsTheNamespaceOfTheErrorType() throws Exception {
    JsonNode body =
        JSON.readTree(
            "{\"__type\":\"com.amazonaws.applicationautoscaling#ObjectNotFoundException\","
                + "\"Message\":\"No scalable target\"}");
    CloudException e = JsonRpcErrors.translate("DeregisterScalableTarget", 400, body);
    assertThat(e).isInstanceOf(CloudException.NotFound.class);
    assertThat(e.getMessage()).isEqualTo("ObjectNotFoundException: No scalable target");
  }

  private static CloudException translate(int status, String code) throws Exception {
    String body =
        code == null ? "{}" : "{\"__type\":\"" + code + "\",\"message\":\"something happened\"}";
    return JsonRpcErrors.translate("PutScalingPolicy", status, JSON.readTree(body));
  }
}
