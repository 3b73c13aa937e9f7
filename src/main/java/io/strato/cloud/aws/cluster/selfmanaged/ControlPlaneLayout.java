package io.strato.cloud.aws.cluster.selfmanaged;

import io.strato.cloud.cluster.ClusterContext;
import io.strato.cloud.cluster.ClusterNodeGroups;
import io.strato.cloud.cluster.ClusterSubnet;
import io.strato.cloud.nodegroup.LaunchSpec;
import io.strato.cloud.nodegroup.NodeGroupSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Where the control-plane members run: Auto Scaling groups per zone, each pinned to one subnet of
 * its zone, with a fixed size (min = max = desired), together holding that zone's share of the
 * replicas.
 *
 * <p>Why one group per zone rather than one group over three zones: an Auto Scaling group only
 * balances zones best-effort (a zone short of capacity gets its instance elsewhere, and AZ
 * rebalancing happens later, if ever), and emulators such as moto do not spread at all. For etcd,
 * losing the zone that holds two of three members loses quorum, so spreading must be a guarantee,
 * not a tendency. Per-zone groups make it one by construction: a replaced member comes back in its
 * own zone. Three zones, because three is what quorum needs to survive one zone's loss; five
 * replicas go 2/2/1, which still keeps a majority when any one zone fails.
 *
 * <p>Exactly one instance of the cluster may run {@code kubeadm init}: two would make two clusters
 * with two etcds behind one load balancer. A group's members all launch from one user data, so the
 * initialising member gets a group of its own with exactly one member, the first zone's {@code
 * cp-<zone>} group; the rest of that zone's share goes into a second group, {@code cp-<zone>-join},
 * that joins like the other zones. Chosen over an init lock the instances would take (a DynamoDB
 * item, a tag race): no new service, no new permission, and the guarantee is visible in the
 * account. A replacement of the one initialising member finds the API answering through the load
 * balancer and joins instead (see the init template).
 */
final class ControlPlaneLayout {

  static final int ZONES = 3;

  /**
   * @param initialises whether this group's member runs {@code kubeadm init} (the first zone's)
   */
  record Group(String zone, String subnetId, String name, int size, boolean initialises) {}

  private ControlPlaneLayout() {}

  /**
   * The groups over the first three zones in sorted order: the initialising group first. Empty when
   * the cluster has fewer than three zones (the caller reports it).
   */
  static List<Group> of(ClusterContext cluster, int replicas) {
    List<String> zones = cluster.zones().stream().sorted().distinct().toList();
    if (zones.size() < ZONES) {
      return List.of();
    }
    List<Integer> shares = shares(replicas, ZONES);
    List<Group> groups = new ArrayList<>();
    for (int i = 0; i < ZONES; i++) {
      String zone = zones.get(i);
      String subnet = firstSubnet(cluster, zone);
      if (i == 0) {
        groups.add(new Group(zone, subnet, name(cluster, zone), 1, true));
        if (shares.get(0) > 1) {
          groups.add(new Group(zone, subnet, joinName(cluster, zone), shares.get(0) - 1, false));
        }
      } else {
        groups.add(new Group(zone, subnet, name(cluster, zone), shares.get(i), false));
      }
    }
    return groups;
  }

  /** {@code replicas} split as evenly as possible, earlier zones taking the remainder. */
  static List<Integer> shares(int replicas, int zones) {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < zones; i++) {
      out.add(replicas / zones + (i < replicas % zones ? 1 : 0));
    }
    return out;
  }

  static String name(ClusterContext cluster, String zone) {
    return ClusterNodeGroups.cloudName(cluster, "cp-" + zone);
  }

  /** The first zone's joining members, when its share is more than the initialising one. */
  static String joinName(ClusterContext cluster, String zone) {
    return ClusterNodeGroups.cloudName(cluster, "cp-" + zone + "-join");
  }

  /**
   * Control-plane members answer metadata requests from the host only (hop limit 1): their role
   * reads the cluster's CA keys, and a pod behind the node's network bridge is one hop further.
   */
  static final int CONTROL_PLANE_METADATA_HOPS = 1;

  /** The node group of one control-plane zone, launching from {@code userData}. */
  static NodeGroupSpec spec(
      ClusterContext cluster, ControlPlaneSettings settings, Group group, String userData) {
    return new NodeGroupSpec(
        group.name(),
        new LaunchSpec(
            settings.spec().imageId(),
            settings.spec().instanceType(),
            userData,
            settings.spec().securityGroups(),
            settings.spec().keyName(),
            settings.spec().instanceProfile(),
            CONTROL_PLANE_METADATA_HOPS),
        List.of(group.subnetId()),
        group.size(),
        group.size(),
        group.size(),
        null,
        Map.of(),
        List.of(),
        cluster.spec().tags());
  }

  /**
   * How long a terminating member is held for its {@code kubeadm reset} to remove its etcd member
   * (seconds in practice); AWS continues after it even if the node never answers.
   */
  static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(10);

  /**
   * How long a new member is given before the load balancer's health counts: a stock image installs
   * the Kubernetes packages at boot, then {@code kubeadm join} pulls the control-plane images and
   * waits for etcd to sync, which takes minutes; replacing it before it could answer would loop.
   */
  static final Duration HEALTH_GRACE = Duration.ofMinutes(15);

  /**
   * Members are replaced by the load balancer's health (a member whose API server stops answering
   * on 6443 is replaced), one at a time in a rollout, each held until its etcd member has left.
   */
  static NodeGroupSpec.Replacement replacement(ControlPlaneSettings settings) {
    return new NodeGroupSpec.Replacement(settings.rollout(), DRAIN_TIMEOUT, HEALTH_GRACE);
  }

  /** The first subnet of each zone, in zone order: where the API load balancer has its nodes. */
  static List<String> subnetPerZone(ClusterContext cluster) {
    return cluster.zones().stream().sorted().distinct().map(z -> firstSubnet(cluster, z)).toList();
  }

  private static String firstSubnet(ClusterContext cluster, String zone) {
    return cluster.subnets().stream()
        .filter(s -> zone.equals(s.zone()))
        .map(ClusterSubnet::id)
        .min(Comparator.naturalOrder())
        .orElseThrow();
  }
}
