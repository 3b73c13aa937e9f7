package io.strato.cloud.aws.s3;

/**
 * The bucket policy of a cluster's snapshot bucket. Three statements:
 *
 * <ul>
 *   <li>the control-plane role may put (and, to restore, get) objects under the snapshot prefix, so
 *       the nodes need no identity policy of their own for it;
 *   <li>every other principal is denied {@code PutObject} anywhere in the bucket, so not even an
 *       administrator's {@code s3:*} can overwrite or plant a snapshot a restore would trust
 *       (Strato itself never writes objects);
 *   <li>every request without TLS is denied (AWS's recommended {@code aws:SecureTransport} rule).
 * </ul>
 *
 * {@code aws:PrincipalArn} is the role's ARN for any session of it, which is how the instance's
 * credentials present themselves. Pure: the same inputs give the same text.
 */
public final class SnapshotBucketPolicy {

  private SnapshotBucketPolicy() {}

  /**
   * @param writerRoleArn the control-plane role (from its instance profile); its partition is the
   *     bucket's
   */
  public static String of(String bucket, String prefix, String writerRoleArn) {
    String partition = writerRoleArn.split(":")[1];
    String bucketArn = "arn:" + partition + ":s3:::" + bucket;
    return """
        {"Version":"2012-10-17","Statement":[\
        {"Sid":"ControlPlaneWritesSnapshots","Effect":"Allow","Principal":{"AWS":"%2$s"},\
        "Action":["s3:PutObject","s3:GetObject"],"Resource":"%1$s/%3$s/*"},\
        {"Sid":"NoOneElseWrites","Effect":"Deny","Principal":"*","Action":"s3:PutObject",\
        "Resource":"%1$s/*","Condition":{"StringNotEquals":{"aws:PrincipalArn":"%2$s"}}},\
        {"Sid":"TlsOnly","Effect":"Deny","Principal":"*","Action":"s3:*",\
        "Resource":["%1$s","%1$s/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}"""
        .formatted(bucketArn, writerRoleArn, prefix);
  }
}
