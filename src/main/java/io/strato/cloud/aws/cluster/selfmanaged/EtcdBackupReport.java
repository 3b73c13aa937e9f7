package io.strato.cloud.aws.cluster.selfmanaged;

import io.strato.cloud.backup.Snapshot;
import io.strato.cloud.cluster.ClusterOutputs;
import io.strato.cloud.cluster.ClusterOutputs.EtcdBackupOutputs;
import io.strato.cloud.cluster.ClusterOutputs.SelfManagedOutputs;
import io.strato.cloud.cluster.ClusterProgress;
import io.strato.reconcile.Condition;
import java.time.Duration;
import java.time.temporal.ChronoUnit;

/**
 * The {@code BackupCurrent} condition and the backup outputs, from what {@link EtcdBackups} saw.
 */
final class EtcdBackupReport {

  private EtcdBackupReport() {}

  static Condition condition(EtcdBackups.State state) {
    Duration limit = state.settings().interval().multipliedBy(2);
    if (state.newest().isEmpty()) {
      return Condition.of(
          ClusterProgress.BACKUP_CURRENT,
          false,
          "NoSnapshot",
          "no etcd snapshot in s3://"
              + state.bucket()
              + "/"
              + EtcdBackupSettings.PREFIX
              + "/ yet; the control plane takes one every "
              + state.settings().schedule());
    }
    Snapshot newest = state.newest().get();
    String age = minutes(state.age().orElseThrow());
    if (!state.current()) {
      return Condition.of(
          ClusterProgress.BACKUP_CURRENT,
          false,
          "SnapshotTooOld",
          "the newest etcd snapshot, "
              + newest.uri()
              + ", is "
              + age
              + " old, more than two intervals ("
              + minutes(limit)
              + "): check the control plane's strato-etcd-backup timer");
    }
    return Condition.of(
        ClusterProgress.BACKUP_CURRENT,
        true,
        "SnapshotCurrent",
        "the newest etcd snapshot, " + newest.uri() + ", is " + age + " old");
  }

  static ClusterOutputs withOutputs(ClusterOutputs outputs, EtcdBackups.State state) {
    SelfManagedOutputs sm = outputs.selfManaged();
    EtcdBackupOutputs backup =
        new EtcdBackupOutputs(
            state.bucket(),
            state.settings().schedule(),
            state.settings().retentionDays(),
            state.settings().deleteWithCluster(),
            state.newest().map(Snapshot::uri).orElse(null),
            state.newest().map(s -> s.lastModified().toString()).orElse(null),
            state.age().map(a -> a.truncatedTo(ChronoUnit.MINUTES).toString()).orElse(null));
    return new ClusterOutputs(
        outputs.type(),
        outputs.arn(),
        outputs.status(),
        outputs.version(),
        outputs.endpoint(),
        outputs.certificateAuthorityData(),
        new SelfManagedOutputs(
            sm.controlPlaneGroups(),
            sm.zones(),
            sm.apiLoadBalancerArn(),
            sm.apiLoadBalancerDns(),
            backup),
        outputs.ecs(),
        outputs.nodeGroups(),
        outputs.oidcIssuer());
  }

  /** "42m", "3h5m": what a person reads in a condition. */
  private static String minutes(Duration d) {
    long m = Math.max(0, d.toMinutes());
    return m >= 60 ? (m / 60) + "h" + (m % 60 == 0 ? "" : (m % 60) + "m") : m + "m";
  }
}
