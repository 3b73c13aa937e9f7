package io.strato.provisioning.store;

import java.time.Instant;
import java.util.Map;

/**
 * One resource row as the store keeps it. Spec and status are JSON text: the store does not know
 * the kinds, so one table serves load balancers, node groups, clusters and whatever comes next.
 *
 * @param generation bumped when the spec changes (not labels, not status)
 * @param resourceVersion bumped on every write; exposed to clients as the ETag
 * @param statusJson null until the first reconcile writes one
 * @param deletionRequestedAt null unless a delete was accepted; the row stays until the cloud side
 *     is gone
 */
public record StoredResource(
    String kind,
    String name,
    String uid,
    long generation,
    long resourceVersion,
    Map<String, String> labels,
    String specJson,
    String statusJson,
    Instant createdAt,
    Instant updatedAt,
    Instant deletionRequestedAt) {

  public StoredResource {
    labels = labels == null ? Map.of() : Map.copyOf(labels);
  }

  public boolean deleting() {
    return deletionRequestedAt != null;
  }

  public ResourceKey key() {
    return new ResourceKey(kind, name);
  }
}
