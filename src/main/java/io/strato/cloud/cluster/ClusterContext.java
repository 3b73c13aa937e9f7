package io.strato.cloud.cluster;

import io.strato.cloud.Ownership;
import java.util.List;
import java.util.Optional;

/**
 * One cluster as a driver sees it: the stored spec, its identity, and the network already resolved
 * and checked (at least three zones; every subnet in the VPC).
 *
 * @param owner the tags every cloud resource of the cluster carries ({@code kubernetes.io/cluster/
 *     <name>} included)
 * @param subnets the cluster's subnets, sorted by zone then ID
 * @param loadBalancers resolves a LoadBalancer resource's listener to its target group ARN
 */
public record ClusterContext(
    String name,
    String uid,
    ClusterSpecDto spec,
    Ownership owner,
    String vpcId,
    List<ClusterSubnet> subnets,
    TargetGroupLookup loadBalancers) {

  public ClusterContext {
    subnets = List.copyOf(subnets);
  }

  /** The distinct zones of the subnets, in order. */
  public List<String> zones() {
    return subnets.stream().map(ClusterSubnet::zone).distinct().toList();
  }

  public List<String> subnetIds() {
    return subnets.stream().map(ClusterSubnet::id).toList();
  }

  /** Finds the target group behind a Strato LoadBalancer's listener. */
  @FunctionalInterface
  public interface TargetGroupLookup {
    /**
     * @return empty while the load balancer does not exist yet or has no such listener
     */
    Optional<String> targetGroupArn(String loadBalancerName, int listenerPort);
  }
}
