package io.strato.cloud.loadbalancer;

/**
 * A target group health check.
 *
 * @param protocol TCP, HTTP or HTTPS
 * @param port a port number, or null for the traffic port
 * @param path the HTTP(S) path; null for TCP
 */
public record HealthCheckSpec(
    String protocol,
    Integer port,
    String path,
    int healthyThreshold,
    int unhealthyThreshold,
    int intervalSeconds,
    int timeoutSeconds) {

  /** The NLB defaults, as AWS applies them when nothing is said. */
  public static HealthCheckSpec tcpDefault() {
    return new HealthCheckSpec("TCP", null, null, 3, 3, 30, 10);
  }
}
