package io.strato.cloud.loadbalancer;

import java.util.List;

/**
 * What exists in the cloud for one load balancer.
 *
 * @param state the cloud's own state, e.g. {@code provisioning} or {@code active}
 */
public record LoadBalancerStatus(
    String arn,
    String name,
    String dnsName,
    String scheme,
    String state,
    String vpcId,
    List<String> subnetIds,
    List<String> securityGroupIds,
    List<ListenerStatus> listeners) {

  public LoadBalancerStatus {
    subnetIds = List.copyOf(subnetIds);
    securityGroupIds = List.copyOf(securityGroupIds);
    listeners = List.copyOf(listeners);
  }

  public boolean active() {
    return "active".equalsIgnoreCase(state);
  }
}
