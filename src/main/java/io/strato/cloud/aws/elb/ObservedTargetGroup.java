package io.strato.cloud.aws.elb;

import io.strato.cloud.loadbalancer.HealthCheckSpec;
import java.util.Map;

/**
 * A target group as AWS describes it.
 *
 * @param healthCheck the health check normalised like a desired one (see {@link
 *     TargetGroupSettings#normalise})
 */
record ObservedTargetGroup(
    String arn,
    String name,
    String protocol,
    int port,
    String targetType,
    String vpcId,
    HealthCheckSpec healthCheck,
    Map<String, String> tags) {

  ObservedTargetGroup {
    tags = Map.copyOf(tags);
  }

  ObservedTargetGroup withTags(Map<String, String> newTags) {
    return new ObservedTargetGroup(
        arn, name, protocol, port, targetType, vpcId, healthCheck, newTags);
  }

  /**
   * The name inside a target group ARN ({@code ...:targetgroup/<name>/<id>}), as AWS documents it.
   */
  static String nameFromArn(String arn) {
    String[] parts = arn.split("/");
    return parts.length >= 3 ? parts[parts.length - 2] : arn;
  }
}
