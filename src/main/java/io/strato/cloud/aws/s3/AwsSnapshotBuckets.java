package io.strato.cloud.aws.s3;

import io.strato.cloud.ChangeOutcome;
import io.strato.cloud.CloudException;
import io.strato.cloud.Deletion;
import io.strato.cloud.Ownership;
import io.strato.cloud.aws.AwsErrors;
import io.strato.cloud.aws.secrets.InstanceRoles;
import io.strato.cloud.backup.Snapshot;
import io.strato.cloud.backup.SnapshotBucketSpec;
import io.strato.cloud.backup.SnapshotBuckets;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketLocationConstraint;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Error;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.Tag;

/**
 * Snapshot buckets on S3: versioned (an overwritten or deleted snapshot stays recoverable until the
 * lifecycle rule expires it), encrypted with SSE-S3 (AES-256 with keys S3 manages: a KMS key would
 * need grants for every node and restorer, for no gain while the bucket policy already limits who
 * reads), every kind of public access blocked, a lifecycle rule for the retention, the ownership
 * tags, and the write-only-by-the-control-plane policy ({@link SnapshotBucketPolicy}).
 *
 * <p>Ownership: S3 answers {@code BucketAlreadyExists} for a name another account holds (never
 * ours, never touched), and {@code BucketAlreadyOwnedByYou} for our account's (us-east-1 answers
 * success instead). Either way the tags decide: a bucket tagged with this owner's UID is ours; one
 * with tags but not ours is refused; one without any tag is the trace of our own crash between
 * {@code CreateBucket} and {@code PutBucketTagging} (the name holds a hash of the cluster's random
 * UID, so nothing else makes it) and is finished.
 */
public final class AwsSnapshotBuckets implements SnapshotBuckets {

  private static final Logger LOG = Logger.getLogger(AwsSnapshotBuckets.class);

  /** A digest of the settings last written in full (see {@link #settingsDigest}). */
  static final String SETTINGS_TAG = "strato.io/settings";

  /** Bumped when the settings this class writes change, so existing buckets get them. */
  static final String POLICY_VERSION = "1";

  /** Versions deleted per pass of a deletion before it answers "in progress" (1000 per call). */
  static final int DELETE_PAGES_PER_PASS = 10;

  private final S3Client s3;
  private final InstanceRoles roles;
  private final String region;

  public AwsSnapshotBuckets(S3Client s3, InstanceRoles roles, String region) {
    this.s3 = s3;
    this.roles = roles;
    this.region = region;
  }

  @Override
  public ChangeOutcome ensure(SnapshotBucketSpec spec) {
    String bucket = spec.name();
    String settings = settingsDigest(spec);
    Optional<Map<String, String>> found = tags(bucket);
    if (found.isPresent()
        && spec.owner().owns(found.get())
        && settings.equals(found.get().get(SETTINGS_TAG))) {
      // Written in full for this very spec before: one read, as after a restart.
      return ChangeOutcome.UNCHANGED;
    }
    // Resolved before anything is created: a profile without a role is the user's to fix.
    String writer = roles.roleArnOf(spec.writerInstanceProfile());
    ChangeOutcome outcome = ChangeOutcome.UPDATED;
    if (found.isEmpty()) {
      outcome = create(bucket);
      // A bucket this call made (none a moment ago, and CreateBucket answered success) has no tags:
      // nothing to read back. Only "already ours" (a twin create racing this one) reads them. S3 is
      // strongly consistent for bucket operations, and a PutBucketTagging that somehow found no
      // bucket fails as NoSuchBucket, which is retried.
      found = outcome == ChangeOutcome.CREATED ? Optional.of(Map.of()) : tags(bucket);
      if (found.isEmpty()) {
        throw new CloudException.Transient(
            "aws", "GetBucketTagging", "bucket " + bucket + " is not visible yet", null);
      }
    }
    if (!found.get().isEmpty() && !spec.owner().owns(found.get())) {
      throw new CloudException.Conflict(
          "aws",
          "CreateBucket",
          "bucket "
              + bucket
              + " exists in this account with tags that are not this cluster's; Strato does not"
              + " adopt it (delete it or remove it from the way)",
          null);
    }
    Map<String, String> wanted = new LinkedHashMap<>(spec.userTags());
    wanted.putAll(spec.owner().tags()); // ownership last: a user tag cannot overwrite it
    // Ownership first, so a crash after this leaves a bucket that is recognisably ours.
    putTags(bucket, wanted);
    AwsErrors.run(
        "PutPublicAccessBlock",
        () ->
            s3.putPublicAccessBlock(
                r ->
                    r.bucket(bucket)
                        .publicAccessBlockConfiguration(
                            c ->
                                c.blockPublicAcls(true)
                                    .ignorePublicAcls(true)
                                    .blockPublicPolicy(true)
                                    .restrictPublicBuckets(true))));
    AwsErrors.run(
        "PutBucketEncryption",
        () ->
            s3.putBucketEncryption(
                r ->
                    r.bucket(bucket)
                        .serverSideEncryptionConfiguration(
                            c ->
                                c.rules(
                                    rule ->
                                        rule.applyServerSideEncryptionByDefault(
                                            d -> d.sseAlgorithm(ServerSideEncryption.AES256))))));
    AwsErrors.run(
        "PutBucketVersioning",
        () ->
            s3.putBucketVersioning(
                r ->
                    r.bucket(bucket)
                        .versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED))));
    AwsErrors.run(
        "PutBucketLifecycleConfiguration",
        () ->
            s3.putBucketLifecycleConfiguration(
                r ->
                    r.bucket(bucket)
                        .lifecycleConfiguration(
                            l ->
                                l.rules(
                                    rule ->
                                        rule.id("strato-retention")
                                            .status(ExpirationStatus.ENABLED)
                                            .filter(f -> f.prefix(spec.prefix() + "/"))
                                            .expiration(e -> e.days(spec.retentionDays()))
                                            // An expired snapshot becomes noncurrent: gone a day
                                            // later, so the retention is what the bill shows.
                                            .noncurrentVersionExpiration(n -> n.noncurrentDays(1))
                                            // aws s3 cp uploads large snapshots in parts.
                                            .abortIncompleteMultipartUpload(
                                                a -> a.daysAfterInitiation(1))))));
    AwsErrors.run(
        "PutBucketPolicy",
        () ->
            s3.putBucketPolicy(
                r ->
                    r.bucket(bucket)
                        .policy(SnapshotBucketPolicy.of(bucket, spec.prefix(), writer))));
    // Last: the digest says every setting above is in place for this spec.
    wanted.put(SETTINGS_TAG, settings);
    putTags(bucket, wanted);
    return outcome;
  }

  private void putTags(String bucket, Map<String, String> tags) {
    List<Tag> tagSet =
        tags.entrySet().stream()
            .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build())
            .toList();
    AwsErrors.run(
        "PutBucketTagging",
        () -> s3.putBucketTagging(r -> r.bucket(bucket).tagging(t -> t.tagSet(tagSet))));
  }

  /**
   * What the settings were written for. The role behind the profile is not in it (reading it costs
   * an IAM call): a role swapped inside an unchanged profile is noticed when the spec changes.
   */
  static String settingsDigest(SnapshotBucketSpec spec) {
    String text =
        String.join(
            "\n",
            POLICY_VERSION,
            spec.prefix(),
            spec.writerInstanceProfile(),
            Integer.toString(spec.retentionDays()),
            new TreeMap<>(spec.userTags()).toString());
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
  }

  private ChangeOutcome create(String bucket) {
    try {
      AwsErrors.run(
          "CreateBucket",
          () ->
              s3.createBucket(
                  r -> {
                    r.bucket(bucket);
                    // us-east-1 refuses a location constraint naming itself.
                    if (!"us-east-1".equals(region)) {
                      r.createBucketConfiguration(
                          c -> c.locationConstraint(BucketLocationConstraint.fromValue(region)));
                    }
                  }));
      return ChangeOutcome.CREATED;
    } catch (CloudException e) {
      String code = AwsErrors.codeOf(e.getCause());
      if ("BucketAlreadyOwnedByYou".equals(code)) {
        return ChangeOutcome.UNCHANGED;
      }
      if ("BucketAlreadyExists".equals(code)) {
        throw new CloudException.Conflict(
            "aws",
            "CreateBucket",
            "bucket name "
                + bucket
                + " is taken by another AWS account; S3 names are global. Strato will not use it",
            e);
      }
      throw e;
    }
  }

  /** The bucket's tags (empty map: none), or empty when the bucket does not exist. */
  private Optional<Map<String, String>> tags(String bucket) {
    try {
      Map<String, String> tags = new TreeMap<>();
      AwsErrors.call("GetBucketTagging", () -> s3.getBucketTagging(r -> r.bucket(bucket)))
          .tagSet()
          .forEach(t -> tags.put(t.key(), t.value()));
      return Optional.of(tags);
    } catch (CloudException e) {
      String code = AwsErrors.codeOf(e.getCause());
      if ("NoSuchTagSet".equals(code)) {
        return Optional.of(Map.of());
      }
      if ("NoSuchBucket".equals(code)) {
        return Optional.empty();
      }
      if ("AccessDenied".equals(code)) {
        throw new CloudException.Conflict(
            "aws",
            "GetBucketTagging",
            "bucket "
                + bucket
                + " cannot be read: another AWS account holds the name (S3 names are global), or"
                + " Strato's policy lacks s3:GetBucketTagging on it; Strato will not use it",
            e);
      }
      throw e;
    }
  }

  @Override
  public Optional<Snapshot> newest(String bucket, String prefix, String startAfter) {
    Optional<S3Object> newest = Optional.empty();
    String token = null;
    do {
      String page = token;
      ListObjectsV2Response listed;
      try {
        listed =
            AwsErrors.call(
                "ListObjectsV2",
                () ->
                    s3.listObjectsV2(
                        r -> {
                          // No trailing slash: moto's IAM mode miscomputes the signature
                          // of an encoded one, and only snapshots live under the prefix.
                          r.bucket(bucket).prefix(prefix);
                          if (page != null) {
                            r.continuationToken(page);
                          } else if (startAfter != null) {
                            r.startAfter(startAfter);
                          }
                        }));
      } catch (CloudException e) {
        if ("NoSuchBucket".equals(AwsErrors.codeOf(e.getCause()))) {
          return Optional.empty();
        }
        throw e;
      }
      Optional<S3Object> last =
          listed.contents().stream().max(Comparator.comparing(S3Object::lastModified));
      if (last.isPresent()
          && (newest.isEmpty() || last.get().lastModified().isAfter(newest.get().lastModified()))) {
        newest = last;
      }
      token = Boolean.TRUE.equals(listed.isTruncated()) ? listed.nextContinuationToken() : null;
    } while (token != null);
    return newest.map(o -> new Snapshot(bucket, o.key(), o.lastModified(), o.size()));
  }

  @Override
  public Deletion delete(String bucket, Ownership owner) {
    Optional<Map<String, String>> tags = tags(bucket);
    if (tags.isEmpty()) {
      return Deletion.GONE;
    }
    if (!owner.owns(tags.get())) {
      LOG.warnf(
          "bucket %s is not tagged as %s's; left as it is",
          bucket, owner.kind() + "/" + owner.name());
      return Deletion.GONE;
    }
    for (int page = 0; page < DELETE_PAGES_PER_PASS; page++) {
      ListObjectVersionsResponse listed =
          AwsErrors.call("ListObjectVersions", () -> s3.listObjectVersions(r -> r.bucket(bucket)));
      List<ObjectIdentifier> ids =
          new java.util.ArrayList<>(
              listed.versions().stream()
                  .map(
                      v -> ObjectIdentifier.builder().key(v.key()).versionId(v.versionId()).build())
                  .toList());
      listed.deleteMarkers().stream()
          .map(m -> ObjectIdentifier.builder().key(m.key()).versionId(m.versionId()).build())
          .forEach(ids::add);
      if (ids.isEmpty()) {
        AwsErrors.run("DeleteBucket", () -> s3.deleteBucket(r -> r.bucket(bucket)));
        LOG.infof("bucket %s emptied and deleted", bucket);
        return Deletion.GONE;
      }
      // One listing page holds at most 1000 entries, DeleteObjects' limit.
      DeleteObjectsResponse deleted =
          AwsErrors.call(
              "DeleteObjects",
              () ->
                  s3.deleteObjects(r -> r.bucket(bucket).delete(d -> d.objects(ids).quiet(true))));
      // Quiet mode still reports failures, per object, in a 200 answer: without this a refused
      // delete would make every pass list the same versions again and never finish.
      if (deleted.hasErrors() && !deleted.errors().isEmpty()) {
        S3Error first = deleted.errors().get(0);
        throw new CloudException.InvalidRequest(
            "aws",
            "DeleteObjects",
            first.code(),
            deleted.errors().size()
                + " snapshot versions in bucket "
                + bucket
                + " could not be deleted, e.g. "
                + first.key()
                + ": "
                + first.message(),
            null);
      }
    }
    return Deletion.IN_PROGRESS;
  }
}
