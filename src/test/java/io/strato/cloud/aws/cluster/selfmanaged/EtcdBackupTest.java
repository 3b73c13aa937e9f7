package io.strato.cloud.aws.cluster.selfmanaged;

import static io.strato.cloud.aws.cluster.selfmanaged.SelfManagedFixture.untilReady;
import static io.strato.cloud.aws.cluster.selfmanaged.SelfManagedFixture.withSelfManaged;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strato.cloud.CloudException;
import io.strato.cloud.Deletion;
import io.strato.cloud.aws.AwsClients;
import io.strato.cloud.cluster.ClusterContext;
import io.strato.cloud.cluster.ClusterOutputs.EtcdBackupOutputs;
import io.strato.cloud.cluster.ClusterProgress;
import io.strato.cloud.cluster.ClusterSpecDto.BackupDto;
import io.strato.cloud.cluster.ClusterSpecDto.SelfManagedDto;
import io.strato.reconcile.Condition;
import io.strato.testsupport.AwsFixtures;
import io.strato.testsupport.MotoServer;
import io.strato.testsupport.TestClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.PublicAccessBlockConfiguration;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * etcd backups of a self-managed cluster against moto: the bucket's settings read back, snapshots
 * as the nodes would upload them seen in status, the BackupCurrent condition, the user data, and
 * what deletion does with the bucket.
 */
class EtcdBackupTest {

  private AwsClients clients;
  private SelfManagedFixture aws;
  private TestClock clock;

  @BeforeEach
  void freshAccount() {
    MotoServer moto = MotoServer.shared();
    moto.reset();
    clients = moto.clients();
    aws = new SelfManagedFixture(clients);
    // moto stamps LastModified with the wall clock: start there and move by hand.
    clock = new TestClock(Instant.now());
    clients.metrics().reset();
  }

  @AfterEach
  void close() {
    clients.close();
  }

  @Test
  void theBucketIsVersionedEncryptedPrivateExpiringTaggedAndOnlyTheControlPlaneWrites()
      throws Exception {
    ClusterContext cluster = cluster(new BackupDto("30m", 3, null), null);
    untilReady(SelfManagedFixture.driver(clients, clock), cluster);
    String bucket = EtcdBackupSettings.bucketName(cluster);
    assertThat(bucket).matches("strato-etcd-prod-[0-9a-f]{16}").hasSizeLessThanOrEqualTo(63);

    var s3 = clients.s3();
    assertThat(s3.getBucketVersioning(r -> r.bucket(bucket)).statusAsString()).isEqualTo("Enabled");
    assertThat(
            s3.getBucketEncryption(r -> r.bucket(bucket))
                .serverSideEncryptionConfiguration()
                .rules()
                .get(0)
                .applyServerSideEncryptionByDefault()
                .sseAlgorithmAsString())
        .isEqualTo("AES256");
    PublicAccessBlockConfiguration pab =
        s3.getPublicAccessBlock(r -> r.bucket(bucket)).publicAccessBlockConfiguration();
    assertThat(
            List.of(
                pab.blockPublicAcls(),
                pab.ignorePublicAcls(),
                pab.blockPublicPolicy(),
                pab.restrictPublicBuckets()))
        .containsOnly(true);
    LifecycleRule rule = s3.getBucketLifecycleConfiguration(r -> r.bucket(bucket)).rules().get(0);
    assertThat(rule.statusAsString()).isEqualTo("Enabled");
    assertThat(rule.filter().prefix()).isEqualTo("etcd-snapshots/");
    assertThat(rule.expiration().days()).isEqualTo(3);
    assertThat(rule.noncurrentVersionExpiration().noncurrentDays()).isEqualTo(1);
    Map<String, String> tags = new TreeMap<>();
    s3.getBucketTagging(r -> r.bucket(bucket)).tagSet().forEach(t -> tags.put(t.key(), t.value()));
    assertThat(tags)
        .containsEntry("strato.io/owner", cluster.uid())
        .containsEntry("strato.io/managed-by", "strato")
        .containsEntry("kubernetes.io/cluster/prod", "owned")
        .containsEntry("team", "platform");

    // moto does not enforce bucket policies: read the policy back and check what it says.
    String role = aws.roles.get(AwsFixtures.CONTROL_PLANE_PROFILE);
    JsonNode policy =
        new ObjectMapper().readTree(s3.getBucketPolicy(r -> r.bucket(bucket)).policy());
    JsonNode allow = statement(policy, "ControlPlaneWritesSnapshots");
    assertThat(allow.path("Effect").asText()).isEqualTo("Allow");
    assertThat(allow.path("Principal").path("AWS").asText()).isEqualTo(role);
    assertThat(allow.path("Action").toString()).contains("s3:PutObject");
    assertThat(allow.path("Resource").asText())
        .isEqualTo("arn:aws:s3:::" + bucket + "/etcd-snapshots/*");
    JsonNode others = statement(policy, "NoOneElseWrites");
    assertThat(others.path("Effect").asText()).isEqualTo("Deny");
    assertThat(others.path("Condition").path("StringNotEquals").path("aws:PrincipalArn").asText())
        .isEqualTo(role);
    JsonNode tls = statement(policy, "TlsOnly");
    assertThat(tls.path("Effect").asText()).isEqualTo("Deny");
    assertThat(tls.path("Condition").path("Bool").path("aws:SecureTransport").asText())
        .isEqualTo("false");

    // A restart with the same spec reads one tag set and writes nothing to the bucket.
    clients.metrics().reset();
    SelfManagedFixture.driver(clients, clock).reconcile(cluster);
    assertThat(clients.metrics().snapshot())
        .containsEntry("S3:GetBucketTagging", 1L)
        .containsEntry("S3:ListObjectsV2", 1L)
        .doesNotContainKeys("S3:CreateBucket", "S3:PutBucketPolicy", "S3:PutBucketTagging");
  }

  @Test
  void aSnapshotTheNodeUploadsShowsInStatusAndAnOldOneFlipsBackupCurrent() throws Exception {
    ClusterContext cluster = cluster(null, null);
    SelfManagedClusterDriver driver = SelfManagedFixture.driver(clients, clock);
    List<ClusterProgress> steps = untilReady(driver, cluster);
    ClusterProgress ready = steps.get(steps.size() - 1);
    // No snapshot yet: reported False, without holding the cluster back from Ready.
    assertThat(ready.ready()).isTrue();
    assertThat(backupCurrent(ready).reason()).isEqualTo("NoSnapshot");
    String bucket = EtcdBackupSettings.bucketName(cluster);

    // The node's upload, under the prefix the policy lets its role write.
    String key = "etcd-snapshots/" + "20261205T010000Z-ip-10-0-1-5.db";
    asTheNode(bucket, () -> put(bucket, key, "etcd snapshot"));

    // Within the interval the bucket is not listed again: the polls cost no S3 call.
    clients.metrics().reset();
    for (int i = 0; i < 5; i++) {
      clock.advance(Duration.ofMinutes(10));
      assertThat(backupCurrent(driver.reconcile(cluster)).reason()).isEqualTo("NoSnapshot");
    }
    assertThat(clients.metrics().snapshot()).doesNotContainKey("S3:ListObjectsV2");

    // One interval after the last listing: one ListObjectsV2, and the snapshot is in status.
    clock.advance(Duration.ofMinutes(10));
    ClusterProgress seen = driver.reconcile(cluster);
    assertThat(clients.metrics().snapshot()).containsEntry("S3:ListObjectsV2", 1L);
    Condition current = backupCurrent(seen);
    assertThat(current.isTrue()).isTrue();
    assertThat(current.reason()).isEqualTo("SnapshotCurrent");
    EtcdBackupOutputs out = seen.outputs().selfManaged().etcdBackup();
    assertThat(out.bucket()).isEqualTo(bucket);
    assertThat(out.newestSnapshot()).isEqualTo("s3://" + bucket + "/" + key);
    assertThat(out.newestSnapshotAt()).isNotNull();
    assertThat(Duration.parse(out.newestSnapshotAge()))
        .isBetween(Duration.ZERO, Duration.ofHours(1));
    assertThat(out.schedule()).isEqualTo("1h");
    assertThat(out.retentionDays()).isEqualTo(7);
    assertThat(out.deleteWithCluster()).isFalse();

    // No newer snapshot for more than two intervals (the age comes from LastModified): False.
    clients.metrics().reset();
    clock.advance(Duration.ofMinutes(150));
    ClusterProgress stale = driver.reconcile(cluster);
    assertThat(clients.metrics().snapshot()).containsEntry("S3:ListObjectsV2", 1L);
    Condition old = backupCurrent(stale);
    assertThat(old.isTrue()).isFalse();
    assertThat(old.reason()).isEqualTo("SnapshotTooOld");
    assertThat(old.message()).contains(key).contains("strato-etcd-backup");
    assertThat(stale.ready()).isTrue();

    // A newer snapshot turns it back (the listing starts after the last newest key).
    String newer = "etcd-snapshots/20261205T040000Z-ip-10-0-2-7.db";
    asTheNode(bucket, () -> put(bucket, newer, "newer"));
    clock.advance(Duration.ofHours(1));
    Condition back = backupCurrent(driver.reconcile(cluster));
    assertThat(back.isTrue()).as(back.message()).isFalse(); // LastModified is still hours behind
    assertThat(back.message()).contains(newer);
  }

  @Test
  void theUserDataInstallsTheTimerRestoresOnlyOnTheFirstMemberAndPassesBashN() throws Exception {
    String snapshot = "s3://strato-etcd-old-0123456789abcdef/etcd-snapshots/20261201T000000Z-a.db";
    ClusterContext cluster = cluster(new BackupDto("15m", 2, null), snapshot);
    untilReady(SelfManagedFixture.driver(clients, clock), cluster);
    String bucket = EtcdBackupSettings.bucketName(cluster);

    String init = aws.userData(ControlPlaneLayout.name(cluster, "us-east-1a"));
    String join = aws.userData(ControlPlaneLayout.name(cluster, "us-east-1b"));
    for (String userData : List.of(init, join)) {
      assertThat(userData)
          .doesNotContain("${")
          .contains("OnUnitActiveSec=900s")
          .contains("s3://" + bucket + "/$key")
          .contains("key=\"etcd-snapshots/$(date -u +%Y%m%dT%H%M%SZ)-$(hostname).db\"")
          .contains("etcdctl $flags")
          .contains("systemctl enable --now strato-etcd-backup.timer");
      assertThat(userData.getBytes(StandardCharsets.UTF_8).length).isLessThan(16 * 1024);
      bashN(userData);
    }
    // Restore before kubeadm's etcd phase, after preflight, on the initialising member only.
    assertThat(init).contains("retry 30 10 aws s3 cp '" + snapshot + "'");
    assertThat(init.indexOf("snapshot restore /var/lib/strato/restore.db"))
        .isGreaterThan(init.indexOf("kubeadm init phase preflight"))
        .isLessThan(init.indexOf("for phase in \"certs all\""));
    assertThat(join).doesNotContain("snapshot restore").doesNotContain(snapshot);
    String worker =
        aws.userData(io.strato.cloud.cluster.ClusterNodeGroups.cloudName(cluster, "workers"));
    assertThat(worker).doesNotContain("strato-etcd-backup").doesNotContain("${");

    // Without restoreFrom the init member says so and restores nothing.
    ClusterContext plain = cluster(null, null);
    String rendered =
        new BootstrapUserData(
                plain,
                ControlPlaneSettings.of(plain),
                new BootstrapSecrets.Handles(
                    "arn:aws:secretsmanager:us-east-1:123456789012:secret:strato/prod/x/pki",
                    "arn:aws:secretsmanager:us-east-1:123456789012:secret:strato/prod/x/join-token",
                    "sha256:" + "0".repeat(64)),
                "api.example.com",
                "us-east-1")
            .controlPlane("us-east-1a", true);
    assertThat(rendered)
        .contains("# no etcd snapshot to restore")
        .doesNotContain("snapshot restore")
        .contains("OnUnitActiveSec=3600s");
    bashN(rendered);
  }

  @Test
  void deletingTheClusterKeepsItsBackupsByDefault() throws Exception {
    ClusterContext cluster = cluster(null, null);
    SelfManagedClusterDriver driver = SelfManagedFixture.driver(clients, clock);
    untilReady(driver, cluster);
    String bucket = EtcdBackupSettings.bucketName(cluster);
    asTheNode(bucket, () -> put(bucket, "etcd-snapshots/20261205T010000Z-a.db", "snapshot"));

    deleteUntilGone(driver, cluster);

    assertThat(buckets()).contains(bucket);
    assertThat(clients.s3().listObjectsV2(r -> r.bucket(bucket)).contents()).hasSize(1);
  }

  @Test
  void deleteWithClusterEmptiesEveryVersionAndDeletesTheBucket() throws Exception {
    ClusterContext cluster = cluster(new BackupDto(null, null, true), null);
    SelfManagedClusterDriver driver = SelfManagedFixture.driver(clients, clock);
    untilReady(driver, cluster);
    String bucket = EtcdBackupSettings.bucketName(cluster);
    String key = "etcd-snapshots/20261205T010000Z-a.db";
    // Two versions of one key and a delete marker: all must go before the bucket can.
    asTheNode(
        bucket,
        () -> {
          put(bucket, key, "one");
          put(bucket, key, "two");
          clients.s3().deleteObject(r -> r.bucket(bucket).key(key));
        });

    // moto refuses Strato's DeleteObjects over HTTPS (see asTheNode); AWS applies the TLS rule.
    String policy = clients.s3().getBucketPolicy(r -> r.bucket(bucket)).policy();
    assertThatThrownBy(() -> deleteUntilGone(driver, cluster))
        .isInstanceOf(CloudException.InvalidRequest.class)
        .hasMessageContaining("could not be deleted");
    clients.s3().deleteBucketPolicy(r -> r.bucket(bucket));
    assertThat(policy).contains("TlsOnly");

    deleteUntilGone(driver, cluster);

    assertThat(buckets()).doesNotContain(bucket);
  }

  @Test
  void aBucketOfThatNameThatIsNotTheClustersIsNeverAdoptedNorDeleted() throws Exception {
    ClusterContext cluster = cluster(new BackupDto(null, null, true), null);
    String bucket = EtcdBackupSettings.bucketName(cluster);
    clients.s3().createBucket(r -> r.bucket(bucket));
    clients
        .s3()
        .putBucketTagging(
            r -> r.bucket(bucket).tagging(t -> t.tagSet(s -> s.key("owner").value("someone"))));

    SelfManagedClusterDriver driver = SelfManagedFixture.driver(clients, clock);
    assertThatThrownBy(() -> untilReady(driver, cluster))
        .isInstanceOf(CloudException.Conflict.class)
        .hasMessageContaining(bucket)
        .hasMessageContaining("does not adopt");
    assertThatThrownBy(() -> clients.s3().getBucketPolicy(r -> r.bucket(bucket)))
        .isInstanceOfSatisfying(
            S3Exception.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NoSuchBucketPolicy"));

    deleteUntilGone(driver, cluster);
    assertThat(buckets()).contains(bucket);
  }

  @Test
  void aCrashBetweenCreatingTheBucketAndTaggingItIsFinishedByTheNextReconcile() throws Exception {
    ClusterContext cluster = cluster(null, null);
    String bucket = EtcdBackupSettings.bucketName(cluster);
    // What a crash right after CreateBucket leaves: the bucket, in our account, without tags.
    clients.s3().createBucket(r -> r.bucket(bucket));

    untilReady(SelfManagedFixture.driver(clients, clock), cluster);

    Map<String, String> tags = new TreeMap<>();
    clients
        .s3()
        .getBucketTagging(r -> r.bucket(bucket))
        .tagSet()
        .forEach(t -> tags.put(t.key(), t.value()));
    assertThat(tags).containsEntry("strato.io/owner", cluster.uid());
    assertThat(clients.s3().getBucketVersioning(r -> r.bucket(bucket)).statusAsString())
        .isEqualTo("Enabled");
  }

  // --- helpers ---

  /**
   * Runs object writes as the control-plane node would make them. moto evaluates a bucket policy on
   * object requests without the caller's identity and ignores every condition but StringEquals
   * (moto/iam/policy_conditions.py), so to it both Deny statements (non-TLS, not the control-plane
   * role) refuse everyone. The node's writes are played with the policy lifted and put back after;
   * the policy's content is checked on its own above.
   */
  private void asTheNode(String bucket, Runnable writes) {
    String policy = clients.s3().getBucketPolicy(r -> r.bucket(bucket)).policy();
    clients.s3().deleteBucketPolicy(r -> r.bucket(bucket));
    try {
      writes.run();
    } finally {
      clients.s3().putBucketPolicy(r -> r.bucket(bucket).policy(policy));
    }
  }

  private void put(String bucket, String key, String content) {
    clients.s3().putObject(r -> r.bucket(bucket).key(key), RequestBody.fromString(content));
  }

  private ClusterContext cluster(BackupDto backup, String restoreFrom) {
    return aws.cluster(
        s -> {
          SelfManagedDto sm = s.selfManaged();
          return withSelfManaged(
              s,
              new SelfManagedDto(
                  sm.replicas(),
                  sm.imageId(),
                  sm.instanceType(),
                  sm.instanceProfile(),
                  sm.keyName(),
                  sm.securityGroups(),
                  sm.apiLoadBalancerScheme(),
                  sm.podCidr(),
                  sm.serviceCidr(),
                  sm.controlPlaneTemplate(),
                  sm.workerTemplate(),
                  sm.rollout(),
                  sm.cni(),
                  sm.bootstrap(),
                  backup,
                  restoreFrom));
        });
  }

  private static Condition backupCurrent(ClusterProgress p) {
    return p.conditions().stream()
        .filter(c -> c.type().equals(ClusterProgress.BACKUP_CURRENT))
        .findFirst()
        .orElseThrow();
  }

  private static JsonNode statement(JsonNode policy, String sid) {
    for (JsonNode s : policy.path("Statement")) {
      if (s.path("Sid").asText().equals(sid)) {
        return s;
      }
    }
    throw new AssertionError("no statement " + sid + " in " + policy);
  }

  private List<String> buckets() {
    return clients.s3().listBuckets().buckets().stream().map(b -> b.name()).toList();
  }

  private static void deleteUntilGone(SelfManagedClusterDriver driver, ClusterContext cluster) {
    for (int i = 0; i < 20; i++) {
      if (driver.delete(cluster) == Deletion.GONE) {
        return;
      }
    }
    throw new AssertionError("not deleted after 20 passes");
  }

  /** bash's own syntax check of a rendered script. */
  private static void bashN(String script) throws IOException, InterruptedException {
    Path file = Files.createTempFile("user-data", ".sh");
    try {
      Files.writeString(file, script);
      Process p =
          new ProcessBuilder("bash", "-n", file.toString()).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor()).as("bash -n: %s", out).isZero();
    } finally {
      Files.deleteIfExists(file);
    }
  }
}
