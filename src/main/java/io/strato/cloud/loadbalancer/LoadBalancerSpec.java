package io.strato.cloud.loadbalancer;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

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
 * @param attachToAutoScalingGroups further Auto Scaling groups whose instances become targets, for
 *     a load balancer in front of several groups (a control plane with one group per zone)
 * @param attributes attributes of the load balancer itself (cross-zone, access logs)
 * @param targetIngress whether Strato opens the targets' own security groups to the load balancer's
 *     traffic, and whether a new load balancer gets a managed group at all; null is {@link
 *     TargetIngress#OFF}
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
    SubnetAddresses subnetAddresses,
    List<String> attachToAutoScalingGroups,
    LoadBalancerAttributes attributes,
    TargetIngress targetIngress) {

  public LoadBalancerSpec {
    attributes = attributes == null ? LoadBalancerAttributes.NONE : attributes;
    targetIngress = targetIngress == null ? TargetIngress.OFF : targetIngress;
    attachToAutoScalingGroups =
        attachToAutoScalingGroups == null ? List.of() : List.copyOf(attachToAutoScalingGroups);
    subnetAddresses = subnetAddresses == null ? SubnetAddresses.NONE : subnetAddresses;
    extraSecurityGroupIds =
        extraSecurityGroupIds == null ? List.of() : List.copyOf(extraSecurityGroupIds);
    securityGroupIds = securityGroupIds == null ? List.of() : List.copyOf(securityGroupIds);
    sourceRanges = sourceRanges == null ? List.of() : List.copyOf(sourceRanges);
    listeners = List.copyOf(listeners);
    targets = targets == null ? List.of() : List.copyOf(targets);
    tags = tags == null ? Map.of() : Map.copyOf(tags);
  }

  /** The shape before load balancer attributes and target ingress; existing callers compile. */
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
      Map<String, String> tags,
      List<String> extraSecurityGroupIds,
      SubnetAddresses subnetAddresses,
      List<String> attachToAutoScalingGroups) {
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
        extraSecurityGroupIds,
        subnetAddresses,
        attachToAutoScalingGroups,
        LoadBalancerAttributes.NONE,
        TargetIngress.OFF);
  }

  /** The shape before several Auto Scaling groups; existing callers compile. */
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
      Map<String, String> tags,
      List<String> extraSecurityGroupIds,
      SubnetAddresses subnetAddresses) {
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
        extraSecurityGroupIds,
        subnetAddresses,
        List.of());
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

  /** Every Auto Scaling group to attach, each once, sorted: the single one and the further ones. */
  public SortedSet<String> autoScalingGroups() {
    SortedSet<String> all = new TreeSet<>(attachToAutoScalingGroups);
    if (attachToAutoScalingGroup != null) {
      all.add(attachToAutoScalingGroup);
    }
    return Collections.unmodifiableSortedSet(all);
  }

  /**
   * Whether a new load balancer gets a security group Strato manages: when the user names none,
   * unless the targets admit the client ranges themselves (upstream's NLB mode without groups).
   */
  public boolean managesSecurityGroup() {
    return securityGroupIds.isEmpty() && targetIngress != TargetIngress.CLIENT_RANGES;
  }

  /** The same spec with another target ingress. */
  public LoadBalancerSpec withTargetIngress(TargetIngress ingress) {
    return copy(listeners, attachToAutoScalingGroup, attachToAutoScalingGroups, ingress);
  }

  /** The same spec with other listeners. */
  public LoadBalancerSpec withListeners(List<ListenerSpec> newListeners) {
    return copy(newListeners, attachToAutoScalingGroup, attachToAutoScalingGroups, targetIngress);
  }

  /** The same spec attached to the Auto Scaling groups {@code other} is attached to. */
  public LoadBalancerSpec withAutoScalingGroupsOf(LoadBalancerSpec other) {
    return copy(
        listeners, other.attachToAutoScalingGroup, other.attachToAutoScalingGroups, targetIngress);
  }

  /** This spec with the fields the withers above change; every other field kept. */
  private LoadBalancerSpec copy(
      List<ListenerSpec> newListeners, String group, List<String> groups, TargetIngress ingress) {
    return new LoadBalancerSpec(
        name,
        scheme,
        subnets,
        securityGroupIds,
        sourceRanges,
        newListeners,
        targetType,
        targets,
        group,
        tags,
        extraSecurityGroupIds,
        subnetAddresses,
        groups,
        attributes,
        ingress);
  }
}
