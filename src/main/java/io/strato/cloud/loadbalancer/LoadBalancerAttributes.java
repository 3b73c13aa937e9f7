package io.strato.cloud.loadbalancer;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Attributes of the load balancer itself (not of its target groups); a null field is left as the
 * cloud has it, so a spec that says nothing costs no call.
 *
 * @param crossZone whether each node of the load balancer spreads traffic over targets in every
 *     zone ({@code load_balancing.cross_zone.enabled})
 * @param accessLogs where access logs go, or null to leave them as they are
 */
public record LoadBalancerAttributes(Boolean crossZone, AccessLogs accessLogs) {

  public static final LoadBalancerAttributes NONE = new LoadBalancerAttributes(null, null);

  /**
   * Access logs to an S3 bucket. Disabled logs keep whatever bucket and prefix are set: AWS refuses
   * an empty bucket name, and the old ones are harmless while logging is off.
   *
   * @param bucket required when enabled
   * @param prefix may be null or empty
   */
  public record AccessLogs(boolean enabled, String bucket, String prefix) {

    public static final AccessLogs DISABLED = new AccessLogs(false, null, null);
  }

  public boolean isEmpty() {
    return crossZone == null && accessLogs == null;
  }

  /** The attributes as the ELBv2 API names them, only those that are set. */
  public Map<String, String> asAwsAttributes() {
    Map<String, String> out = new LinkedHashMap<>();
    if (crossZone != null) {
      out.put("load_balancing.cross_zone.enabled", crossZone.toString());
    }
    if (accessLogs != null) {
      out.put("access_logs.s3.enabled", Boolean.toString(accessLogs.enabled()));
      if (accessLogs.enabled()) {
        out.put("access_logs.s3.bucket", accessLogs.bucket());
        out.put("access_logs.s3.prefix", accessLogs.prefix() == null ? "" : accessLogs.prefix());
      }
    }
    return out;
  }
}
