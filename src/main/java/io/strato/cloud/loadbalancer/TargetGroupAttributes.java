package io.strato.cloud.loadbalancer;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The target group attributes Strato manages; a null field is left as the cloud has it.
 *
 * @param proxyProtocolV2 {@code proxy_protocol_v2.enabled}
 * @param preserveClientIp {@code preserve_client_ip.enabled}
 * @param deregistrationDelaySeconds {@code deregistration_delay.timeout_seconds}
 * @param others further attributes by their ELBv2 names (e.g. {@code stickiness.enabled}), passed
 *     through as given: Kubernetes manifests name them that way, and a typed field for each would
 *     lag behind AWS
 */
public record TargetGroupAttributes(
    Boolean proxyProtocolV2,
    Boolean preserveClientIp,
    Integer deregistrationDelaySeconds,
    Map<String, String> others) {

  public static final TargetGroupAttributes NONE = new TargetGroupAttributes(null, null, null);

  public TargetGroupAttributes {
    others = others == null ? Map.of() : Map.copyOf(others);
  }

  /** The shape before pass-through attributes; existing callers keep compiling. */
  public TargetGroupAttributes(
      Boolean proxyProtocolV2, Boolean preserveClientIp, Integer deregistrationDelaySeconds) {
    this(proxyProtocolV2, preserveClientIp, deregistrationDelaySeconds, Map.of());
  }

  /** The attributes as the ELBv2 API names them, only those that are set. */
  public Map<String, String> asAwsAttributes() {
    Map<String, String> out = new LinkedHashMap<>(new java.util.TreeMap<>(others));
    if (proxyProtocolV2 != null) {
      out.put("proxy_protocol_v2.enabled", proxyProtocolV2.toString());
    }
    if (preserveClientIp != null) {
      out.put("preserve_client_ip.enabled", preserveClientIp.toString());
    }
    if (deregistrationDelaySeconds != null) {
      out.put("deregistration_delay.timeout_seconds", deregistrationDelaySeconds.toString());
    }
    return out;
  }
}
