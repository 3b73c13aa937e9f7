package io.strato.cloud.aws.asg;

/**
 * The group tags a rollout's state lives in, so that a restarted Strato reads it from the cloud.
 * Both keys are under {@code strato.io/}, which a reconcile never removes as undeclared.
 */
final class RolloutTags {

  /**
   * On the group while a rollout runs: the capacity it had before the surge, for groups whose
   * capacity an autoscaler owns (the spec does not say it). Written before the capacity rises,
   * removed after it fell back.
   */
  static final String BASE = "strato.io/rollout-base";

  /**
   * Propagated to instances at launch: the launch template version the group launched them from.
   * AWS sets {@code aws:ec2launchtemplate:version} too, but emulators report the template's default
   * version there, and this tag is what every backend gets right. Written after the group moved to
   * the version, so an instance launched in between carries the older number and is replaced once
   * more rather than never.
   */
  static final String VERSION = "strato.io/launch-template-version";

  /** AWS's own record of the version, read for instances launched before Strato tagged them. */
  static final String AWS_VERSION = "aws:ec2launchtemplate:version";

  private RolloutTags() {}
}
