package io.strato.cloud.loadbalancer;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The target group attributes Strato manages; a null field is left as the cloud has it.
 *
 * @param proxyProtocolV2 {@code proxy_protocol_v2.enabled}
 * @param preserveClientIp {@code preserve_client_ip.enabled}
 * @param deregistrationDelaySeconds {@code deregistration_delay.timeout_seconds}
 */
public record TargetGroupAttributes(
    Boolean proxyProtocolV2, Boolean preserveClientIp, Integer deregistrationDelaySeconds) {

  public static final TargetGroupAttributes NONE = new TargetGroupAttributes(null, null, null);

  /** The attributes as the ELBv2 API names them, only those that are set. */
  public Map<String, String> asAwsAttributes() {
    Map<String, String> out = new LinkedHashMap<>();
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
