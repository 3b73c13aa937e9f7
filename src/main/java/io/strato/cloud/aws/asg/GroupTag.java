package io.strato.cloud.aws.asg;

/**
 * The value of one Auto Scaling group tag and whether the group copies it onto the instances it
 * launches. The key is the key of the map that holds it.
 */
record GroupTag(String value, boolean propagateAtLaunch) {

  static GroupTag propagated(String value) {
    return new GroupTag(value, true);
  }

  static GroupTag groupOnly(String value) {
    return new GroupTag(value, false);
  }
}
