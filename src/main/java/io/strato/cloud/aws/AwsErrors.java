package io.strato.cloud.aws;

import io.strato.cloud.CloudException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Translates AWS SDK errors into the {@link CloudException} family, by error code. Every AWS call
 * in Strato goes through {@link #call(String, Supplier)} so that no SDK type crosses the SPI.
 */
public final class AwsErrors {

  private static final Set<String> THROTTLING =
      Set.of(
          "Throttling",
          "ThrottlingException",
          "ThrottledException",
          "RequestLimitExceeded",
          "RequestThrottled",
          "RequestThrottledException",
          "TooManyRequestsException",
          "SlowDown",
          "PriorRequestNotComplete");

  private static final Set<String> CONFLICT =
      Set.of(
          "DependencyViolation",
          "ResourceInUse",
          "ResourceInUseFault",
          "ResourceContention",
          "ScalingActivityInProgress",
          "ScalingActivityInProgressFault",
          "IncorrectState",
          "OperationNotPermitted",
          "InvalidGroup.Duplicate",
          "AlreadyExists",
          "AlreadyExistsFault",
          "DuplicateLoadBalancerName",
          "DuplicateTargetGroupName",
          "DuplicateListener",
          "InvalidLaunchTemplateName.AlreadyExistsException",
          // EKS and ECS: a cluster, node group or capacity provider still in use, or another
          // update of it in flight.
          "ResourceInUseException",
          "UpdateInProgressException");

  private static final Set<String> QUOTA =
      Set.of(
          "LimitExceeded",
          "LimitExceededFault",
          "TooManyLoadBalancers",
          "TooManyTargetGroups",
          "TooManyListeners",
          "TooManyTargets",
          "TooManyTags",
          "RulesPerSecurityGroupLimitExceeded",
          "SecurityGroupLimitExceeded",
          "InstanceLimitExceeded",
          "VcpuLimitExceeded",
          "ResourceLimitExceededException");

  /**
   * IAM is eventually consistent: for seconds to minutes after a role or instance profile is
   * created (by Terraform, just before Strato uses it), EC2, Auto Scaling, EKS and ECS answer as if
   * it did not exist or could not be assumed. These answers, by error code and a fragment of the
   * message, are the ones terraform-provider-aws and Cluster API's AWS provider also retry. They
   * are transient, retried with backoff; a profile that never appears keeps being retried, slowly,
   * with the cloud's message in the log, rather than turning the resource Failed for good.
   */
  private static final Map<String, List<String>> IAM_NOT_YET_VISIBLE =
      Map.of(
          // EC2 RunInstances and CreateFleet.
          "InvalidParameterValue", List.of("invalid iam instance profile"),
          // Auto Scaling checks the launch template's profile on CreateAutoScalingGroup.
          "ValidationError", List.of("invalid iam instance profile"),
          // EKS CreateCluster and CreateNodegroup; ECS CreateService with a fresh service role.
          "InvalidParameterException",
              List.of(
                  "does not exist or the trusted entity is not correct",
                  "could not be assumed",
                  "unable to assume role",
                  "the role with name",
                  "invalid iam instance profile"));

  /** Codes that name a precise, user-fixable problem with a reason of their own. */
  private static final Map<String, String> REASONS =
      Map.of("UnsupportedAvailabilityZoneException", "UnsupportedZone");

  private AwsErrors() {}

  /** Runs one AWS call, translating its failure. */
  public static <T> T call(String operation, Supplier<T> call) {
    try {
      return call.get();
    } catch (SdkException e) {
      throw translate(operation, e);
    }
  }

  public static void run(String operation, Runnable call) {
    call(
        operation,
        () -> {
          call.run();
          return null;
        });
  }

  /** The AWS error code, or null for client-side failures. */
  public static String codeOf(Throwable e) {
    if (e instanceof AwsServiceException ase && ase.awsErrorDetails() != null) {
      return ase.awsErrorDetails().errorCode();
    }
    return null;
  }

  public static CloudException translate(String operation, SdkException e) {
    String code = codeOf(e);
    String message = e.getMessage();
    if (e instanceof SdkClientException || code == null) {
      return new CloudException.Transient("aws", operation, message, e);
    }
    if (THROTTLING.contains(code)) {
      return new CloudException.Throttled("aws", operation, message, null, e);
    }
    if (code.endsWith("NotFound")
        || code.endsWith("NotFoundException")
        || code.contains(".NotFound")
        || code.equals("NoSuchEntity")
        // ECS answers this for a service that is deleted or being deleted.
        || code.equals("ServiceNotActiveException")) {
      return new CloudException.NotFound("aws", operation, message, e);
    }
    if (iamNotYetVisible(code, message)) {
      return new CloudException.Transient(
          "aws",
          operation,
          "IAM may not have propagated a new role or instance profile yet (retrying): " + message,
          e);
    }
    if (CONFLICT.contains(code)) {
      return new CloudException.Conflict("aws", operation, message, e);
    }
    if (REASONS.containsKey(code)) {
      return new CloudException.InvalidRequest("aws", operation, REASONS.get(code), message, e);
    }
    if (QUOTA.contains(code)) {
      return new CloudException.InvalidRequest("aws", operation, "QuotaExceeded", message, e);
    }
    int status = e instanceof AwsServiceException ase ? ase.statusCode() : 0;
    if (status >= 500) {
      return new CloudException.Transient("aws", operation, message, e);
    }
    if (code.equals("UnauthorizedOperation")
        || code.equals("AccessDenied")
        || code.equals("AccessDeniedException")) {
      return new CloudException.InvalidRequest("aws", operation, "AccessDenied", message, e);
    }
    return new CloudException.InvalidRequest("aws", operation, code, message, e);
  }

  static boolean iamNotYetVisible(String code, String message) {
    List<String> fragments = IAM_NOT_YET_VISIBLE.get(code);
    if (fragments == null || message == null) {
      return false;
    }
    String lower = message.toLowerCase(Locale.ROOT);
    return fragments.stream().anyMatch(lower::contains);
  }

  /** The outcome tag of a failed call for metrics: throttled, client_error, server_error... */
  static String outcomeOf(Throwable e) {
    String code = codeOf(e);
    if (code == null) {
      return "network_error";
    }
    if (THROTTLING.contains(code)) {
      return "throttled";
    }
    int status = e instanceof AwsServiceException ase ? ase.statusCode() : 0;
    return status >= 500 ? "server_error" : "client_error";
  }

  /** Whether the failure means the named resource does not exist. */
  public static boolean isNotFound(Throwable e) {
    return e instanceof CloudException.NotFound;
  }
}
