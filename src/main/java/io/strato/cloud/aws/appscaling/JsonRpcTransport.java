package io.strato.cloud.aws.appscaling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strato.cloud.CloudException;
import io.strato.cloud.aws.AwsErrors;
import io.strato.cloud.aws.CloudCallMetrics;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

/**
 * The AWS JSON 1.1 protocol for one service whose SDK module is not available: a signed {@code POST
 * /} with the operation in {@code X-Amz-Target}. Each call is counted and timed like an SDK call
 * (under the SDK's service name, so the IAM check maps it as it maps the others), runs inside
 * {@link AwsErrors#call} so the tests' IAM check sees it as Strato's, and fails only with a {@link
 * CloudException}.
 *
 * <p>No retries here: a throttled or failed call surfaces as Throttled or Transient and the engine
 * requeues with backoff, so one reconcile never hammers a busy endpoint.
 */
final class JsonRpcTransport {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * @param sdkServiceName the name the SDK would record (e.g. {@code ApplicationAutoScaling})
   * @param signingName the SigV4 service name (e.g. {@code application-autoscaling})
   * @param targetPrefix the {@code X-Amz-Target} prefix (e.g. {@code AnyScaleFrontendService})
   */
  record Service(String sdkServiceName, String signingName, String targetPrefix) {}

  private final Service service;
  private final SdkHttpClient http;
  private final AwsCredentialsProvider credentials;
  private final String region;
  private final URI endpoint;
  private final CloudCallMetrics metrics;
  private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

  JsonRpcTransport(
      Service service,
      SdkHttpClient http,
      AwsCredentialsProvider credentials,
      String region,
      URI endpoint,
      CloudCallMetrics metrics) {
    this.service = service;
    this.http = http;
    this.credentials = credentials;
    this.region = region;
    this.endpoint = endpoint.resolve("/");
    this.metrics = metrics;
  }

  /** Sends one operation and answers its JSON result (an empty object when the body is empty). */
  JsonNode call(String operation, JsonNode request) {
    return AwsErrors.call(operation, () -> timed(operation, request));
  }

  private JsonNode timed(String operation, JsonNode request) {
    long started = System.nanoTime();
    String outcome = "network_error";
    try {
      Response response = send(operation, request);
      if (response.status() / 100 == 2) {
        outcome = "success";
        return response.body();
      }
      CloudException failure =
          JsonRpcErrors.translate(operation, response.status(), response.body());
      outcome = JsonRpcErrors.outcomeOf(failure, response.status());
      throw failure;
    } finally {
      metrics.record(
          "aws",
          service.sdkServiceName(),
          operation,
          outcome,
          Duration.ofNanos(System.nanoTime() - started));
    }
  }

  private record Response(int status, JsonNode body) {}

  private Response send(String operation, JsonNode request) {
    byte[] body;
    try {
      body = JSON.writeValueAsBytes(request);
    } catch (IOException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
    SdkHttpRequest unsigned =
        SdkHttpRequest.builder()
            .method(SdkHttpMethod.POST)
            .uri(endpoint)
            .putHeader("Content-Type", "application/x-amz-json-1.1")
            .putHeader("X-Amz-Target", service.targetPrefix() + "." + operation)
            .putHeader("Content-Length", Integer.toString(body.length))
            .build();
    ContentStreamProvider payload = ContentStreamProvider.fromByteArray(body);
    SignedRequest signed =
        signer.sign(
            r ->
                r.identity(credentials.resolveCredentials())
                    .request(unsigned)
                    .payload(payload)
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service.signingName())
                    .putProperty(AwsV4HttpSigner.REGION_NAME, region));
    try {
      HttpExecuteResponse response =
          http.prepareRequest(
                  HttpExecuteRequest.builder()
                      .request(signed.request())
                      .contentStreamProvider(signed.payload().orElse(payload))
                      .build())
              .call();
      return new Response(response.httpResponse().statusCode(), read(response));
    } catch (IOException e) {
      throw new CloudException.Transient("aws", operation, e.getMessage(), e);
    }
  }

  private static JsonNode read(HttpExecuteResponse response) throws IOException {
    if (response.responseBody().isEmpty()) {
      return JSON.createObjectNode();
    }
    try (InputStream in = response.responseBody().get()) {
      byte[] bytes = in.readAllBytes();
      if (bytes.length == 0) {
        return JSON.createObjectNode();
      }
      try {
        return JSON.readTree(bytes);
      } catch (IOException notJson) {
        // A proxy or load balancer in front of AWS may answer HTML; keep its text for the message.
        return JSON.createObjectNode()
            .put("message", new String(bytes, StandardCharsets.UTF_8).strip());
      }
    }
  }

  static ObjectMapper json() {
    return JSON;
  }
}
