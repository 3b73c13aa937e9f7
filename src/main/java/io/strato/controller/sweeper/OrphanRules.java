package io.strato.controller.sweeper;

import io.strato.cloud.Ownership;
import io.strato.cloud.inventory.OrphanKind;
import io.strato.cloud.inventory.TaggedResource;
import java.util.Map;
import java.util.Set;

/**
 * Which resources are orphans: a pure function of tags, so it is tested without any cloud.
 *
 * <p>A resource is a candidate only if Strato made it ({@code strato.io/managed-by=strato}), for
 * this cluster ({@code kubernetes.io/cluster/<id>=owned}: {@code shared} is how other tools mark
 * what they merely use, and Strato never writes it), for a Service ({@code strato.io/resource}
 * starting with {@code Service/}), and names an owner UID. It is an orphan when that UID is not a
 * live Service's.
 */
final class OrphanRules {

  static final String SERVICE_PREFIX = "Service/";

  private OrphanRules() {}

  static boolean isClusterServiceResource(Map<String, String> tags, String clusterId) {
    String owner = tags.get(Ownership.OWNER_TAG);
    String resource = tags.get(Ownership.RESOURCE_TAG);
    return "strato".equals(tags.get(Ownership.MANAGED_BY_TAG))
        && "owned".equals(tags.get(Ownership.CLUSTER_TAG_PREFIX + clusterId))
        && resource != null
        && resource.startsWith(SERVICE_PREFIX)
        && owner != null
        && !owner.isBlank();
  }

  static boolean isOrphan(Map<String, String> tags, String clusterId, Set<String> liveServiceUids) {
    return isClusterServiceResource(tags, clusterId)
        && !liveServiceUids.contains(tags.get(Ownership.OWNER_TAG));
  }

  /** Target and security groups still used by a load balancer go with that load balancer. */
  static boolean isSweepable(
      TaggedResource resource, String clusterId, Set<String> liveServiceUids) {
    return (resource.kind() == OrphanKind.LOAD_BALANCER || !resource.referenced())
        && isOrphan(resource.tags(), clusterId, liveServiceUids);
  }
}
