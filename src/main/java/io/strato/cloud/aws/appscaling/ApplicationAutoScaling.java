package io.strato.cloud.aws.appscaling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.cloud.aws.AwsClients;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The few Application Auto Scaling operations Strato needs, spoken directly over the AWS JSON 1.1
 * protocol because the SDK module for this service is not available to the build. It shares the SDK
 * clients' HTTP pool, credentials, endpoint override and call metrics.
 */
public final class ApplicationAutoScaling {

  static final JsonRpcTransport.Service SERVICE =
      new JsonRpcTransport.Service(
          "ApplicationAutoScaling", "application-autoscaling", "AnyScaleFrontendService");

  private final JsonRpcTransport transport;

  public ApplicationAutoScaling(AwsClients clients) {
    URI endpoint =
        clients
            .settings()
            .endpoint()
            .orElseGet(
                () ->
                    URI.create(
                        "https://application-autoscaling." + clients.region() + ".amazonaws.com"));
    this.transport =
        new JsonRpcTransport(
            SERVICE,
            clients.http(),
            clients.credentials(),
            clients.region(),
            endpoint,
            clients.metrics());
  }

  /** Registers the target, or updates its bounds when it is registered already. */
  public void registerScalableTarget(ScalableTarget target, Map<String, String> tags) {
    ObjectNode body = resource(target.resource());
    body.put("MinCapacity", target.minCapacity());
    body.put("MaxCapacity", target.maxCapacity());
    if (tags != null && !tags.isEmpty()) {
      ObjectNode t = body.putObject("Tags");
      tags.forEach(t::put);
    }
    transport.call("RegisterScalableTarget", body);
  }

  public Optional<ScalableTarget> describeScalableTarget(ScalableResource resource) {
    ObjectNode body = object();
    body.put("ServiceNamespace", resource.namespace());
    body.putArray("ResourceIds").add(resource.resourceId());
    body.put("ScalableDimension", resource.dimension());
    JsonNode answer = transport.call("DescribeScalableTargets", body);
    for (JsonNode t : answer.path("ScalableTargets")) {
      if (resource.resourceId().equals(t.path("ResourceId").asText())
          && resource.dimension().equals(t.path("ScalableDimension").asText())) {
        return Optional.of(
            new ScalableTarget(
                resource, t.path("MinCapacity").asInt(), t.path("MaxCapacity").asInt()));
      }
    }
    return Optional.empty();
  }

  public void deregisterScalableTarget(ScalableResource resource) {
    transport.call("DeregisterScalableTarget", resource(resource));
  }

  /**
   * Creates or replaces a target-tracking policy.
   *
   * @return the policy's ARN
   */
  public String putScalingPolicy(TargetTrackingPolicy policy) {
    ObjectNode body = resource(policy.resource());
    body.put("PolicyName", policy.name());
    body.put("PolicyType", "TargetTrackingScaling");
    ObjectNode config = body.putObject("TargetTrackingScalingPolicyConfiguration");
    config.put("TargetValue", policy.targetValue());
    config
        .putObject("PredefinedMetricSpecification")
        .put("PredefinedMetricType", policy.predefinedMetric());
    return transport.call("PutScalingPolicy", body).path("PolicyARN").asText(null);
  }

  /** The target-tracking policies on a resource (other policy types are left out). */
  public List<TargetTrackingPolicy> describeScalingPolicies(ScalableResource resource) {
    List<TargetTrackingPolicy> out = new ArrayList<>();
    String next = null;
    do {
      ObjectNode body = object();
      body.put("ServiceNamespace", resource.namespace());
      body.put("ResourceId", resource.resourceId());
      body.put("ScalableDimension", resource.dimension());
      if (next != null) {
        body.put("NextToken", next);
      }
      JsonNode answer = transport.call("DescribeScalingPolicies", body);
      for (JsonNode p : answer.path("ScalingPolicies")) {
        JsonNode config = p.path("TargetTrackingScalingPolicyConfiguration");
        if (!"TargetTrackingScaling".equals(p.path("PolicyType").asText())) {
          continue;
        }
        out.add(
            new TargetTrackingPolicy(
                p.path("PolicyName").asText(),
                resource,
                config
                    .path("PredefinedMetricSpecification")
                    .path("PredefinedMetricType")
                    .asText(""),
                config.path("TargetValue").asDouble(),
                p.path("PolicyARN").asText(null)));
      }
      next = answer.path("NextToken").asText(null);
    } while (next != null && !next.isEmpty());
    return out;
  }

  public void deleteScalingPolicy(String policyName, ScalableResource resource) {
    ObjectNode body = resource(resource);
    body.put("PolicyName", policyName);
    transport.call("DeleteScalingPolicy", body);
  }

  private static ObjectNode resource(ScalableResource resource) {
    ObjectNode body = object();
    body.put("ServiceNamespace", resource.namespace());
    body.put("ResourceId", resource.resourceId());
    body.put("ScalableDimension", resource.dimension());
    return body;
  }

  private static ObjectNode object() {
    return JsonRpcTransport.json().createObjectNode();
  }
}
