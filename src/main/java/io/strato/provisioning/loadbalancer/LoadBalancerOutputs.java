package io.strato.provisioning.loadbalancer;

import io.strato.cloud.loadbalancer.LoadBalancerStatus;
import java.util.List;

/** What the cloud made for a load balancer, as served in {@code status.outputs}. */
public record LoadBalancerOutputs(
    String arn,
    String name,
    String dnsName,
    String scheme,
    String state,
    String vpcId,
    List<String> subnetIds,
    List<String> securityGroupIds,
    List<ListenerOutput> listeners) {

  public record ListenerOutput(
      int port, String protocol, String listenerArn, String targetGroupArn) {}

  public static LoadBalancerOutputs from(LoadBalancerStatus s) {
    return new LoadBalancerOutputs(
        s.arn(),
        s.name(),
        s.dnsName(),
        s.scheme(),
        s.state(),
        s.vpcId(),
        s.subnetIds(),
        s.securityGroupIds(),
        s.listeners().stream()
            .map(
                l ->
                    new ListenerOutput(l.port(), l.protocol(), l.listenerArn(), l.targetGroupArn()))
            .toList());
  }
}
