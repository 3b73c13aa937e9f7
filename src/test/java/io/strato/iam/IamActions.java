package io.strato.iam;

import java.util.Map;

/**
 * From the AWS SDK's {@code Service:Operation} (as {@code CloudCallMetrics} counts calls) to the
 * IAM action that authorises it. For these services the operation name is the action name; only the
 * prefix differs.
 */
final class IamActions {

  private static final Map<String, String> PREFIX_BY_SDK_SERVICE =
      Map.of(
          "ElasticLoadBalancingV2", "elasticloadbalancing",
          "Ec2", "ec2",
          "AutoScaling", "autoscaling",
          "Eks", "eks",
          "Ecs", "ecs",
          "ApplicationAutoScaling", "application-autoscaling",
          "Iam", "iam",
          "SecretsManager", "secretsmanager",
          "Sts", "sts");

  private IamActions() {}

  /**
   * @throws IllegalArgumentException for a malformed call or a service without a known prefix, so a
   *     new service is mapped on purpose rather than silently skipped
   */
  static String of(String sdkCall) {
    int colon = sdkCall.indexOf(':');
    if (colon <= 0 || colon == sdkCall.length() - 1) {
      throw new IllegalArgumentException("not Service:Operation: " + sdkCall);
    }
    String service = sdkCall.substring(0, colon).trim();
    String operation = sdkCall.substring(colon + 1).trim();
    String prefix = PREFIX_BY_SDK_SERVICE.get(service);
    if (prefix == null) {
      throw new IllegalArgumentException(
          "no IAM prefix known for SDK service " + service + " (add it to IamActions)");
    }
    return prefix + ":" + operation;
  }
}
