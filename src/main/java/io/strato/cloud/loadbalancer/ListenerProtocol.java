package io.strato.cloud.loadbalancer;

/** The network load balancer listener protocols. TLS terminates at the load balancer. */
public enum ListenerProtocol {
  TCP,
  UDP,
  TCP_UDP,
  TLS;

  /** The protocol of the target group behind a listener: TLS is terminated, so targets get TCP. */
  public String targetProtocol() {
    return this == TLS ? "TCP" : name();
  }
}
