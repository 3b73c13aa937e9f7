package io.strato.cloud.backup;

import io.strato.cloud.ChangeOutcome;
import io.strato.cloud.Deletion;
import io.strato.cloud.Ownership;
import java.util.Optional;

/**
 * Object storage for a cluster's etcd snapshots: one bucket per cluster, which the cluster's
 * control-plane nodes write and Strato only configures, lists and (when asked) deletes. Strato
 * never reads a snapshot's content.
 */
public interface SnapshotBuckets {

  /**
   * Creates the bucket if it is missing and puts every setting of {@code spec} on it (each write is
   * idempotent, so a crash halfway is finished by the next call).
   *
   * @return CREATED only when no bucket of that name existed before this call (so it holds no
   *     object yet), UPDATED when settings were written to one that did, UNCHANGED otherwise
   * @throws io.strato.cloud.CloudException.Conflict when a bucket of that name exists and is not
   *     this owner's: it is never adopted
   */
  ChangeOutcome ensure(SnapshotBucketSpec spec);

  /**
   * The newest snapshot under {@code prefix} whose key sorts after {@code startAfter} (null: from
   * the start). Snapshot keys begin with their UTC time, so key order is time order and asking
   * after the last newest key reads only what is new: one list call while fewer than a thousand
   * snapshots arrived since.
   */
  Optional<Snapshot> newest(String bucket, String prefix, String startAfter);

  /**
   * Empties the bucket (every object version and delete marker) and deletes it, if it is {@code
   * owner}'s; a bucket that is absent is success, one that is not the owner's is left alone.
   */
  Deletion delete(String bucket, Ownership owner);
}
