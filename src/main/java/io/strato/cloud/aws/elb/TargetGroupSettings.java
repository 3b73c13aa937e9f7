package io.strato.cloud.aws.elb;

import io.strato.cloud.loadbalancer.HealthCheckSpec;
import io.strato.cloud.loadbalancer.ListenerSpec;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;

/** Pure comparisons between a listener's desired target group settings and what AWS reports. */
final class TargetGroupSettings {

  static final String TRAFFIC_PORT = "traffic-port";

  private TargetGroupSettings() {}

  /** The listener's health check, or the NLB default when it says nothing. */
  static HealthCheckSpec desiredHealthCheck(ListenerSpec listener) {
    return normalise(
        listener.healthCheck() == null ? HealthCheckSpec.tcpDefault() : listener.healthCheck());
  }

  /**
   * One form for comparison: the protocol upper-cased and the path dropped for TCP checks (AWS
   * ignores it there and may or may not echo one back).
   */
  static HealthCheckSpec normalise(HealthCheckSpec check) {
    String protocol = check.protocol() == null ? "TCP" : check.protocol().toUpperCase(Locale.ROOT);
    boolean http = protocol.equals("HTTP") || protocol.equals("HTTPS");
    return new HealthCheckSpec(
        protocol,
        check.port(),
        http ? check.path() : null,
        check.healthyThreshold(),
        check.unhealthyThreshold(),
        check.intervalSeconds(),
        check.timeoutSeconds());
  }

  static HealthCheckSpec observedHealthCheck(TargetGroup group) {
    String port = group.healthCheckPort();
    return normalise(
        new HealthCheckSpec(
            group.healthCheckProtocolAsString(),
            port == null || port.equals(TRAFFIC_PORT) ? null : Integer.valueOf(port),
            group.healthCheckPath(),
            orZero(group.healthyThresholdCount()),
            orZero(group.unhealthyThresholdCount()),
            orZero(group.healthCheckIntervalSeconds()),
            orZero(group.healthCheckTimeoutSeconds())));
  }

  /** The desired attributes whose value differs from (or is missing in) the actual ones. */
  static Map<String, String> attributeChanges(
      Map<String, String> desired, Map<String, String> actual) {
    Map<String, String> changes = new LinkedHashMap<>();
    desired.forEach(
        (key, value) -> {
          if (!value.equalsIgnoreCase(actual.getOrDefault(key, ""))) {
            changes.put(key, value);
          }
        });
    return changes;
  }

  private static int orZero(Integer value) {
    return value == null ? 0 : value;
  }
}
