package io.strato.cloud.loadbalancer;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * What exists in the cloud for one load balancer.
 *
 * @param state the cloud's own state, e.g. {@code provisioning} or {@code active}
 * @param cleanupPending whether something the load balancer no longer uses (a target group no
 *     listener forwards to, a managed security group replaced by the user's) is still to be removed
 *     because the cloud counts it in use for a while
 * @param targetSecurityGroupIds the targets' own security groups that admit this load balancer
 *     (target ingress) as the ensure left them: a node joining in another group needs a full
 *     ensure, one joining in these only its registration
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
    List<ListenerStatus> listeners,
    boolean cleanupPending,
    List<String> targetSecurityGroupIds) {

  public LoadBalancerStatus {
    targetSecurityGroupIds =
        targetSecurityGroupIds == null ? List.of() : List.copyOf(targetSecurityGroupIds);
    subnetIds = List.copyOf(subnetIds);
    securityGroupIds = List.copyOf(securityGroupIds);
    listeners = List.copyOf(listeners);
  }

  /** The shape before {@code targetSecurityGroupIds}: no target group admits it. */
  public LoadBalancerStatus(
      String arn,
      String name,
      String dnsName,
      String scheme,
      String state,
      String vpcId,
      List<String> subnetIds,
      List<String> securityGroupIds,
      List<ListenerStatus> listeners,
      boolean cleanupPending) {
    this(
        arn,
        name,
        dnsName,
        scheme,
        state,
        vpcId,
        subnetIds,
        securityGroupIds,
        listeners,
        cleanupPending,
        List.of());
  }

  /** The shape before {@code cleanupPending}: nothing left to remove. */
  public LoadBalancerStatus(
      String arn,
      String name,
      String dnsName,
      String scheme,
      String state,
      String vpcId,
      List<String> subnetIds,
      List<String> securityGroupIds,
      List<ListenerStatus> listeners) {
    this(arn, name, dnsName, scheme, state, vpcId, subnetIds, securityGroupIds, listeners, false);
  }

  public boolean active() {
    return "active".equalsIgnoreCase(state);
  }

  /**
   * Whether the load balancer's own state is all that keeps it from being settled: nothing to clean
   * up, only the cloud still bringing it up ({@code provisioning}).
   */
  public boolean onlyStatePending() {
    return !active() && !cleanupPending;
  }

  /** The same load balancer, its state and DNS name as read again. */
  public LoadBalancerStatus withState(String newState, String newDnsName) {
    return copy(newState, newDnsName, listeners, targetSecurityGroupIds);
  }

  /** The same load balancer with other listeners. */
  public LoadBalancerStatus withListeners(List<ListenerStatus> now) {
    return copy(state, dnsName, now, targetSecurityGroupIds);
  }

  /** The same load balancer, its targets' security groups {@code groupIds} (sorted). */
  public LoadBalancerStatus withTargetSecurityGroups(Collection<String> groupIds) {
    return copy(state, dnsName, listeners, new ArrayList<>(new TreeSet<>(groupIds)));
  }

  /** This status with the fields the withers above change; every other field kept. */
  private LoadBalancerStatus copy(
      String newState, String newDnsName, List<ListenerStatus> now, List<String> groupIds) {
    return new LoadBalancerStatus(
        arn,
        name,
        newDnsName,
        scheme,
        newState,
        vpcId,
        subnetIds,
        securityGroupIds,
        now,
        cleanupPending,
        groupIds);
  }
}
