package io.strato.cloud.loadbalancer;

import java.util.List;

/**
 * Which subnets a load balancer or node group uses: the IDs given, or, when none are given, those
 * discovered by tag. Discovery follows cloud-provider-aws: {@code kubernetes.io/role/elb} for
 * internet-facing, {@code kubernetes.io/role/internal-elb} for internal, one subnet per zone, and
 * when a cluster ID is known only subnets tagged {@code kubernetes.io/cluster/<id>}. Given subnets
 * may be IDs or, for load balancers, names (the {@code Name} tag), which the provider resolves.
 */
public record SubnetSelection(List<String> subnetIds, String vpcId) {

  public SubnetSelection {
    subnetIds = subnetIds == null ? List.of() : List.copyOf(subnetIds);
  }

  public static SubnetSelection ids(List<String> ids) {
    return new SubnetSelection(ids, null);
  }

  public static SubnetSelection discover(String vpcId) {
    return new SubnetSelection(List.of(), vpcId);
  }

  public boolean discovered() {
    return subnetIds.isEmpty();
  }
}
