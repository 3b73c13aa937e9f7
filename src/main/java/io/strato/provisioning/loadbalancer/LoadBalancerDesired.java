package io.strato.provisioning.loadbalancer;

import io.strato.cloud.CloudNames;
import io.strato.cloud.loadbalancer.HealthCheckSpec;
import io.strato.cloud.loadbalancer.ListenerProtocol;
import io.strato.cloud.loadbalancer.ListenerSpec;
import io.strato.cloud.loadbalancer.LoadBalancerSpec;
import io.strato.cloud.loadbalancer.Scheme;
import io.strato.cloud.loadbalancer.SubnetSelection;
import io.strato.cloud.loadbalancer.Target;
import io.strato.cloud.loadbalancer.TargetGroupAttributes;
import io.strato.cloud.loadbalancer.TargetIngress;
import io.strato.cloud.loadbalancer.TargetType;
import io.strato.provisioning.loadbalancer.LoadBalancerSpecDto.HealthCheckDto;
import io.strato.provisioning.loadbalancer.LoadBalancerSpecDto.ListenerDto;
import java.util.List;

/**
 * The pure "compute desired" step: from a validated REST spec (and the resolved node group, if any)
 * to the provider-neutral spec, with every default applied here and nowhere else.
 */
public final class LoadBalancerDesired {

  /** AWS's current recommended TLS policy for NLBs. */
  public static final String DEFAULT_SSL_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06";

  private LoadBalancerDesired() {}

  /**
   * @param autoScalingGroup the Auto Scaling group of the referenced node group, or null
   */
  public static LoadBalancerSpec compute(
      String name, String uid, LoadBalancerSpecDto spec, String autoScalingGroup) {
    Scheme scheme = "internal".equals(spec.scheme()) ? Scheme.INTERNAL : Scheme.INTERNET_FACING;
    SubnetSelection subnets =
        spec.subnetIds() == null || spec.subnetIds().isEmpty()
            ? SubnetSelection.discover(spec.vpcId())
            : SubnetSelection.ids(spec.subnetIds());
    TargetType targetType =
        spec.targets() != null && "ip".equals(spec.targets().type())
            ? TargetType.IP
            : TargetType.INSTANCE;
    List<Target> targets =
        spec.targets() == null || spec.targets().ids() == null
            ? List.of()
            : spec.targets().ids().stream().map(Target::new).toList();
    LoadBalancerSpec desired =
        new LoadBalancerSpec(
            CloudNames.loadBalancer(name, uid),
            scheme,
            subnets,
            spec.securityGroups(),
            spec.sourceRanges(),
            spec.listeners().stream().map(LoadBalancerDesired::listener).toList(),
            targetType,
            targets,
            autoScalingGroup,
            spec.tags());
    // A node group's instances get the load balancer's traffic only if their own security group
    // admits it: Strato opens it, as it knows the ports. Explicit targets stay the user's business.
    return autoScalingGroup == null
        ? desired
        : desired.withTargetIngress(TargetIngress.LOAD_BALANCER_GROUP);
  }

  static ListenerSpec listener(ListenerDto l) {
    ListenerProtocol protocol =
        l.protocol() == null ? ListenerProtocol.TCP : ListenerProtocol.valueOf(l.protocol());
    return new ListenerSpec(
        l.port(),
        protocol,
        l.targetPort() == null ? l.port() : l.targetPort(),
        l.certificateArn(),
        protocol == ListenerProtocol.TLS
            ? (l.sslPolicy() == null ? DEFAULT_SSL_POLICY : l.sslPolicy())
            : null,
        healthCheck(l.healthCheck()),
        l.attributes() == null
            ? TargetGroupAttributes.NONE
            : new TargetGroupAttributes(
                l.attributes().proxyProtocolV2(),
                l.attributes().preserveClientIp(),
                l.attributes().deregistrationDelaySeconds()));
  }

  static HealthCheckSpec healthCheck(HealthCheckDto hc) {
    HealthCheckSpec d = HealthCheckSpec.tcpDefault();
    if (hc == null) {
      return d;
    }
    String protocol = hc.protocol() == null ? d.protocol() : hc.protocol();
    String path = "TCP".equals(protocol) ? null : (hc.path() == null ? "/" : hc.path());
    return new HealthCheckSpec(
        protocol,
        hc.port(),
        path,
        hc.healthyThreshold() == null ? d.healthyThreshold() : hc.healthyThreshold(),
        hc.unhealthyThreshold() == null ? d.unhealthyThreshold() : hc.unhealthyThreshold(),
        hc.intervalSeconds() == null ? d.intervalSeconds() : hc.intervalSeconds(),
        hc.timeoutSeconds() == null ? d.timeoutSeconds() : hc.timeoutSeconds());
  }
}
