package io.strato.cloud.inventory;

import java.util.Map;

/**
 * A cloud resource as the sweeper sees it: what it is, its tags, and whether a load balancer still
 * uses it (always true for a load balancer itself).
 */
public record TaggedResource(
    OrphanKind kind, String id, String name, Map<String, String> tags, boolean referenced) {

  public TaggedResource {
    tags = Map.copyOf(tags);
  }

  /** Stable across sweeps, so first sightings can be remembered. */
  public String key() {
    return kind + ":" + id;
  }
}
