package io.strato.controller.service;

import io.strato.cloud.loadbalancer.TargetIngress;
import io.strato.config.StratoConfig;
import io.strato.reconcile.Backoff;
import java.time.Duration;

/**
 * What the service controller needs to know.
 *
 * @param clusterId tags {@code kubernetes.io/cluster/<id>} and picks the cluster's subnets
 * @param loadBalancerClass the {@code spec.loadBalancerClass} Strato answers to besides none
 * @param pollInterval how soon to look again at a load balancer still provisioning or deleting
 * @param targetIngress how the nodes' security groups admit each NLB (the configured {@code
 *     nlb-security-group-mode})
 */
public record ServiceControllerSettings(
    String clusterId,
    String loadBalancerClass,
    Duration pollInterval,
    TargetIngress targetIngress) {

  /** Managed mode, Strato's default. */
  public ServiceControllerSettings(
      String clusterId, String loadBalancerClass, Duration pollInterval) {
    this(clusterId, loadBalancerClass, pollInterval, TargetIngress.LOAD_BALANCER_GROUP);
  }

  /**
   * The upstream service controller's retry of a failed Service: 5 s, doubling, at most 5 minutes.
   * A Service refused by the cloud for a reason outside it (subnets not tagged yet, a certificate
   * not yet imported, a quota) heals within minutes of the cause being fixed, and a Service that
   * keeps failing costs one attempt per 5 minutes.
   */
  public static Backoff retryBackoff() {
    return new Backoff(Duration.ofSeconds(5), Duration.ofMinutes(5));
  }

  public static ServiceControllerSettings of(StratoConfig config) {
    return new ServiceControllerSettings(
        config.ccm().clusterId().orElse(null),
        config.ccm().loadBalancerClass(),
        config.reconcile().pollInterval(),
        config.ccm().nlbSecurityGroupMode() == StratoConfig.Ccm.NlbSecurityGroupMode.NONE
            ? TargetIngress.CLIENT_RANGES
            : TargetIngress.LOAD_BALANCER_GROUP);
  }
}
