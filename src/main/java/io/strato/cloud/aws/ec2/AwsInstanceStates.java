package io.strato.cloud.aws.ec2;

import io.strato.cloud.instance.InstanceState;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;

/** EC2 instance states as the node controller sees them. */
final class AwsInstanceStates {

  private AwsInstanceStates() {}

  /**
   * A state this SDK does not know maps to PENDING: neither gone nor shut down, so the node
   * controller takes no destructive action on a guess.
   */
  static InstanceState of(InstanceStateName name) {
    if (name == null) {
      return InstanceState.PENDING;
    }
    return switch (name) {
      case RUNNING -> InstanceState.RUNNING;
      case STOPPING -> InstanceState.STOPPING;
      case STOPPED -> InstanceState.STOPPED;
      case SHUTTING_DOWN -> InstanceState.SHUTTING_DOWN;
      case TERMINATED -> InstanceState.TERMINATED;
      default -> InstanceState.PENDING;
    };
  }
}
