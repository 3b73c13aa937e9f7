package io.strato.cloud.backup;

import java.time.Instant;

/**
 * One etcd snapshot object, as listed: its age comes from the store's LastModified, not from the
 * key, so a node with a wrong clock cannot make an old backup look current.
 */
public record Snapshot(String bucket, String key, Instant lastModified, long size) {

  public String uri() {
    return "s3://" + bucket + "/" + key;
  }
}
