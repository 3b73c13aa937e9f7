package io.strato.cloud.loadbalancer;

/**
 * One listener and the target group behind it (one target group per listener).
 *
 * @param port the port the load balancer listens on
 * @param targetPort the port on the targets (a NodePort for Kubernetes Services)
 * @param certificateArn required for TLS, null otherwise
 * @param sslPolicy for TLS; null takes the AWS default policy
 */
public record ListenerSpec(
    int port,
    ListenerProtocol protocol,
    int targetPort,
    String certificateArn,
    String sslPolicy,
    HealthCheckSpec healthCheck,
    TargetGroupAttributes attributes) {}
