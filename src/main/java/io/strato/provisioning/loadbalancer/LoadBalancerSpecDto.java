package io.strato.provisioning.loadbalancer;

import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The REST spec of a network load balancer, as a user writes it. Optional fields are null here and
 * take their defaults in {@link LoadBalancerDesired}.
 */
@Schema(name = "LoadBalancerSpec", description = "A network load balancer with its listeners")
public record LoadBalancerSpecDto(
    @Schema(description = "internet-facing (default) or internal", defaultValue = "internet-facing")
        String scheme,
    @Schema(
            description =
                "Subnet IDs, at most one per zone. When empty, subnets are discovered by the tags"
                    + " kubernetes.io/role/elb (internet-facing) or"
                    + " kubernetes.io/role/internal-elb (internal), one per zone")
        List<String> subnetIds,
    @Schema(description = "Narrows subnet discovery to one VPC") String vpcId,
    @Schema(description = "Discover only subnets tagged kubernetes.io/cluster/<clusterId>")
        String clusterId,
    @Schema(
            description =
                "Existing security groups. When empty, Strato creates and owns one that opens the"
                    + " listener ports to sourceRanges")
        List<String> securityGroups,
    @Schema(description = "CIDRs allowed in by the managed security group; default 0.0.0.0/0")
        List<String> sourceRanges,
    @Schema(required = true) List<ListenerDto> listeners,
    TargetsDto targets,
    @Schema(description = "Extra AWS tags on every resource") Map<String, String> tags) {

  @Schema(name = "Listener")
  public record ListenerDto(
      @Schema(required = true, minimum = "1", maximum = "65535") Integer port,
      @Schema(description = "TCP (default), UDP, TCP_UDP or TLS") String protocol,
      @Schema(description = "Port on the targets; default: the listener port") Integer targetPort,
      @Schema(description = "ACM or IAM certificate ARN; required for TLS") String certificateArn,
      @Schema(description = "TLS security policy; default ELBSecurityPolicy-TLS13-1-2-2021-06")
          String sslPolicy,
      HealthCheckDto healthCheck,
      AttributesDto attributes) {}

  @Schema(name = "HealthCheck")
  public record HealthCheckDto(
      @Schema(description = "TCP (default), HTTP or HTTPS") String protocol,
      @Schema(description = "Port to probe; default: the traffic port") Integer port,
      @Schema(description = "HTTP(S) path; default /") String path,
      @Schema(minimum = "2", maximum = "10") Integer healthyThreshold,
      @Schema(minimum = "2", maximum = "10") Integer unhealthyThreshold,
      @Schema(minimum = "5", maximum = "300") Integer intervalSeconds,
      @Schema(minimum = "2", maximum = "120") Integer timeoutSeconds) {}

  @Schema(name = "TargetGroupAttributes")
  public record AttributesDto(
      Boolean proxyProtocolV2,
      Boolean preserveClientIp,
      @Schema(minimum = "0", maximum = "3600") Integer deregistrationDelaySeconds) {}

  @Schema(name = "Targets")
  public record TargetsDto(
      @Schema(description = "instance (default) or ip") String type,
      @Schema(description = "Instance IDs or IPv4 addresses registered in every target group")
          List<String> ids,
      @Schema(description = "A node group whose instances become targets") String nodeGroup) {}
}
