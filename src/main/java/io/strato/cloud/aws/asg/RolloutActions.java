package io.strato.cloud.aws.asg;

import io.strato.cloud.CloudException;
import io.strato.cloud.aws.AwsErrors;
import io.strato.cloud.nodegroup.RolloutStep;
import java.util.Locale;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.Tag;

/**
 * The Auto Scaling calls of one rollout step. Each is safe to repeat and to be cut short after any
 * call: the next reconcile observes the group and plans again from what it finds.
 */
final class RolloutActions {

  private static final Logger LOG = Logger.getLogger(RolloutActions.class);
  private static final String RESOURCE_TYPE = "auto-scaling-group";

  private final AutoScalingClient autoScaling;

  RolloutActions(AutoScalingClient autoScaling) {
    this.autoScaling = autoScaling;
  }

  void take(ObservedGroup group, RolloutStep step) {
    // Idle, Wait and Stalled make no call.
    if (step instanceof RolloutStep.Surge s) {
      surge(group, s);
    } else if (step instanceof RolloutStep.Terminate t) {
      t.instances().forEach(i -> terminate(group, i));
    } else if (step instanceof RolloutStep.Finish f) {
      finish(group, f);
    }
  }

  /** The base first: a crash before the capacity rises leaves a record that the next pass uses. */
  private void surge(ObservedGroup group, RolloutStep.Surge s) {
    if (!Integer.valueOf(s.base()).equals(group.rolloutBase())) {
      AwsErrors.run(
          "CreateOrUpdateTags",
          () ->
              autoScaling.createOrUpdateTags(
                  r ->
                      r.tags(
                          Tag.builder()
                              .resourceId(group.name())
                              .resourceType(RESOURCE_TYPE)
                              .key(RolloutTags.BASE)
                              .value(Integer.toString(s.base()))
                              .propagateAtLaunch(false)
                              .build())));
    }
    if (s.desiredCapacity() != group.desiredCapacity() || s.maxSize() != group.maxSize()) {
      AwsErrors.run(
          "UpdateAutoScalingGroup",
          () ->
              autoScaling.updateAutoScalingGroup(
                  r ->
                      r.autoScalingGroupName(group.name())
                          .maxSize(s.maxSize())
                          .desiredCapacity(s.desiredCapacity())));
    }
    LOG.infof(
        "Auto Scaling group %s: rollout of %d instances, capacity %d -> %d",
        group.name(), s.progress().outdated(), s.base(), s.desiredCapacity());
  }

  /**
   * An instance already terminating (a repeat after a lost answer, or the group's own health
   * replacement) is what was asked for.
   */
  private void terminate(ObservedGroup group, RolloutStep.Termination t) {
    try {
      AwsErrors.run(
          "TerminateInstanceInAutoScalingGroup",
          () ->
              autoScaling.terminateInstanceInAutoScalingGroup(
                  r -> r.instanceId(t.instanceId()).shouldDecrementDesiredCapacity(t.decrement())));
      LOG.infof(
          "Auto Scaling group %s: replacing %s%s",
          group.name(), t.instanceId(), t.decrement() ? " (taking the surge back)" : "");
    } catch (CloudException.InvalidRequest | CloudException.NotFound e) {
      String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
      if (!(message.contains("terminat") || message.contains("not found"))) {
        throw e;
      }
    }
  }

  /** The capacity back first, then the record: a crash between leaves a base that still holds. */
  private void finish(ObservedGroup group, RolloutStep.Finish f) {
    if (f.desiredCapacity() != group.desiredCapacity() || f.maxSize() != group.maxSize()) {
      AwsErrors.run(
          "UpdateAutoScalingGroup",
          () ->
              autoScaling.updateAutoScalingGroup(
                  r ->
                      r.autoScalingGroupName(group.name())
                          .maxSize(f.maxSize())
                          .desiredCapacity(f.desiredCapacity())));
    }
    AwsErrors.run(
        "DeleteTags",
        () ->
            autoScaling.deleteTags(
                r ->
                    r.tags(
                        Tag.builder()
                            .resourceId(group.name())
                            .resourceType(RESOURCE_TYPE)
                            .key(RolloutTags.BASE)
                            .build())));
    LOG.infof(
        "Auto Scaling group %s: rollout finished at capacity %d",
        group.name(), f.desiredCapacity());
  }
}
