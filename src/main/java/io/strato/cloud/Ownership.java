package io.strato.cloud;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Who owns a cloud resource. Written into the cloud as tags so that a restart, a second replica or
 * the orphan sweeper finds what exists instead of creating a twin: ownership never lives in memory.
 *
 * @param ownerUid the UID of the owning object (REST resource or Kubernetes object)
 * @param kind the owner's kind, e.g. {@code LoadBalancer}
 * @param name the owner's name (namespace/name for Kubernetes objects)
 * @param clusterId the Kubernetes cluster ID, or null when the resource belongs to no cluster
 */
public record Ownership(String ownerUid, String kind, String name, String clusterId) {

  public static final String OWNER_TAG = "strato.io/owner";
  public static final String RESOURCE_TAG = "strato.io/resource";
  public static final String MANAGED_BY_TAG = "strato.io/managed-by";
  public static final String CLUSTER_TAG_PREFIX = "kubernetes.io/cluster/";

  /**
   * A tag a user puts on a security group of their own (value {@code allowed}) to let Strato write
   * its own ingress rules there; the IAM policy grants nothing else on such a group. Strato never
   * sets it.
   */
  public static final String INGRESS_ALLOWED_TAG = "strato.io/ingress";

  public Ownership {
    Objects.requireNonNull(ownerUid, "ownerUid");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
  }

  /** The tags every resource Strato creates carries, before the user's own. */
  public Map<String, String> tags() {
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put(MANAGED_BY_TAG, "strato");
    tags.put(OWNER_TAG, ownerUid);
    tags.put(RESOURCE_TAG, kind + "/" + name);
    if (clusterId != null && !clusterId.isBlank()) {
      tags.put(CLUSTER_TAG_PREFIX + clusterId, "owned");
    }
    return tags;
  }

  /** Whether a resource carrying these tags is ours. */
  public boolean owns(Map<String, String> resourceTags) {
    return ownerUid.equals(resourceTags.get(OWNER_TAG));
  }
}
