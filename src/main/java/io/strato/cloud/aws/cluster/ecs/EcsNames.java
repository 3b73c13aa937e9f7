package io.strato.cloud.aws.cluster.ecs;

import io.strato.cloud.CloudNames;
import io.strato.cloud.cluster.ClusterContext;
import io.strato.cloud.cluster.ClusterNodeGroups;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The deterministic names of everything an ECS cluster owns, pure functions of the cluster's name
 * and UID: a restart finds the same names, and a cluster recreated under the same name (new UID)
 * never meets the old one's leftovers.
 */
final class EcsNames {

  private EcsNames() {}

  /** {@code strato-<name>-<hash8(uid)>}. */
  static String cluster(ClusterContext cluster) {
    return CloudNames.nodeGroup(cluster.name(), cluster.uid());
  }

  /**
   * A node group's capacity provider has its Auto Scaling group's name, so one name leads from
   * either to the other (and AWS forbids the prefixes aws, ecs and fargate, which this never has).
   */
  static String capacityProvider(ClusterContext cluster, String nodeGroup) {
    return ClusterNodeGroups.cloudName(cluster, nodeGroup);
  }

  /** All of Strato's inline task definition families of the cluster start with this. */
  static String familyPrefix(String ecsCluster) {
    return ecsCluster + "-";
  }

  static String family(String ecsCluster, String service) {
    return familyPrefix(ecsCluster) + service;
  }

  /** CreateService's idempotency token: at most 36 characters, stable per cluster and service. */
  static String clientToken(String uid, String service) {
    return UUID.nameUUIDFromBytes((uid + "/" + service).getBytes(StandardCharsets.UTF_8))
        .toString();
  }
}
