package io.strato.cloud.aws.elb;

import io.strato.cloud.loadbalancer.HealthCheckSpec;
import io.strato.cloud.loadbalancer.ListenerProtocol;
import io.strato.cloud.loadbalancer.ListenerSpec;
import io.strato.cloud.loadbalancer.LoadBalancerSpec;
import io.strato.cloud.loadbalancer.Scheme;
import io.strato.cloud.loadbalancer.SubnetSelection;
import io.strato.cloud.loadbalancer.Target;
import io.strato.cloud.loadbalancer.TargetGroupAttributes;
import io.strato.cloud.loadbalancer.TargetType;
import java.util.List;
import java.util.Map;

/** Compact builders for load balancer specs in tests. */
final class Specs {

  static final String CERT = "arn:aws:iam::123456789012:server-certificate/test";

  private Specs() {}

  static ListenerSpec tcp(int port, int targetPort) {
    return new ListenerSpec(
        port, ListenerProtocol.TCP, targetPort, null, null, null, TargetGroupAttributes.NONE);
  }

  static ListenerSpec udp(int port, int targetPort) {
    return new ListenerSpec(
        port, ListenerProtocol.UDP, targetPort, null, null, null, TargetGroupAttributes.NONE);
  }

  static ListenerSpec tls(int port, int targetPort) {
    return new ListenerSpec(
        port, ListenerProtocol.TLS, targetPort, CERT, null, null, TargetGroupAttributes.NONE);
  }

  static ListenerSpec withHealthCheck(ListenerSpec l, HealthCheckSpec check) {
    return new ListenerSpec(
        l.port(),
        l.protocol(),
        l.targetPort(),
        l.certificateArn(),
        l.sslPolicy(),
        check,
        l.attributes());
  }

  static ListenerSpec withAttributes(ListenerSpec l, TargetGroupAttributes attributes) {
    return new ListenerSpec(
        l.port(),
        l.protocol(),
        l.targetPort(),
        l.certificateArn(),
        l.sslPolicy(),
        l.healthCheck(),
        attributes);
  }

  static ListenerSpec withSslPolicy(ListenerSpec l, String policy) {
    return new ListenerSpec(
        l.port(),
        l.protocol(),
        l.targetPort(),
        l.certificateArn(),
        policy,
        l.healthCheck(),
        l.attributes());
  }

  static LoadBalancerSpec spec(String name, Scheme scheme, List<ListenerSpec> listeners) {
    return new LoadBalancerSpec(
        name,
        scheme,
        SubnetSelection.discover(null),
        List.of(),
        List.of(),
        listeners,
        TargetType.INSTANCE,
        List.of(),
        null,
        Map.of());
  }

  static LoadBalancerSpec with(
      LoadBalancerSpec s,
      SubnetSelection subnets,
      List<String> securityGroups,
      List<String> sourceRanges,
      List<Target> targets,
      String asg,
      Map<String, String> tags) {
    return new LoadBalancerSpec(
        s.name(),
        s.scheme(),
        subnets,
        securityGroups,
        sourceRanges,
        s.listeners(),
        s.targetType(),
        targets,
        asg,
        tags);
  }

  static LoadBalancerSpec withListeners(LoadBalancerSpec s, List<ListenerSpec> listeners) {
    return new LoadBalancerSpec(
        s.name(),
        s.scheme(),
        s.subnets(),
        s.securityGroupIds(),
        s.sourceRanges(),
        listeners,
        s.targetType(),
        s.targets(),
        s.attachToAutoScalingGroup(),
        s.tags());
  }

  static LoadBalancerSpec withTargetType(LoadBalancerSpec s, TargetType type) {
    return new LoadBalancerSpec(
        s.name(),
        s.scheme(),
        s.subnets(),
        s.securityGroupIds(),
        s.sourceRanges(),
        s.listeners(),
        type,
        s.targets(),
        s.attachToAutoScalingGroup(),
        s.tags());
  }
}
