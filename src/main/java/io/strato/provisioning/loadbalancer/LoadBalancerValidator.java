package io.strato.provisioning.loadbalancer;

import io.strato.provisioning.loadbalancer.LoadBalancerSpecDto.AttributesDto;
import io.strato.provisioning.loadbalancer.LoadBalancerSpecDto.HealthCheckDto;
import io.strato.provisioning.loadbalancer.LoadBalancerSpecDto.ListenerDto;
import io.strato.provisioning.loadbalancer.LoadBalancerSpecDto.TargetsDto;
import io.strato.provisioning.validation.CommonRules;
import io.strato.provisioning.validation.FieldError;
import io.strato.provisioning.validation.Validation;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks a load balancer spec against what AWS would accept, before any cloud call, so a mistake is
 * a 422 naming the field instead of a failed reconcile minutes later.
 */
public final class LoadBalancerValidator {

  /** NLB quota: listeners per load balancer. */
  static final int MAX_LISTENERS = 50;

  static final Set<String> SCHEMES = Set.of("internet-facing", "internal");
  static final Set<String> PROTOCOLS = Set.of("TCP", "UDP", "TCP_UDP", "TLS");
  static final Set<String> HEALTH_PROTOCOLS = Set.of("TCP", "HTTP", "HTTPS");
  static final Set<String> TARGET_TYPES = Set.of("instance", "ip");

  private LoadBalancerValidator() {}

  public static List<FieldError> validate(String name, LoadBalancerSpecDto spec) {
    Validation v = new Validation();
    CommonRules.name(v, name, "metadata.name");
    if (!v.require(spec, "spec")) {
      return v.errors();
    }
    if (spec.scheme() != null) {
      v.check(
          SCHEMES.contains(spec.scheme()), "spec.scheme", "must be internet-facing or internal");
    }
    CommonRules.awsIds(v, spec.subnetIds(), "subnet", "spec.subnetIds");
    if (spec.vpcId() != null) {
      CommonRules.awsId(v, spec.vpcId(), "vpc", "spec.vpcId");
    }
    if (spec.clusterId() != null) {
      CommonRules.name(v, spec.clusterId(), "spec.clusterId");
    }
    CommonRules.awsIds(v, spec.securityGroups(), "sg", "spec.securityGroups");
    if (spec.securityGroups() != null) {
      v.check(spec.securityGroups().size() <= 5, "spec.securityGroups", "at most 5 groups");
    }
    sourceRanges(v, spec);
    listeners(v, spec.listeners());
    targets(v, spec.targets());
    CommonRules.tags(v, spec.tags(), "spec.tags");
    return v.errors();
  }

  private static void sourceRanges(Validation v, LoadBalancerSpecDto spec) {
    if (spec.sourceRanges() == null) {
      return;
    }
    v.check(
        spec.securityGroups() == null || spec.securityGroups().isEmpty(),
        "spec.sourceRanges",
        "applies to the managed security group only; leave securityGroups empty or drop it");
    v.check(spec.sourceRanges().size() <= 50, "spec.sourceRanges", "at most 50 ranges");
    for (int i = 0; i < spec.sourceRanges().size(); i++) {
      CommonRules.ipv4Cidr(v, spec.sourceRanges().get(i), "spec.sourceRanges[" + i + "]");
    }
  }

  private static void listeners(Validation v, List<ListenerDto> listeners) {
    if (!v.require(listeners, "spec.listeners")) {
      return;
    }
    if (!v.check(!listeners.isEmpty(), "spec.listeners", "needs at least one listener")) {
      return;
    }
    if (!v.check(
        listeners.size() <= MAX_LISTENERS,
        "spec.listeners",
        "at most " + MAX_LISTENERS + " listeners per network load balancer")) {
      return;
    }
    Set<Integer> ports = new HashSet<>();
    for (int i = 0; i < listeners.size(); i++) {
      String f = "spec.listeners[" + i + "]";
      ListenerDto l = listeners.get(i);
      if (!v.require(l, f)) {
        continue;
      }
      if (v.require(l.port(), f + ".port") && v.range(l.port(), 1, 65535, f + ".port")) {
        v.check(ports.add(l.port()), f + ".port", "port " + l.port() + " is used twice");
      }
      v.range(l.targetPort(), 1, 65535, f + ".targetPort");
      String protocol = l.protocol() == null ? "TCP" : l.protocol();
      v.check(
          PROTOCOLS.contains(protocol), f + ".protocol", "must be one of TCP, UDP, TCP_UDP, TLS");
      if ("TLS".equals(protocol)) {
        if (v.require(l.certificateArn(), f + ".certificateArn")) {
          v.check(
              l.certificateArn().matches("arn:aws[a-z-]*:(acm|iam):[a-z0-9-]*:\\d{12}:\\S{1,1900}"),
              f + ".certificateArn",
              "must be an ACM or IAM certificate ARN");
        }
        if (l.sslPolicy() != null) {
          v.check(
              l.sslPolicy().matches("ELBSecurityPolicy-[A-Za-z0-9-]{1,100}"),
              f + ".sslPolicy",
              "must name an ELBSecurityPolicy-* policy");
        }
      } else {
        v.check(l.certificateArn() == null, f + ".certificateArn", "applies to TLS listeners only");
        v.check(l.sslPolicy() == null, f + ".sslPolicy", "applies to TLS listeners only");
      }
      healthCheck(v, l.healthCheck(), f + ".healthCheck");
      if ("UDP".equals(protocol)) {
        // AWS health-checks a UDP target group over TCP, HTTP or HTTPS, by default on the traffic
        // port, where a UDP-only service answers nothing: every target would stay unhealthy.
        // There is no port that answers on every target, so the user names one.
        v.check(
            l.healthCheck() != null && l.healthCheck().port() != null,
            f + ".healthCheck.port",
            "a UDP listener needs a health check port that answers TCP (or HTTP with"
                + " healthCheck.protocol); AWS cannot probe UDP, and the traffic port answers no TCP");
      }
      attributes(v, l.attributes(), protocol, f + ".attributes");
    }
  }

  private static void healthCheck(Validation v, HealthCheckDto hc, String f) {
    if (hc == null) {
      return;
    }
    String protocol = hc.protocol() == null ? "TCP" : hc.protocol();
    v.check(HEALTH_PROTOCOLS.contains(protocol), f + ".protocol", "must be TCP, HTTP or HTTPS");
    v.range(hc.port(), 1, 65535, f + ".port");
    if (hc.path() != null) {
      v.check(!"TCP".equals(protocol), f + ".path", "applies to HTTP and HTTPS checks only");
      v.check(
          hc.path().startsWith("/") && hc.path().length() <= 1024 && !hc.path().contains(" "),
          f + ".path",
          "must start with / and hold no spaces (at most 1024 characters)");
    }
    v.range(hc.healthyThreshold(), 2, 10, f + ".healthyThreshold");
    v.range(hc.unhealthyThreshold(), 2, 10, f + ".unhealthyThreshold");
    v.range(hc.intervalSeconds(), 5, 300, f + ".intervalSeconds");
    v.range(hc.timeoutSeconds(), 2, 120, f + ".timeoutSeconds");
    if (hc.intervalSeconds() != null && hc.timeoutSeconds() != null) {
      v.check(
          hc.timeoutSeconds() < hc.intervalSeconds(),
          f + ".timeoutSeconds",
          "must be shorter than intervalSeconds");
    }
  }

  private static void attributes(Validation v, AttributesDto a, String protocol, String f) {
    if (a == null) {
      return;
    }
    v.range(a.deregistrationDelaySeconds(), 0, 3600, f + ".deregistrationDelaySeconds");
    if (Boolean.TRUE.equals(a.proxyProtocolV2())) {
      v.check(
          !"UDP".equals(protocol) && !"TCP_UDP".equals(protocol),
          f + ".proxyProtocolV2",
          "is not supported on UDP listeners");
    }
    if (Boolean.FALSE.equals(a.preserveClientIp())) {
      // ELB keeps the client address on UDP and TCP_UDP target groups and refuses to turn it off.
      v.check(
          !"UDP".equals(protocol) && !"TCP_UDP".equals(protocol),
          f + ".preserveClientIp",
          "cannot be disabled for UDP and TCP_UDP listeners");
    }
  }

  private static void targets(Validation v, TargetsDto t) {
    if (t == null) {
      return;
    }
    String type = t.type() == null ? "instance" : t.type();
    if (!v.check(TARGET_TYPES.contains(type), "spec.targets.type", "must be instance or ip")) {
      return;
    }
    if (t.ids() != null) {
      v.check(t.ids().size() <= 500, "spec.targets.ids", "at most 500 targets");
      for (int i = 0; i < t.ids().size(); i++) {
        String f = "spec.targets.ids[" + i + "]";
        if ("ip".equals(type)) {
          CommonRules.ipv4(v, t.ids().get(i), f);
        } else {
          CommonRules.awsId(v, t.ids().get(i), "i", f);
        }
      }
    }
    if (t.nodeGroup() != null) {
      CommonRules.name(v, t.nodeGroup(), "spec.targets.nodeGroup");
      v.check(
          "instance".equals(type),
          "spec.targets.nodeGroup",
          "node group attachment registers instances: use targets.type instance");
    }
  }
}
