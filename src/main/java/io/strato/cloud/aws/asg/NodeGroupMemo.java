package io.strato.cloud.aws.asg;

import io.strato.cloud.aws.RecentlyUsed;
import java.util.Map;
import java.util.Optional;

/**
 * What this process last wrote or read of the parts of a node group that a poll would otherwise
 * read again on every pass: the content of launch template versions and the scaling policy of each
 * group. Only an optimisation: an entry missing (a restart, another replica, an evicted entry)
 * means "read it", never "assume it", so the cloud stays the only source of truth.
 *
 * <p>Both keys name something that never changes under the same key: a launch template version is
 * immutable, and a group's ARN carries a fresh UUID each time a group of that name is created, so a
 * group deleted and recreated by someone else is a new key.
 */
final class NodeGroupMemo {

  /** Enough for every node group of a large account; the eldest entry goes first. */
  static final int CAPACITY = 10_000;

  /** The scaling policy a group has: an ARN and configuration, or none (both null). */
  record KnownPolicy(String arn, TargetTracking config) {
    static final KnownPolicy NONE = new KnownPolicy(null, null);
  }

  private final Map<String, String> versionContent = bounded();
  private final Map<String, KnownPolicy> policies = bounded();
  private final Map<String, Long> instanceVersions = bounded();
  private final Map<String, Long> hooks = bounded();
  private final Map<String, Long> launchedAt = bounded();

  /**
   * The launch template version an instance was launched from, if this process has read it. An
   * instance never changes its version, so the entry holds for the instance's life.
   */
  synchronized Optional<Long> instanceVersion(String instanceId) {
    return Optional.ofNullable(instanceVersions.get(instanceId));
  }

  synchronized void instanceVersion(String instanceId, long version) {
    instanceVersions.put(instanceId, version);
  }

  /**
   * The launch template version every instance of a group has been launched from, for a group this
   * process created at that version and has not moved since (then no instance can be of another
   * version, and a rollout view needs no DescribeInstances for it).
   */
  synchronized Optional<Long> launchedAt(String groupArn) {
    return groupArn == null ? Optional.empty() : Optional.ofNullable(launchedAt.get(groupArn));
  }

  synchronized void launchedAt(String groupArn, long version) {
    if (groupArn != null) {
      launchedAt.put(groupArn, version);
    }
  }

  synchronized void forgetLaunchedAt(String groupArn) {
    if (groupArn != null) {
      launchedAt.remove(groupArn);
    }
  }

  /** The drain timeout (seconds) of the termination hook this process put on a group ARN. */
  synchronized Optional<Long> hook(String groupArn) {
    return Optional.ofNullable(hooks.get(groupArn));
  }

  synchronized void hook(String groupArn, long timeoutSeconds) {
    hooks.put(groupArn, timeoutSeconds);
  }

  /** The content fingerprint of a launch template version, if this process has seen it. */
  synchronized Optional<String> versionContent(String templateId, long version) {
    return Optional.ofNullable(versionContent.get(templateId + ":" + version));
  }

  synchronized void versionContent(String templateId, long version, String fingerprint) {
    versionContent.put(templateId + ":" + version, fingerprint);
  }

  synchronized Optional<KnownPolicy> policy(String groupArn) {
    return groupArn == null ? Optional.empty() : Optional.ofNullable(policies.get(groupArn));
  }

  synchronized void policy(String groupArn, KnownPolicy policy) {
    if (groupArn != null) {
      policies.put(groupArn, policy);
    }
  }

  synchronized void forgetPolicy(String groupArn) {
    if (groupArn != null) {
      policies.remove(groupArn);
    }
  }

  /** Guarded by the memo's lock. */
  private static <V> Map<String, V> bounded() {
    return RecentlyUsed.map(CAPACITY);
  }
}
