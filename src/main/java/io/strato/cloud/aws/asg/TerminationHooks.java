package io.strato.cloud.aws.asg;

import io.strato.cloud.aws.AwsErrors;
import io.strato.cloud.nodegroup.NodeGroupSpec;
import java.time.Duration;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;

/**
 * The termination lifecycle hook that holds a terminating instance ({@code Terminating:Wait}) until
 * its node has left the cluster: the node's bootstrap watches its target lifecycle state in the
 * instance metadata, drains or resets itself, and completes the action. If the node never answers,
 * AWS continues the termination after the timeout, so a dead node cannot block a rollout.
 *
 * <p>Read once per group and process (one DescribeLifecycleHooks), written only when missing or
 * different (PutLifecycleHook creates or overwrites), then remembered: not a call per poll. A group
 * created by the same reconcile is not read: it was created without hooks, so none is in place.
 */
final class TerminationHooks {

  /** The name the bootstraps complete the action with. */
  static final String NAME = NodeGroupSpec.Replacement.TERMINATION_HOOK;

  private static final Logger LOG = Logger.getLogger(TerminationHooks.class);
  private static final String TERMINATING = "autoscaling:EC2_INSTANCE_TERMINATING";

  private final AutoScalingClient autoScaling;
  private final NodeGroupMemo memo;

  TerminationHooks(AutoScalingClient autoScaling, NodeGroupMemo memo) {
    this.autoScaling = autoScaling;
    this.memo = memo;
  }

  /**
   * @param justCreated the group was created by this reconcile (CreateAutoScalingGroup answered
   *     success, not AlreadyExists): it has no hook yet, so the read is skipped. A crash after the
   *     create leaves a group the next pass finds, not creates, so that pass reads as usual.
   */
  void ensure(ObservedGroup group, Duration timeout, boolean justCreated) {
    long seconds = timeout.toSeconds();
    if (memo.hook(group.arn()).filter(s -> s == seconds).isPresent()) {
      return;
    }
    // Read before writing, so that a restarted process writes nothing when the hook is in place.
    boolean inPlace =
        !justCreated
            && AwsErrors.call(
                    "DescribeLifecycleHooks",
                    () ->
                        autoScaling.describeLifecycleHooks(
                            r -> r.autoScalingGroupName(group.name()).lifecycleHookNames(NAME)))
                .lifecycleHooks()
                .stream()
                .anyMatch(
                    h ->
                        NAME.equals(h.lifecycleHookName())
                            && TERMINATING.equals(h.lifecycleTransition())
                            && h.heartbeatTimeout() != null
                            && h.heartbeatTimeout() == seconds
                            && "CONTINUE".equals(h.defaultResult()));
    if (inPlace) {
      memo.hook(group.arn(), seconds);
      return;
    }
    AwsErrors.run(
        "PutLifecycleHook",
        () ->
            autoScaling.putLifecycleHook(
                r ->
                    r.autoScalingGroupName(group.name())
                        .lifecycleHookName(NAME)
                        .lifecycleTransition(TERMINATING)
                        .heartbeatTimeout((int) seconds)
                        .defaultResult("CONTINUE")));
    memo.hook(group.arn(), seconds);
    LOG.debugf("Auto Scaling group %s: termination hook %s, %ds", group.name(), NAME, seconds);
  }
}
