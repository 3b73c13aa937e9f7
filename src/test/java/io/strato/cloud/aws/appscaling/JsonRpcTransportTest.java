package io.strato.cloud.aws.appscaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.strato.cloud.CloudException;
import io.strato.cloud.aws.CloudCallMetrics;
import io.strato.testsupport.AwsWireError;
import io.strato.testsupport.FaultProxy;
import io.strato.testsupport.MotoServer;
import io.strato.testsupport.ProxiedCall;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;

/**
 * What goes on the wire, seen by the fault proxy in front of moto: moto accepts unsigned requests,
 * so only there is the protocol itself (target header, content type, SigV4 scope) checked, while
 * moto gives the real answer or the proxy a real AWS error envelope.
 */
class JsonRpcTransportTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TARGET =
      "{\"ServiceNamespace\":\"dynamodb\",\"ResourceId\":\"table/orders\","
          + "\"ScalableDimension\":\"dynamodb:table:WriteCapacityUnits\","
          + "\"MinCapacity\":1,\"MaxCapacity\":5}";

  private final MotoServer moto = MotoServer.shared();
  private FaultProxy proxy;
  private SdkHttpClient http;

  @BeforeEach
  void start() {
    moto.reset();
    proxy = FaultProxy.scripted(moto.endpoint()).recording();
    http = ApacheHttpClient.builder().build();
  }

  @AfterEach
  void stop() {
    http.close();
    proxy.close();
  }

  @Test
  void postsASignedJson11Request() throws Exception {
    JsonRpcTransport transport = transport(new CloudCallMetrics(new SimpleMeterRegistry()));

    JsonNode answer = transport.call("RegisterScalableTarget", JSON.readTree(TARGET));

    assertThat(answer.path("ScalableTargetARN").asText()).startsWith("arn:aws:application");
    assertThat(proxy.recorded()).hasSize(1);
    ProxiedCall sent = proxy.recorded().get(0);
    assertThat(sent.method()).isEqualTo("POST");
    assertThat(sent.path()).isEqualTo("/");
    assertThat(sent.header("X-Amz-Target"))
        .isEqualTo("AnyScaleFrontendService.RegisterScalableTarget");
    assertThat(sent.header("Content-Type")).isEqualTo("application/x-amz-json-1.1");
    assertThat(sent.header("Authorization"))
        .startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")
        .contains("/" + MotoServer.REGION + "/application-autoscaling/aws4_request")
        .contains("x-amz-target");
    assertThat(sent.header("X-Amz-Date")).isNotBlank();
    assertThat(JSON.readTree(sent.body())).isEqualTo(JSON.readTree(TARGET));
  }

  @Test
  void aThrottledAnswerIsCountedAndTranslated() {
    proxy.refuseAll(
        ProxiedCall.action("PutScalingPolicy"),
        new AwsWireError(400, "ConcurrentUpdateException", "busy"));
    CloudCallMetrics metrics = new CloudCallMetrics(new SimpleMeterRegistry());

    assertThatThrownBy(() -> transport(metrics).call("PutScalingPolicy", JSON.createObjectNode()))
        .isInstanceOf(CloudException.Throttled.class)
        .hasMessageContaining("busy");
    assertThat(metrics.snapshot()).containsEntry("ApplicationAutoScaling:PutScalingPolicy", 1L);
  }

  private JsonRpcTransport transport(CloudCallMetrics metrics) {
    return new JsonRpcTransport(
        ApplicationAutoScaling.SERVICE,
        http,
        StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")),
        MotoServer.REGION,
        proxy.endpoint(),
        metrics);
  }
}
