package io.strato.cloud.aws.elb;

import io.strato.cloud.loadbalancer.Scheme;
import java.util.List;
import java.util.Map;

/** A network load balancer as AWS describes it, with its tags once they were read. */
record ObservedLoadBalancer(
    String arn,
    String name,
    String dnsName,
    Scheme scheme,
    String state,
    String vpcId,
    List<String> subnetIds,
    List<String> securityGroupIds,
    Map<String, String> tags) {

  ObservedLoadBalancer {
    subnetIds = List.copyOf(subnetIds);
    securityGroupIds = List.copyOf(securityGroupIds);
    tags = Map.copyOf(tags);
  }

  ObservedLoadBalancer withTags(Map<String, String> newTags) {
    return new ObservedLoadBalancer(
        arn, name, dnsName, scheme, state, vpcId, subnetIds, securityGroupIds, newTags);
  }

  ObservedLoadBalancer withSubnets(List<String> ids) {
    return new ObservedLoadBalancer(
        arn, name, dnsName, scheme, state, vpcId, ids, securityGroupIds, tags);
  }

  ObservedLoadBalancer withSecurityGroups(List<String> ids) {
    return new ObservedLoadBalancer(arn, name, dnsName, scheme, state, vpcId, subnetIds, ids, tags);
  }
}
