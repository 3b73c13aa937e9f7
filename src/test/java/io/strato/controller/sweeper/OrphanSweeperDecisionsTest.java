package io.strato.controller.sweeper;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.strato.cloud.CloudException;
import io.strato.cloud.Deletion;
import io.strato.cloud.Ensured;
import io.strato.cloud.Ownership;
import io.strato.cloud.inventory.ClusterInventory;
import io.strato.cloud.inventory.OrphanKind;
import io.strato.cloud.inventory.TaggedResource;
import io.strato.cloud.loadbalancer.KnownTargetGroup;
import io.strato.cloud.loadbalancer.LoadBalancerSpec;
import io.strato.cloud.loadbalancer.LoadBalancerStatus;
import io.strato.cloud.loadbalancer.LoadBalancers;
import io.strato.cloud.loadbalancer.Target;
import io.strato.testsupport.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The sweeper's decisions over a fake cloud: no emulator, milliseconds. */
class OrphanSweeperDecisionsTest {

  static final Duration GRACE = Duration.ofMinutes(10);

  private final FakeCloud cloud = new FakeCloud();
  private final TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final OrphanSweeper sweeper =
      new OrphanSweeper(cloud, cloud, "c1", GRACE, clock, new SimpleMeterRegistry());

  @Test
  void aSecurityGroupStillInUseIsPendingAndRetriedOnTheNextSweep() {
    cloud.securityGroups.add(group(OrphanKind.SECURITY_GROUP, "sg-1", "uid-gone"));
    cloud.inUse = true;
    sweeper.sweep(Set.of());
    clock.advance(GRACE);

    SweepReport report = sweeper.sweep(Set.of());
    assertThat(report.deleted()).isEmpty();
    assertThat(report.pending()).extracting(Orphan::id).containsExactly("sg-1");

    cloud.inUse = false;
    clock.advance(Duration.ofMinutes(1));
    assertThat(sweeper.sweep(Set.of()).deleted()).extracting(Orphan::id).containsExactly("sg-1");
  }

  @Test
  void aFailingDeletionDoesNotStopTheRestOfTheSweep() {
    cloud.loadBalancers.add(group(OrphanKind.LOAD_BALANCER, "arn:lb/a", "uid-a"));
    cloud.loadBalancers.add(group(OrphanKind.LOAD_BALANCER, "arn:lb/b", "uid-b"));
    cloud.failFor = "arn:lb/a";
    sweeper.sweep(Set.of());
    clock.advance(GRACE);

    SweepReport report = sweeper.sweep(Set.of());
    assertThat(report.pending()).extracting(Orphan::id).containsExactly("arn:lb/a");
    assertThat(report.deleted()).extracting(Orphan::id).containsExactly("arn:lb/b");
    assertThat(cloud.deleted).containsExactly("Service/shop/arn:lb/b by uid-b");
  }

  @Test
  void groupsOfALoadBalancerDeletedInThisSweepAreLeftToItsTeardown() {
    cloud.loadBalancers.add(group(OrphanKind.LOAD_BALANCER, "arn:lb/a", "uid-a"));
    cloud.targetGroups.add(group(OrphanKind.TARGET_GROUP, "arn:tg/a", "uid-a"));
    sweeper.sweep(Set.of());
    clock.advance(GRACE);

    SweepReport report = sweeper.sweep(Set.of());
    assertThat(report.deleted()).extracting(Orphan::id).containsExactly("arn:lb/a");
    assertThat(cloud.deleted).containsExactly("Service/shop/arn:lb/a by uid-a");
  }

  @Test
  void aLiveOwnerIsNeverTouchedWhateverTheClockSays() {
    cloud.loadBalancers.add(group(OrphanKind.LOAD_BALANCER, "arn:lb/a", "uid-a"));
    for (int i = 0; i < 5; i++) {
      assertThat(sweeper.sweep(Set.of("uid-a")).found()).isEmpty();
      clock.advance(GRACE);
    }
    assertThat(cloud.deleted).isEmpty();
  }

  private static TaggedResource group(OrphanKind kind, String id, String owner) {
    Map<String, String> tags = new HashMap<>();
    tags.put(Ownership.MANAGED_BY_TAG, "strato");
    tags.put(Ownership.OWNER_TAG, owner);
    tags.put(Ownership.RESOURCE_TAG, "Service/shop/" + id);
    tags.put(Ownership.CLUSTER_TAG_PREFIX + "c1", "owned");
    return new TaggedResource(kind, id, id, tags, kind == OrphanKind.LOAD_BALANCER);
  }

  /** A stateful fake of the cloud side, with switches for failure. */
  static final class FakeCloud implements ClusterInventory, LoadBalancers {
    final List<TaggedResource> loadBalancers = new ArrayList<>();
    final List<TaggedResource> targetGroups = new ArrayList<>();
    final List<TaggedResource> securityGroups = new ArrayList<>();
    final List<String> deleted = new ArrayList<>();
    boolean inUse;
    String failFor;

    @Override
    public Listing list(String clusterId) {
      return new Listing(
          List.copyOf(loadBalancers), List.copyOf(targetGroups), List.copyOf(securityGroups));
    }

    @Override
    public Deletion deleteTargetGroup(TaggedResource group) {
      return remove(targetGroups, group);
    }

    @Override
    public Deletion deleteSecurityGroup(TaggedResource group) {
      return remove(securityGroups, group);
    }

    private Deletion remove(List<TaggedResource> from, TaggedResource group) {
      if (inUse) {
        return Deletion.IN_PROGRESS;
      }
      from.remove(group);
      return Deletion.GONE;
    }

    @Override
    public Deletion ensureDeleted(Ownership owner, String name) {
      if (name.equals(failFor)) {
        throw new CloudException.Throttled(
            "aws", "elbv2:DeleteLoadBalancer", "slow down", null, null);
      }
      deleted.add("Service/" + owner.name() + " by " + owner.ownerUid());
      loadBalancers.removeIf(lb -> lb.name().equals(name));
      targetGroups.removeIf(g -> owner.owns(g.tags()));
      return Deletion.GONE;
    }

    @Override
    public Optional<LoadBalancerStatus> get(Ownership owner, String name) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Ensured<LoadBalancerStatus> ensure(Ownership owner, LoadBalancerSpec spec) {
      throw new UnsupportedOperationException();
    }

    @Override
    public List<KnownTargetGroup> updateTargets(
        Ownership owner, String name, List<Target> targets) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void changeTargets(
        Ownership owner, List<KnownTargetGroup> groups, List<Target> add, List<Target> remove) {
      throw new UnsupportedOperationException();
    }
  }
}
