package io.strato.cloud.loadbalancer;

import io.strato.cloud.Deletion;
import io.strato.cloud.Ensured;
import io.strato.cloud.Ownership;
import java.util.List;
import java.util.Optional;

/**
 * The network load balancer capability. Every method is idempotent and safe to call again after a
 * crash at any point: resources are found by deterministic name and checked by ownership tag.
 */
public interface LoadBalancers {

  /** What exists for this owner under this name, if anything. */
  Optional<LoadBalancerStatus> get(Ownership owner, String name);

  /**
   * Makes the cloud match the spec: creates what is missing, updates what differs (listeners,
   * health checks, attributes, targets, security groups, tags), removes listeners and target groups
   * no longer in the spec.
   *
   * @throws io.strato.cloud.CloudException.Conflict if the name is taken by another owner
   */
  Ensured<LoadBalancerStatus> ensure(Ownership owner, LoadBalancerSpec spec);

  /**
   * Makes the registered targets of every target group of the load balancer exactly {@code
   * targets}, with at most one register and one deregister call per target group.
   */
  void updateTargets(Ownership owner, String name, List<Target> targets);

  /**
   * Removes everything the load balancer owns, in dependency order: Auto Scaling attachments,
   * listeners, the load balancer, target groups, then the managed security group. Absent is
   * success.
   */
  Deletion ensureDeleted(Ownership owner, String name);
}
