package io.strato.cloud.loadbalancer;

/**
 * A target group the caller already knows, from an earlier ensure or target update, so that its
 * targets can change without reading the load balancer again.
 *
 * @param arn the target group ARN
 * @param targetPort the port targets are registered on (the listener's target port)
 */
public record KnownTargetGroup(String arn, int targetPort) {}
