package io.strato.controller.service;

import static io.strato.controller.service.ServiceAnnotationParser.ACCESS_LOG_BUCKET;
import static io.strato.controller.service.ServiceAnnotationParser.ACCESS_LOG_ENABLED;
import static io.strato.controller.service.ServiceAnnotationParser.ACCESS_LOG_PREFIX;
import static io.strato.controller.service.ServiceAnnotationParser.BACKEND_PROTOCOL;
import static io.strato.controller.service.ServiceAnnotationParser.CROSS_ZONE;
import static io.strato.controller.service.ServiceAnnotationParser.P;
import static io.strato.controller.service.ServiceAnnotationParser.SSL_CERT;
import static io.strato.controller.service.ServiceAnnotationParser.TG_ATTRIBUTES;

import io.strato.cloud.loadbalancer.LoadBalancerAttributes;
import java.util.Locale;
import java.util.Map;

/**
 * The upstream annotations that set an NLB's options beyond its listeners and target groups
 * (backend protocol, cross-zone load balancing, access logs), and those that only ever configured a
 * Classic Load Balancer. Whatever Strato recognises but does not apply goes into {@code
 * notApplied}, with the reason, for a Warning: never silence.
 */
final class NlbOptionAnnotations {

  /**
   * Upstream annotations that only configure a Classic Load Balancer, with why they do nothing on
   * an NLB. Strato recognises them and says so in a Warning instead of ignoring them silently.
   */
  static final Map<String, String> CLASSIC_ONLY =
      Map.of(
          P + "access-log-emit-interval",
          "NLB access logs are published every 5 minutes, fixed by AWS",
          P + "connection-draining-enabled",
          "Classic Load Balancer only; for an NLB set deregistration_delay.timeout_seconds in "
              + TG_ATTRIBUTES,
          P + "connection-draining-timeout",
          "Classic Load Balancer only; for an NLB set deregistration_delay.timeout_seconds in "
              + TG_ATTRIBUTES,
          P + "connection-idle-timeout",
          "Classic Load Balancer only; an NLB's TCP idle timeout is not set by this annotation");

  private final AnnotationReader in;
  private final Map<String, String> notApplied;

  NlbOptionAnnotations(AnnotationReader in, Map<String, String> notApplied) {
    this.in = in;
    this.notApplied = notApplied;
  }

  /** Cross-zone and access logs, Go {@code ParseBool} spellings, as upstream parses them. */
  LoadBalancerAttributes attributes() {
    return new LoadBalancerAttributes(in.goBool(CROSS_ZONE), accessLogs());
  }

  /** Names each Classic-only annotation present as not applied. */
  void classicOnly() {
    CLASSIC_ONLY.forEach(
        (key, why) -> {
          if (in.text(key) != null) {
            notApplied.put(key, why);
          }
        });
  }

  /**
   * {@code ssl} makes a TLS listener forward over TLS (upstream's NLB rule); {@code tcp} is what an
   * NLB does anyway. Anything else changes nothing on an NLB, upstream included: a Warning says so.
   */
  boolean tlsToTargets(String cert) {
    String v = in.text(BACKEND_PROTOCOL);
    if (v == null) {
      return false;
    }
    String protocol = v.toLowerCase(Locale.ROOT);
    if (protocol.equals("ssl")) {
      if (cert == null) {
        notApplied.put(
            BACKEND_PROTOCOL,
            "ssl applies to TLS listeners, and without " + SSL_CERT + " there is none");
        return false;
      }
      return true;
    }
    if (!protocol.equals("tcp")) {
      notApplied.put(
          BACKEND_PROTOCOL,
          "'" + v + "' is for Classic Load Balancers; an NLB forwards TCP, or TLS with ssl");
    }
    return false;
  }

  /**
   * Absent means "leave access logs as they are" (no call); {@code false} turns them off. A bucket
   * without {@code enabled: true} turns nothing on, as upstream: a Warning says so.
   */
  private LoadBalancerAttributes.AccessLogs accessLogs() {
    Boolean enabled = in.goBool(ACCESS_LOG_ENABLED);
    String bucket = in.text(ACCESS_LOG_BUCKET);
    String prefix = in.text(ACCESS_LOG_PREFIX);
    if (enabled == null) {
      if (bucket != null || prefix != null) {
        notApplied.put(
            bucket != null ? ACCESS_LOG_BUCKET : ACCESS_LOG_PREFIX,
            "access logs stay off without " + ACCESS_LOG_ENABLED + ": \"true\"");
      }
      return null;
    }
    if (!enabled) {
      return LoadBalancerAttributes.AccessLogs.DISABLED;
    }
    if (bucket == null) {
      in.errors()
          .add(new AnnotationError(ACCESS_LOG_ENABLED, "access logs need " + ACCESS_LOG_BUCKET));
      return null;
    }
    return new LoadBalancerAttributes.AccessLogs(true, bucket, prefix);
  }
}
