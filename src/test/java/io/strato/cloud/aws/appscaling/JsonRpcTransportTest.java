package io.strato.cloud.aws.appscaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.strato.cloud.CloudException;
import io.strato.cloud.aws.CloudCallMetrics;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * What goes on the wire, checked on a recording HTTP client: moto accepts unsigned requests, so
 * only here is the protocol itself (target header, content type, SigV4 scope) seen.
 */
class JsonRpcTransportTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void postsASignedJson11Request() throws Exception {
    Recording http = new Recording(200, "{\"ScalableTargetARN\":\"arn:t\"}");
    JsonRpcTransport transport = transport(http, new CloudCallMetrics(new SimpleMeterRegistry()));

    JsonNode answer =
        transport.call("RegisterScalableTarget", JSON.readTree("{\"ServiceNamespace\":\"ecs\"}"));

    assertThat(answer.path("ScalableTargetARN").asText()).isEqualTo("arn:t");
    HttpExecuteRequest sent = http.requests.get(0);
    assertThat(sent.httpRequest().method().name()).isEqualTo("POST");
    assertThat(sent.httpRequest().getUri().toString())
        .isEqualTo("https://application-autoscaling.eu-west-1.amazonaws.com/");
    assertThat(sent.httpRequest().firstMatchingHeader("X-Amz-Target"))
        .contains("AnyScaleFrontendService.RegisterScalableTarget");
    assertThat(sent.httpRequest().firstMatchingHeader("Content-Type"))
        .contains("application/x-amz-json-1.1");
    assertThat(sent.httpRequest().firstMatchingHeader("Authorization"))
        .hasValueSatisfying(
            auth ->
                assertThat(auth)
                    .startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")
                    .contains("/eu-west-1/application-autoscaling/aws4_request")
                    .contains("x-amz-target"));
    assertThat(sent.httpRequest().firstMatchingHeader("X-Amz-Date")).isPresent();
    String body =
        new String(
            sent.contentStreamProvider().orElseThrow().newStream().readAllBytes(),
            StandardCharsets.UTF_8);
    assertThat(JSON.readTree(body)).isEqualTo(JSON.readTree("{\"ServiceNamespace\":\"ecs\"}"));
  }

  @Test
  void aThrottledAnswerIsCountedAndTranslated() {
    CloudCallMetrics metrics = new CloudCallMetrics(new SimpleMeterRegistry());
    JsonRpcTransport transport =
        transport(
            new Recording(400, "{\"__type\":\"ConcurrentUpdateException\",\"message\":\"busy\"}"),
            metrics);

    assertThatThrownBy(() -> transport.call("PutScalingPolicy", JSON.createObjectNode()))
        .isInstanceOf(CloudException.Throttled.class)
        .hasMessageContaining("busy");
    assertThat(metrics.snapshot()).containsEntry("ApplicationAutoScaling:PutScalingPolicy", 1L);
  }

  private static JsonRpcTransport transport(SdkHttpClient http, CloudCallMetrics metrics) {
    return new JsonRpcTransport(
        ApplicationAutoScaling.SERVICE,
        http,
        StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")),
        "eu-west-1",
        URI.create("https://application-autoscaling.eu-west-1.amazonaws.com"),
        metrics);
  }

  /** Answers every request with one canned response and keeps what was sent. */
  private static final class Recording implements SdkHttpClient {
    final List<HttpExecuteRequest> requests = new ArrayList<>();
    private final int status;
    private final String body;

    Recording(int status, String body) {
      this.status = status;
      this.body = body;
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
      requests.add(request);
      return new ExecutableHttpRequest() {
        @Override
        public HttpExecuteResponse call() throws IOException {
          return HttpExecuteResponse.builder()
              .response(SdkHttpResponse.builder().statusCode(status).build())
              .responseBody(
                  AbortableInputStream.create(
                      new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8))))
              .build();
        }

        @Override
        public void abort() {}
      };
    }

    @Override
    public void close() {}
  }
}
