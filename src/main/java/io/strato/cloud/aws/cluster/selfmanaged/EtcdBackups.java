package io.strato.cloud.aws.cluster.selfmanaged;

import io.strato.cloud.ChangeOutcome;
import io.strato.cloud.Deletion;
import io.strato.cloud.backup.Snapshot;
import io.strato.cloud.backup.SnapshotBucketSpec;
import io.strato.cloud.backup.SnapshotBuckets;
import io.strato.cloud.cluster.ClusterContext;
import io.strato.cloud.cluster.ClusterSpecDto.BackupDto;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The etcd backup step of a self-managed cluster: the snapshot bucket exists with its settings, and
 * what the newest snapshot is.
 *
 * <p>Economy: the bucket's settings are written when this process has not written them for the
 * current spec (its first reconcile, or a change of schedule, retention, instance profile or tags),
 * not on every poll. The bucket is listed once per backup interval, since a snapshot cannot arrive
 * more often than that; the age in between is computed from the remembered newest snapshot, so a
 * snapshot going stale is still noticed at a poll. A restart forgets both and pays for them once.
 */
final class EtcdBackups {

  /** What one reconcile knows of the backups. */
  record State(
      String bucket,
      EtcdBackupSettings settings,
      Optional<Snapshot> newest,
      Instant now,
      ChangeOutcome bucketOutcome) {

    Optional<Duration> age() {
      return newest.map(s -> Duration.between(s.lastModified(), now));
    }

    /** Current while the newest snapshot is younger than two intervals. */
    boolean current() {
      return age().map(a -> a.compareTo(settings.interval().multipliedBy(2)) <= 0).orElse(false);
    }
  }

  private record Known(String specKey, Instant listedAt, Snapshot newest) {}

  private final SnapshotBuckets buckets;
  private final Clock clock;
  private final Map<String, Known> known = new ConcurrentHashMap<>();

  EtcdBackups(SnapshotBuckets buckets, Clock clock) {
    this.buckets = buckets;
    this.clock = clock;
  }

  State reconcile(ClusterContext cluster, ControlPlaneSettings controlPlane) {
    EtcdBackupSettings settings = EtcdBackupSettings.of(controlPlane.spec());
    String bucket = EtcdBackupSettings.bucketName(cluster);
    SnapshotBucketSpec spec =
        new SnapshotBucketSpec(
            bucket,
            EtcdBackupSettings.PREFIX,
            controlPlane.spec().instanceProfile(),
            settings.retentionDays(),
            cluster.spec().tags(),
            cluster.owner());
    String specKey = spec.toString();
    Known last = known.get(cluster.uid());
    ChangeOutcome outcome = ChangeOutcome.UNCHANGED;
    if (last == null || !last.specKey().equals(specKey)) {
      outcome = buckets.ensure(spec);
      last = new Known(specKey, null, last == null ? null : last.newest());
    }
    Instant now = clock.instant();
    if (outcome == ChangeOutcome.CREATED) {
      // The bucket did not exist a moment ago (the ensure found none before creating it): it holds
      // no snapshot, and no node that could write one has been rendered yet. Counted as listed now.
      last = new Known(specKey, now, null);
    } else if (last.listedAt() == null
        || !now.isBefore(last.listedAt().plus(settings.interval()))) {
      String after = last.newest() == null ? null : last.newest().key();
      Snapshot newest =
          buckets.newest(bucket, EtcdBackupSettings.PREFIX, after).orElse(last.newest());
      last = new Known(specKey, now, newest);
    }
    known.put(cluster.uid(), last);
    return new State(bucket, settings, Optional.ofNullable(last.newest()), now, outcome);
  }

  /** Empties and deletes the bucket if the spec says so; otherwise keeps it, as by default. */
  Deletion delete(ClusterContext cluster) {
    known.remove(cluster.uid());
    // Read straight from the spec: a schedule stored before it was validated must not block this.
    BackupDto backup =
        cluster.spec().selfManaged() == null ? null : cluster.spec().selfManaged().backup();
    if (backup == null || !Boolean.TRUE.equals(backup.deleteWithCluster())) {
      return Deletion.GONE;
    }
    return buckets.delete(EtcdBackupSettings.bucketName(cluster), cluster.owner());
  }

  void forget(String clusterUid) {
    known.remove(clusterUid);
  }
}
