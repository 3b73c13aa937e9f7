package io.strato.cloud.loadbalancer;

import io.strato.cloud.Deletion;
import io.strato.cloud.Ensured;
import io.strato.cloud.Ownership;
import java.util.Collection;
import java.util.List;
import java.util.Map;
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
   * The load balancer {@code last} describes, with only its state read again (one read by ARN on
   * AWS): no ownership check, no listeners, no target groups. For a caller whose last {@link
   * #ensure} of the very spec it wants now left nothing but that state to settle (see {@link
   * LastEnsures}); it changes nothing. Empty when the load balancer no longer exists. The default
   * reads what {@link #get} reads.
   */
  default Optional<LoadBalancerStatus> refreshState(Ownership owner, LoadBalancerStatus last) {
    return get(owner, last.name());
  }

  /**
   * Adds listeners without observing the load balancer again, for a caller that remembers what its
   * last {@link #ensure} of it applied ({@code last}) and answered ({@code lastStatus}), in this
   * process: a Kubernetes Service that gained a port. Reads only what it must before changing
   * anything (ownership, the managed security group's rules). Empty when {@code spec} is more than
   * {@code last} plus listeners on new ports, or when the cloud contradicts the memory: the caller
   * then ensures in full. The default always declines.
   */
  default Optional<Ensured<LoadBalancerStatus>> addListeners(
      Ownership owner,
      LoadBalancerSpec last,
      LoadBalancerStatus lastStatus,
      LoadBalancerSpec spec) {
    return Optional.empty();
  }

  /**
   * Attaches the load balancer to Auto Scaling groups added to its spec without observing it again,
   * for a caller that remembers what its last {@link #ensure} of it applied ({@code last}) and
   * answered ({@code lastStatus}), in this process: a self-managed cluster's API load balancer,
   * made before the control-plane groups it is then attached to. Reads only what it must before
   * changing anything (ownership and the records on the load balancer, the new members' security
   * groups). Empty when {@code spec} is more than {@code last} plus Auto Scaling groups, or when
   * the cloud contradicts the memory: the caller then ensures in full. The default always declines.
   */
  default Optional<Ensured<LoadBalancerStatus>> addAutoScalingGroups(
      Ownership owner,
      LoadBalancerSpec last,
      LoadBalancerStatus lastStatus,
      LoadBalancerSpec spec) {
    return Optional.empty();
  }

  /**
   * For each of these instances that exists, the security groups an {@link #ensure} with target
   * ingress ({@link TargetIngress}) would open to a load balancer for it: one (the group tagged
   * {@code kubernetes.io/cluster/<clusterId>}, else the instance's first), or several when more
   * than one is tagged, which an ensure refuses. One batched read for all of them, so a caller that
   * remembers which groups admit each load balancer ({@link
   * LoadBalancerStatus#targetSecurityGroupIds}) sends a load balancer to a full ensure only when a
   * new target needs another group. An instance that does not exist is absent. The default opens no
   * group and answers nothing.
   */
  default Map<String, List<String>> targetSecurityGroups(
      String clusterId, Collection<String> instanceIds) {
    return Map.of();
  }

  /**
   * Makes the registered targets of every target group of the load balancer exactly {@code
   * targets}, with at most one register and one deregister call per target group. Observes the load
   * balancer first (a few reads, plus one per group for its targets).
   *
   * @return the target groups it found, for later {@link #changeTargets} calls
   * @throws io.strato.cloud.CloudException.NotFound if the load balancer does not exist
   */
  List<KnownTargetGroup> updateTargets(Ownership owner, String name, List<Target> targets);

  /**
   * Registers {@code add} and deregisters {@code remove} in each of these target groups, without
   * reading anything: one register call per group when {@code add} is not empty, one deregister
   * call when {@code remove} is not empty. For callers that remember the groups and the targets
   * they applied last; {@link #updateTargets} is the way back when that memory is wrong.
   *
   * @throws io.strato.cloud.CloudException.NotFound if a group no longer exists
   */
  void changeTargets(
      Ownership owner, List<KnownTargetGroup> groups, List<Target> add, List<Target> remove);

  /**
   * Removes everything the load balancer owns, in dependency order: Auto Scaling attachments,
   * listeners, the load balancer, target groups, then the managed security group. Absent is
   * success.
   */
  Deletion ensureDeleted(Ownership owner, String name);
}
