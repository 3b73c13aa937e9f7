package io.strato.cloud.route;

import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * The route capability over every route table tagged for the cluster ({@code
 * kubernetes.io/cluster/<id>}), not just one: a VPC with a table per private subnet (one per zone)
 * needs the route in each.
 */
public interface Routes {

  /** The route tables tagged for the cluster. */
  List<String> routeTables(String clusterId);

  /** Routes to instances in those tables (local and gateway routes are not Strato's). */
  List<Route> list(String clusterId);

  /** Creates the route (replacing one to another target); idempotent. */
  void create(Route route);

  /** Deletes the route; absent is success. */
  void delete(Route route);

  /**
   * Turns off the instance's source/destination check, without which EC2 drops pod traffic routed
   * to it; idempotent.
   */
  void disableSourceDestCheck(String instanceId);

  /**
   * The batched form, so a provider can look once and change only what needs it; this default makes
   * one call per instance, every time.
   *
   * @return the instances whose check was turned off now
   */
  default Set<String> disableSourceDestChecks(Collection<String> instanceIds) {
    instanceIds.forEach(this::disableSourceDestCheck);
    return Set.copyOf(instanceIds);
  }
}
