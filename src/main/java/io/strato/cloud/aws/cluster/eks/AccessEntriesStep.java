package io.strato.cloud.aws.cluster.eks;

import io.strato.cloud.Ownership;
import io.strato.cloud.aws.eks.EksAccessEntries;
import io.strato.cloud.aws.eks.EksClusters;
import io.strato.cloud.aws.eks.ObservedCluster;
import io.strato.cloud.cluster.ClusterProgress.ClusterEvent;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Gives the principals a spec names cluster-admin through EKS access entries, so whoever asked for
 * the cluster can use it, and takes the access away from a principal the spec no longer names. Only
 * entries Strato made (carrying its owner tag) are ever removed: the creator's entry and ones made
 * by hand are not Strato's to delete.
 */
final class AccessEntriesStep {

  static final String API_AND_CONFIG_MAP = "API_AND_CONFIG_MAP";

  private final EksClusters clusters;
  private final EksAccessEntries entries;

  AccessEntriesStep(EksClusters clusters, EksAccessEntries entries) {
    this.clusters = clusters;
    this.entries = entries;
  }

  List<ClusterEvent> reconcile(ObservedCluster plane, Ownership owner, List<String> principals) {
    if (!plane.active()) {
      return List.of();
    }
    String mode = plane.authenticationMode();
    if ("CONFIG_MAP".equals(mode)) {
      // A cluster created before Strato sent accessConfig: no entries exist to manage until the
      // mode allows them; switch it when the spec asks for access (EKS allows this one way).
      if (principals.isEmpty()) {
        return List.of();
      }
      clusters.enableAccessEntries(plane.name());
      return List.of(
          ClusterEvent.normal(
              "AccessEntriesEnabled", "Authentication mode set to " + API_AND_CONFIG_MAP));
    }
    if (mode == null && principals.isEmpty()) {
      return List.of(); // the emulator reports no mode and has no entries to look at
    }
    List<ClusterEvent> events = new ArrayList<>();
    Set<String> present = new LinkedHashSet<>(entries.principals(plane.name()));
    for (String principal : principals) {
      // An entry without the policy is what a crash between the two calls leaves behind.
      if (!present.contains(principal) || !entries.hasClusterAdmin(plane.name(), principal)) {
        entries.grantClusterAdmin(plane.name(), principal, owner.tags());
        events.add(
            ClusterEvent.normal("AccessEntryCreated", "cluster-admin access for " + principal));
      }
    }
    for (String principal : present) {
      if (!principals.contains(principal) && owner.owns(entries.tags(plane.name(), principal))) {
        entries.revoke(plane.name(), principal);
        events.add(ClusterEvent.normal("AccessEntryDeleted", "access removed for " + principal));
      }
    }
    return events;
  }
}
