package io.strato.controller.sweeper;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.strato.cloud.CloudException;
import io.strato.cloud.Deletion;
import io.strato.cloud.Ownership;
import io.strato.cloud.inventory.ClusterInventory;
import io.strato.cloud.inventory.OrphanKind;
import io.strato.cloud.inventory.TaggedResource;
import io.strato.cloud.loadbalancer.LoadBalancers;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Deletes what Strato made for Services that no longer exist: load balancers (with their listeners,
 * target groups and managed security group), and target or security groups that no load balancer
 * uses any more (left by a crash mid-create or mid-delete).
 *
 * <p>It deletes nothing on first sight. An orphan must be seen on two sweeps at least, a full grace
 * period apart from its first sighting; that memory is in this object only, so a restart or a new
 * leader starts the clock again, which delays a deletion and never hastens one. It never touches a
 * resource whose owner UID is live, that lacks {@code strato.io/managed-by=strato}, that is not
 * tagged as owned by this cluster, or whose owner is not a Service.
 *
 * <p>Not thread-safe: the leader calls {@link #sweep} from one scheduled task.
 */
public final class OrphanSweeper {

  private static final Logger LOG = Logger.getLogger(OrphanSweeper.class);

  private final ClusterInventory inventory;
  private final LoadBalancers loadBalancers;
  private final String clusterId;
  private final Clock clock;
  private final MeterRegistry registry;
  private final OrphanSightings sightings;

  public OrphanSweeper(
      ClusterInventory inventory,
      LoadBalancers loadBalancers,
      String clusterId,
      Duration gracePeriod,
      Clock clock,
      MeterRegistry registry) {
    if (clusterId == null || clusterId.isBlank()) {
      throw new IllegalArgumentException("the orphan sweeper needs a cluster ID");
    }
    this.inventory = inventory;
    this.loadBalancers = loadBalancers;
    this.clusterId = clusterId;
    this.clock = clock;
    this.registry = registry;
    this.sightings = new OrphanSightings(gracePeriod);
  }

  /**
   * One sweep.
   *
   * @param liveServiceUids the UIDs of every Service that exists now, from a complete, synced list
   *     (an informer that has not synced yet would make every load balancer look orphaned: the
   *     grace period is a safety net for that, not a licence)
   */
  public SweepReport sweep(Set<String> liveServiceUids) {
    Objects.requireNonNull(liveServiceUids, "liveServiceUids");
    Instant now = clock.instant();
    ClusterInventory.Listing listing = inventory.list(clusterId);
    List<TaggedResource> candidates = new ArrayList<>();
    candidates.addAll(listing.loadBalancers());
    candidates.addAll(listing.targetGroups());
    candidates.addAll(listing.securityGroups());
    List<TaggedResource> orphans =
        candidates.stream()
            .filter(r -> OrphanRules.isSweepable(r, clusterId, liveServiceUids))
            .toList();
    sightings.retainOnly(orphans.stream().map(TaggedResource::key).collect(Collectors.toSet()));

    List<Orphan> found = new ArrayList<>();
    List<Orphan> deleted = new ArrayList<>();
    List<Orphan> pending = new ArrayList<>();
    Set<String> ownersDeleted = new HashSet<>();
    // Load balancers first: ensureDeleted takes their groups along in dependency order.
    for (TaggedResource resource : orphans) {
      Orphan orphan = orphan(resource, sightings.sighted(resource.key(), now));
      found.add(orphan);
      if (!sightings.due(resource.key(), now)) {
        continue;
      }
      if (resource.kind() != OrphanKind.LOAD_BALANCER
          && ownersDeleted.contains(orphan.ownerUid())) {
        continue; // went with its load balancer a moment ago, or will on the next sweep
      }
      Deletion outcome = delete(resource, orphan);
      if (outcome == null) {
        pending.add(orphan);
        continue;
      }
      if (resource.kind() == OrphanKind.LOAD_BALANCER) {
        ownersDeleted.add(orphan.ownerUid());
      }
      if (resource.kind() == OrphanKind.LOAD_BALANCER || outcome == Deletion.GONE) {
        deleted.add(orphan);
        sightings.forget(resource.key());
        Counter.builder("strato.orphans.deleted")
            .description("Orphaned cloud resources the sweeper deleted")
            .tag("kind", resource.kind().tag())
            .register(registry)
            .increment();
      } else {
        pending.add(orphan);
      }
    }
    if (!found.isEmpty()) {
      LOG.infof(
          "orphan sweep of cluster %s: %d found, %d deleted, %d pending",
          clusterId, found.size(), deleted.size(), pending.size());
    }
    return new SweepReport(now, found, deleted, pending);
  }

  /** The outcome, or null when the cloud refused and the next sweep should retry. */
  private Deletion delete(TaggedResource resource, Orphan orphan) {
    try {
      Deletion outcome =
          switch (resource.kind()) {
            case LOAD_BALANCER -> loadBalancers.ensureDeleted(ownership(orphan), resource.name());
            case TARGET_GROUP -> inventory.deleteTargetGroup(resource);
            case SECURITY_GROUP -> inventory.deleteSecurityGroup(resource);
          };
      if (resource.kind() == OrphanKind.LOAD_BALANCER || outcome == Deletion.GONE) {
        LOG.infof(
            "deleted orphaned %s %s (%s) of %s, owner %s gone since at least %s",
            resource.kind().tag(),
            resource.name(),
            resource.id(),
            orphan.resource(),
            orphan.ownerUid(),
            orphan.firstSeen());
      } else {
        LOG.infof(
            "orphaned %s %s (%s) of %s is still in use; will retry",
            resource.kind().tag(), resource.name(), resource.id(), orphan.resource());
      }
      return outcome;
    } catch (CloudException e) {
      LOG.warnf(
          "could not delete orphaned %s %s (%s) of %s: %s",
          resource.kind().tag(), resource.name(), resource.id(), orphan.resource(), e.getMessage());
      return null;
    }
  }

  private Ownership ownership(Orphan orphan) {
    return new Ownership(
        orphan.ownerUid(),
        "Service",
        orphan.resource().substring(OrphanRules.SERVICE_PREFIX.length()),
        clusterId);
  }

  private static Orphan orphan(TaggedResource resource, Instant firstSeen) {
    return new Orphan(
        resource.kind(),
        resource.id(),
        resource.name(),
        resource.tags().get(Ownership.OWNER_TAG),
        resource.tags().get(Ownership.RESOURCE_TAG),
        firstSeen);
  }
}
