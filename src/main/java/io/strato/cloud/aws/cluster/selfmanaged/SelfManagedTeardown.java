package io.strato.cloud.aws.cluster.selfmanaged;

import io.strato.cloud.Deletion;
import io.strato.cloud.Ownership;
import io.strato.cloud.aws.ec2.ClusterNetworkTags;
import io.strato.cloud.cluster.ClusterContext;
import io.strato.cloud.loadbalancer.LoadBalancers;
import io.strato.cloud.nodegroup.NodeGroupBatch;
import io.strato.cloud.nodegroup.NodeGroups;
import java.util.Set;
import java.util.TreeSet;
import org.jboss.logging.Logger;

/**
 * Deletes a self-managed cluster in dependency order, one step per call: workers (they lean on the
 * API), the control-plane groups, the API load balancer, the bootstrap secrets (a member being
 * replaced still reads them until its group is gone), the etcd snapshot bucket when {@code
 * backup.deleteWithCluster} asks for it (kept otherwise), then the network tags. What to delete is
 * found by the ownership tag, not from the spec, so a group the spec dropped earlier, or a launch
 * template whose group is already gone, is not left behind. Never waits: a step still running
 * answers {@link Deletion#IN_PROGRESS}.
 *
 * <p>The control-plane groups go before the load balancer, as AWS's own teardown of an Auto Scaling
 * group behind a load balancer does: a deleted group takes its target group attachments with it, so
 * the load balancer, which removes the attachments it recorded before it goes, finds no group left
 * to detach (three DetachLoadBalancerTargetGroups fewer). Nothing needs the API endpoint once the
 * workers are gone and the members are being terminated.
 */
final class SelfManagedTeardown {

  private static final Logger LOG = Logger.getLogger(SelfManagedTeardown.class);

  private final LoadBalancers loadBalancers;
  private final NodeGroups nodeGroups;
  private final ClusterNetworkTags networkTags;
  private final BootstrapSecrets secrets;
  private final EtcdBackups backups;

  SelfManagedTeardown(
      LoadBalancers loadBalancers,
      NodeGroups nodeGroups,
      ClusterNetworkTags networkTags,
      BootstrapSecrets secrets,
      EtcdBackups backups) {
    this.loadBalancers = loadBalancers;
    this.nodeGroups = nodeGroups;
    this.networkTags = networkTags;
    this.secrets = secrets;
    this.backups = backups;
  }

  Deletion delete(ClusterContext cluster) {
    Ownership owner = cluster.owner();
    // One observation of every group of the cluster serves every step of this pass. Its launch
    // templates are read only once no group is left: each goes after its group anyway, so a pass
    // that deletes groups has no use for them (and a leftover template is found in the last pass).
    NodeGroupBatch existing = nodeGroups.observeAll(owner);
    Set<String> groups =
        new TreeSet<>(existing.groups().isEmpty() ? existing.names() : existing.groups());
    Set<String> controlPlane = new TreeSet<>();
    for (String zone : cluster.zones()) {
      String name = ControlPlaneLayout.name(cluster, zone);
      if (groups.remove(name)) {
        controlPlane.add(name);
      }
    }
    if (deleteAll(existing, groups)) {
      return Deletion.IN_PROGRESS;
    }
    if (deleteAll(existing, controlPlane)) {
      return Deletion.IN_PROGRESS;
    }
    if (loadBalancers.ensureDeleted(owner, ApiLoadBalancer.name(cluster)) == Deletion.IN_PROGRESS) {
      return Deletion.IN_PROGRESS;
    }
    secrets.delete(cluster);
    // Kept by default: backups outlive the cluster (a restore needs them most after a loss).
    if (backups.delete(cluster) == Deletion.IN_PROGRESS) {
      return Deletion.IN_PROGRESS;
    }
    int untagged = networkTags.remove(cluster.name(), cluster.uid());
    if (untagged > 0) {
      LOG.infof("cluster %s: network tags removed from %d resources", cluster.name(), untagged);
    }
    return Deletion.GONE;
  }

  /** Starts or continues the deletion of each group; true while any is still going. */
  private static boolean deleteAll(NodeGroupBatch existing, Set<String> names) {
    return !names.isEmpty() && existing.deleteAll(names).containsValue(Deletion.IN_PROGRESS);
  }
}
