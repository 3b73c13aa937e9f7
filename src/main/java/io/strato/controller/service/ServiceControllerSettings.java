package io.strato.controller.service;

import io.strato.cloud.loadbalancer.TargetIngress;
import io.strato.config.StratoConfig;
import java.time.Duration;

/**
 * What the service controller needs to know about its cluster.
 *
 * @param clusterId tags {@code kubernetes.io/cluster/<id>} and picks the cluster's subnets
 * @param loadBalancerClass the {@code spec.loadBalancerClass} Strato answers to besides none
 * @param pollInterval how soon to look again at a load balancer still provisioning or deleting
 * @param invalidRetry how soon to try again after the cloud refused the request as invalid (a
 *     subnet tag or a quota may be fixed outside Kubernetes, without any Service event)
 * @param targetIngress how the nodes' security groups admit each NLB (the configured {@code
 *     nlb-security-group-mode})
 */
public record ServiceControllerSettings(
    String clusterId,
    String loadBalancerClass,
    Duration pollInterval,
    Duration invalidRetry,
    TargetIngress targetIngress) {

  /** Managed mode, Strato's default. */
  public ServiceControllerSettings(
      String clusterId, String loadBalancerClass, Duration pollInterval, Duration invalidRetry) {
    this(
        clusterId,
        loadBalancerClass,
        pollInterval,
        invalidRetry,
        TargetIngress.LOAD_BALANCER_GROUP);
  }

  public static ServiceControllerSettings of(StratoConfig config) {
    return new ServiceControllerSettings(
        config.ccm().clusterId().orElse(null),
        config.ccm().loadBalancerClass(),
        config.reconcile().pollInterval(),
        Duration.ofMinutes(5),
        config.ccm().nlbSecurityGroupMode() == StratoConfig.Ccm.NlbSecurityGroupMode.NONE
            ? TargetIngress.CLIENT_RANGES
            : TargetIngress.LOAD_BALANCER_GROUP);
  }
}
