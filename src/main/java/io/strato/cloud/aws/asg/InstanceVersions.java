package io.strato.cloud.aws.asg;

import io.strato.cloud.aws.AwsErrors;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * Which launch template version each instance was launched from, read from its tags: Strato's
 * propagated {@link RolloutTags#VERSION}, else AWS's own. An instance's version never changes, so
 * each is read once per process: a rollout's later steps cost no EC2 call for instances already
 * seen, and the first reconcile after a restart reads all of a cluster's instances in one call.
 */
final class InstanceVersions {

  /** EC2 takes at most 200 values per filter. */
  static final int IDS_PER_CALL = 200;

  private final Ec2Client ec2;
  private final NodeGroupMemo memo;

  InstanceVersions(Ec2Client ec2, NodeGroupMemo memo) {
    this.ec2 = ec2;
    this.memo = memo;
  }

  /**
   * @return by instance ID; 0 for an instance without either tag, or one EC2 no longer lists
   */
  Map<String, Long> of(Collection<String> instanceIds) {
    Map<String, Long> versions = new TreeMap<>();
    List<String> unknown =
        instanceIds.stream()
            .distinct()
            .filter(
                id -> {
                  var known = memo.instanceVersion(id);
                  known.ifPresent(v -> versions.put(id, v));
                  return known.isEmpty();
                })
            .sorted()
            .toList();
    for (int from = 0; from < unknown.size(); from += IDS_PER_CALL) {
      // A filter, not InstanceIds: an ID that is already gone must not fail the whole read.
      List<String> chunk = unknown.subList(from, Math.min(unknown.size(), from + IDS_PER_CALL));
      AwsErrors.call(
              "DescribeInstances",
              () ->
                  ec2
                      .describeInstancesPaginator(
                          r -> r.filters(f -> f.name("instance-id").values(chunk)))
                      .reservations()
                      .stream()
                      .flatMap(res -> res.instances().stream())
                      .toList())
          .forEach(
              i -> {
                long version = version(i);
                versions.put(i.instanceId(), version);
                if (version > 0) {
                  memo.instanceVersion(i.instanceId(), version);
                }
              });
    }
    unknown.forEach(id -> versions.putIfAbsent(id, 0L));
    return versions;
  }

  static long version(Instance instance) {
    String strato = null;
    String aws = null;
    for (Tag t : instance.tags()) {
      if (RolloutTags.VERSION.equals(t.key())) {
        strato = t.value();
      } else if (RolloutTags.AWS_VERSION.equals(t.key())) {
        aws = t.value();
      }
    }
    String value = strato != null ? strato : aws;
    try {
      return value == null ? 0 : Long.parseLong(value);
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
