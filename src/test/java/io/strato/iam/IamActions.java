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

  /**
   * S3 is the exception: several operations are authorised by an action of another name
   * (https://docs.aws.amazon.com/AmazonS3/latest/API/API_Operations_Amazon_Simple_Storage_Service.html,
   * each operation's "Permissions" section). DeleteObjects is checked per object, as DeleteObject,
   * or DeleteObjectVersion when a version is named (Strato names one for every entry).
   */
  private static final Map<String, String> S3_ACTION_BY_OPERATION =
      Map.of(
          "PutBucketEncryption", "PutEncryptionConfiguration",
          "PutPublicAccessBlock", "PutBucketPublicAccessBlock",
          "PutBucketLifecycleConfiguration", "PutLifecycleConfiguration",
          "ListObjectsV2", "ListBucket",
          "ListObjectVersions", "ListBucketVersions",
          "HeadBucket", "ListBucket",
          "DeleteObjects", "DeleteObjectVersion");

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
    if (service.equals("S3")) {
      return "s3:" + S3_ACTION_BY_OPERATION.getOrDefault(operation, operation);
    }
    String prefix = PREFIX_BY_SDK_SERVICE.get(service);
    if (prefix == null) {
      throw new IllegalArgumentException(
          "no IAM prefix known for SDK service " + service + " (add it to IamActions)");
    }
    return prefix + ":" + operation;
  }
}
