package io.strato.cloud.aws.asg;

import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingException;

/**
 * moto's CreateAutoScalingGroup silently replaces a group of the same name (autoscaling/models.py
 * stores it by name), where AWS answers {@code AlreadyExists}. This before-hook gives the clients
 * under test AWS's answer, so the create-after-a-race path runs as it would in production.
 */
final class AwsLikeCreate {

  private AwsLikeCreate() {}

  /**
   * @param observer a client without hooks, to look the group up
   */
  static HookedAws.Hook alreadyExists(AutoScalingClient observer, String groupName) {
    return (operation, call) -> {
      if ("CreateAutoScalingGroup".equals(operation)
          && !observer
              .describeAutoScalingGroups(r -> r.autoScalingGroupNames(groupName))
              .autoScalingGroups()
              .isEmpty()) {
        throw AutoScalingException.builder()
            .statusCode(400)
            .message("AutoScalingGroup by this name already exists")
            .awsErrorDetails(
                AwsErrorDetails.builder()
                    .errorCode("AlreadyExists")
                    .errorMessage("AutoScalingGroup by this name already exists")
                    .serviceName("AutoScaling")
                    .build())
            .build();
      }
    };
  }
}
