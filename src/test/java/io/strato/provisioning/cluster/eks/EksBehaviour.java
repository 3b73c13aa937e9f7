package io.strato.provisioning.cluster.eks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.eks.model.EksException;

/**
 * Makes moto's EKS behave like the real one where the timing matters: moto makes a control plane
 * ACTIVE at once, while EKS takes ~10 minutes in CREATING, and EKS refuses an update while another
 * runs. This interceptor rewrites the status of the next cluster answers, or refuses a chosen call
 * with an EKS error code, before it reaches moto.
 */
final class EksBehaviour implements ExecutionInterceptor {

  private final ObjectMapper json = new ObjectMapper();
  private volatile String status;
  private volatile int statusAnswers;
  private final Map<String, String> refusals = new ConcurrentHashMap<>();

  /** The next {@code answers} cluster answers (Create/DescribeCluster) say {@code status}. */
  EksBehaviour clusterStatus(String status, int answers) {
    this.status = status;
    this.statusAnswers = answers;
    return this;
  }

  /** The next call of {@code operation} fails with this EKS error code (HTTP 409/400 alike). */
  EksBehaviour refuseNext(String operation, String errorCode) {
    refusals.put(operation, errorCode);
    return this;
  }

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    String code = refusals.remove(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
    if (code != null) {
      throw EksException.builder()
          .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(code).build())
          .statusCode(code.equals("ResourceInUseException") ? 409 : 400)
          .message(code)
          .build();
    }
  }

  @Override
  public Optional<InputStream> modifyHttpResponseContent(
      Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
    String op = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    if (statusAnswers <= 0
        || !(op.equals("DescribeCluster") || op.equals("CreateCluster"))
        || context.responseBody().isEmpty()
        || context.httpResponse().statusCode() != 200) {
      return context.responseBody();
    }
    try {
      ObjectNode root = (ObjectNode) json.readTree(context.responseBody().get());
      ((ObjectNode) root.path("cluster")).put("status", status);
      statusAnswers--;
      return Optional.of(new ByteArrayInputStream(json.writeValueAsBytes(root)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
