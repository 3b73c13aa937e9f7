package io.strato.cloud.backup;

import io.strato.cloud.Ownership;
import java.util.Map;

/**
 * What a cluster's snapshot bucket should look like.
 *
 * @param name the bucket name, deterministic from the cluster (see the caller)
 * @param prefix where the snapshots go; the only place the writer may write
 * @param writerInstanceProfile the instance profile (name or ARN) whose role alone may write
 * @param retentionDays snapshots (and their noncurrent versions) expire after this many days
 * @param owner whose bucket it is; its tags go on the bucket, after {@code userTags}
 */
public record SnapshotBucketSpec(
    String name,
    String prefix,
    String writerInstanceProfile,
    int retentionDays,
    Map<String, String> userTags,
    Ownership owner) {

  public SnapshotBucketSpec {
    if (retentionDays < 1) {
      throw new IllegalArgumentException("retentionDays must be at least 1");
    }
    userTags = userTags == null ? Map.of() : Map.copyOf(userTags);
  }
}
