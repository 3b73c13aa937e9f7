package io.strato.cloud.cluster;

import io.strato.cloud.Deletion;

/**
 * Makes one type of cluster (eks, self-managed, ecs) exist in the cloud. Called again and again:
 * each call observes, takes the next step, and answers without waiting for the cloud to settle, so
 * long operations (an EKS cluster takes ~10 minutes) are polled by requeueing, never by a sleeping
 * worker. Everything it creates carries {@link ClusterContext#owner()}'s tags and a deterministic
 * name, so a restart finds what exists instead of making a twin.
 */
public interface ClusterDriver {

  /** The {@code spec.type} this driver serves. */
  String type();

  ClusterProgress reconcile(ClusterContext cluster) throws Exception;

  /** Deletes in dependency order (node groups before the control plane). Absent is success. */
  Deletion delete(ClusterContext cluster) throws Exception;
}
