package io.strato.cloud.loadbalancer;

/**
 * One listener and the target group behind it (one target group per listener).
 *
 * @param port the port the load balancer listens on
 * @param targetPort the port on the targets (a NodePort for Kubernetes Services)
 * @param certificateArn required for TLS, null otherwise
 * @param sslPolicy for TLS; null takes the AWS default policy
 * @param tlsToTargets for a TLS listener: whether the load balancer speaks TLS to the targets too
 *     (a TLS target group) instead of passing the decrypted stream on as TCP
 */
public record ListenerSpec(
    int port,
    ListenerProtocol protocol,
    int targetPort,
    String certificateArn,
    String sslPolicy,
    HealthCheckSpec healthCheck,
    TargetGroupAttributes attributes,
    boolean tlsToTargets) {

  /** The shape before TLS to targets: a TLS listener hands targets plain TCP. */
  public ListenerSpec(
      int port,
      ListenerProtocol protocol,
      int targetPort,
      String certificateArn,
      String sslPolicy,
      HealthCheckSpec healthCheck,
      TargetGroupAttributes attributes) {
    this(port, protocol, targetPort, certificateArn, sslPolicy, healthCheck, attributes, false);
  }

  /** The protocol of the target group behind this listener. */
  public String targetProtocol() {
    return protocol == ListenerProtocol.TLS && tlsToTargets ? "TLS" : protocol.targetProtocol();
  }
}
