package io.strato.cloud.loadbalancer;

import java.util.List;
import java.util.Map;

/**
 * What a network load balancer should look like, in provider-neutral terms. Computed by a pure
 * function from a REST spec or a Kubernetes Service; the provider makes the cloud match it.
 *
 * @param name the deterministic cloud name (at most 32 characters for AWS)
 * @param securityGroupIds existing security groups to attach; when empty, Strato manages one group
 *     that opens the listener ports to {@code sourceRanges}
 * @param sourceRanges CIDRs allowed in by the managed security group; empty means everywhere
 * @param targets explicit targets registered in every target group; may be empty
 * @param attachToAutoScalingGroup the Auto Scaling group whose instances become targets, or null
 * @param tags the user's extra tags, added to the ownership tags
 * @param extraSecurityGroupIds existing groups attached alongside the managed group (or alongside
 *     {@code securityGroupIds}); Strato never changes or deletes them
 * @param subnetAddresses Elastic IPs or private addresses per subnet, set at creation
 */
public record LoadBalancerSpec(
    String name,
    Scheme scheme,
    SubnetSelection subnets,
    List<String> securityGroupIds,
    List<String> sourceRanges,
    List<ListenerSpec> listeners,
    TargetType targetType,
    List<Target> targets,
    String attachToAutoScalingGroup,
    Map<String, String> tags,
    List<String> extraSecurityGroupIds,
    SubnetAddresses subnetAddresses) {

  public LoadBalancerSpec {
    subnetAddresses = subnetAddresses == null ? SubnetAddresses.NONE : subnetAddresses;
    extraSecurityGroupIds =
        extraSecurityGroupIds == null ? List.of() : List.copyOf(extraSecurityGroupIds);
    securityGroupIds = securityGroupIds == null ? List.of() : List.copyOf(securityGroupIds);
    sourceRanges = sourceRanges == null ? List.of() : List.copyOf(sourceRanges);
    listeners = List.copyOf(listeners);
    targets = targets == null ? List.of() : List.copyOf(targets);
    tags = tags == null ? Map.of() : Map.copyOf(tags);
  }

  /** The shape before extra security groups and subnet addresses; existing callers compile. */
  public LoadBalancerSpec(
      String name,
      Scheme scheme,
      SubnetSelection subnets,
      List<String> securityGroupIds,
      List<String> sourceRanges,
      List<ListenerSpec> listeners,
      TargetType targetType,
      List<Target> targets,
      String attachToAutoScalingGroup,
      Map<String, String> tags) {
    this(
        name,
        scheme,
        subnets,
        securityGroupIds,
        sourceRanges,
        listeners,
        targetType,
        targets,
        attachToAutoScalingGroup,
        tags,
        List.of(),
        SubnetAddresses.NONE);
  }

  public boolean managesSecurityGroup() {
    return securityGroupIds.isEmpty();
  }
}
