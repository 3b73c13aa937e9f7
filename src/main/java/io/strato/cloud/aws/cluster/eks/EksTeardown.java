package io.strato.cloud.aws.cluster.eks;

import io.strato.cloud.CloudException;
import io.strato.cloud.Deletion;
import io.strato.cloud.Ownership;
import io.strato.cloud.aws.eks.EksClusters;
import io.strato.cloud.aws.eks.EksNodegroups;
import io.strato.cloud.aws.eks.ObservedCluster;
import io.strato.cloud.aws.eks.ObservedNodegroup;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Deletes an EKS cluster in the order EKS demands: every node group first (EKS refuses to delete a
 * cluster that has any), then the control plane. Each call takes the next step and answers {@link
 * Deletion#IN_PROGRESS} until DescribeCluster says the cluster is gone.
 */
final class EksTeardown {

  private static final Logger LOG = Logger.getLogger(EksTeardown.class);

  private final EksClusters clusters;
  private final EksNodegroups nodegroups;

  EksTeardown(EksClusters clusters, EksNodegroups nodegroups) {
    this.clusters = clusters;
    this.nodegroups = nodegroups;
  }

  Deletion delete(Ownership owner, String name) {
    Optional<ObservedCluster> found = clusters.find(name);
    if (found.isEmpty()) {
      return Deletion.GONE;
    }
    ObservedCluster cluster = found.get();
    if (!owner.owns(cluster.tags())) {
      LOG.warnf("EKS cluster %s belongs to another owner; not deleting it", name);
      return Deletion.GONE;
    }
    switch (cluster.status()) {
      case "DELETING", "CREATING", "UPDATING" -> {
        // Deleting: EKS is at it. Creating/updating: EKS refuses a delete until it settles.
        return Deletion.IN_PROGRESS;
      }
      default -> {}
    }
    if (deleteNodegroups(owner, name)) {
      return Deletion.IN_PROGRESS;
    }
    try {
      clusters.delete(name);
      LOG.infof("EKS cluster %s: deleting", name);
    } catch (CloudException.NotFound gone) {
      return Deletion.GONE;
    }
    return Deletion.IN_PROGRESS;
  }

  /**
   * @return whether any of Strato's node groups is still there (deleting now or before)
   */
  private boolean deleteNodegroups(Ownership owner, String cluster) {
    boolean any = false;
    for (String name : nodegroups.names(cluster)) {
      Optional<ObservedNodegroup> ng = nodegroups.find(cluster, name);
      if (ng.isEmpty() || !owner.owns(ng.get().tags())) {
        continue;
      }
      any = true;
      if ("DELETING".equals(ng.get().status())) {
        continue;
      }
      try {
        nodegroups.delete(cluster, name);
        LOG.infof("EKS node group %s/%s: deleting", cluster, name);
      } catch (CloudException.NotFound gone) {
        // Went away between the look and the call: what we wanted.
      } catch (CloudException.Conflict busy) {
        // Still creating or updating: EKS takes the delete once it settles.
      }
    }
    return any;
  }
}
