package io.strato.cloud.loadbalancer;

import java.util.List;

/**
 * Fixed addresses for a network load balancer, one per subnet, paired with the subnets in order
 * (the order given, or zone order when subnets are discovered). AWS sets them only when the load
 * balancer is created; it cannot change them in place.
 *
 * @param allocationIds Elastic IP allocations, for an internet-facing load balancer
 * @param privateIpv4Addresses private addresses inside each subnet, for an internal one
 */
public record SubnetAddresses(List<String> allocationIds, List<String> privateIpv4Addresses) {

  public static final SubnetAddresses NONE = new SubnetAddresses(List.of(), List.of());

  public SubnetAddresses {
    allocationIds = allocationIds == null ? List.of() : List.copyOf(allocationIds);
    privateIpv4Addresses =
        privateIpv4Addresses == null ? List.of() : List.copyOf(privateIpv4Addresses);
  }

  public boolean isEmpty() {
    return allocationIds.isEmpty() && privateIpv4Addresses.isEmpty();
  }

  /** How many subnets these addresses are for. */
  public int count() {
    return Math.max(allocationIds.size(), privateIpv4Addresses.size());
  }
}
