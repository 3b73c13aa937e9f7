package io.strato.cloud.aws.cluster.selfmanaged;

import io.strato.cloud.CloudException;
import io.strato.cloud.cluster.BackupSchedule;
import io.strato.cloud.cluster.ClusterContext;
import io.strato.cloud.cluster.ClusterSpecDto.BackupDto;
import io.strato.cloud.cluster.ClusterSpecDto.SelfManagedDto;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;

/**
 * A self-managed cluster's etcd backup settings with the defaults applied (every hour, seven days,
 * the bucket kept after the cluster), and where its snapshots go.
 *
 * @param restoreFrom the s3:// URI of a snapshot to restore before {@code kubeadm init}, or null
 */
record EtcdBackupSettings(
    String schedule,
    Duration interval,
    int retentionDays,
    boolean deleteWithCluster,
    String restoreFrom) {

  static final int DEFAULT_RETENTION_DAYS = 7;

  /** Where the nodes put snapshots, inside the cluster's bucket; the policy allows nothing else. */
  static final String PREFIX = "etcd-snapshots";

  static EtcdBackupSettings of(SelfManagedDto sm) {
    BackupDto b = sm.backup();
    String schedule =
        b == null || b.schedule() == null ? BackupSchedule.DEFAULT : b.schedule().trim();
    int retention =
        b == null || b.retentionDays() == null ? DEFAULT_RETENTION_DAYS : b.retentionDays();
    Duration interval =
        BackupSchedule.parse(schedule)
            .orElseThrow(
                // The REST validator answers 422 first; this guards specs stored before it.
                () ->
                    new CloudException.InvalidRequest(
                        "aws",
                        "ReadSpec",
                        "InvalidBackupSchedule",
                        "selfManaged.backup.schedule " + BackupSchedule.problem(schedule),
                        null));
    if (retention < 1) {
      throw new CloudException.InvalidRequest(
          "aws",
          "ReadSpec",
          "InvalidBackupRetention",
          "selfManaged.backup.retentionDays must be at least 1",
          null);
    }
    String restore =
        sm.restoreFrom() == null || sm.restoreFrom().isBlank() ? null : sm.restoreFrom();
    return new EtcdBackupSettings(
        schedule,
        interval,
        retention,
        b != null && Boolean.TRUE.equals(b.deleteWithCluster()),
        restore);
  }

  /**
   * The cluster's bucket: {@code strato-etcd-<name>-<hash>}. S3 names are global across accounts, 3
   * to 63 characters of lowercase letters, digits and hyphens, starting and ending with a letter or
   * digit; the name part is cut to 24 characters and the hash (of the cluster's UID, which is
   * random) makes it unique and stable over restarts. At most 12 + 24 + 1 + 16 = 53 characters.
   */
  static String bucketName(ClusterContext cluster) {
    String name =
        cluster
            .name()
            .toLowerCase(Locale.ROOT)
            .replaceAll("[^a-z0-9-]+", "-")
            .replaceAll("-{2,}", "-")
            .replaceAll("^-|-$", "");
    if (name.length() > 24) {
      name = name.substring(0, 24).replaceAll("-$", "");
    }
    return "strato-etcd-" + (name.isEmpty() ? "" : name + "-") + hash(cluster.uid());
  }

  private static String hash(String uid) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(uid.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
  }
}
