package io.strato.controller.service;

import io.strato.cloud.loadbalancer.LoadBalancerAttributes;
import io.strato.cloud.loadbalancer.TargetGroupAttributes;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code service.beta.kubernetes.io/aws-load-balancer-*} annotations of one Service, parsed
 * once at the edge by {@link ServiceAnnotationParser}. Nothing downstream reads an annotation
 * string again.
 *
 * @param internal {@code -internal}: an internal scheme instead of internet-facing
 * @param subnetIds {@code -subnets}; empty means discovery by the {@code kubernetes.io/role/*} tags
 * @param sslCertificateArn {@code -ssl-cert}, or null
 * @param sslPorts {@code -ssl-ports} as written (port names or numbers); null means every port
 * @param sslPolicy {@code -ssl-negotiation-policy}, or null for the AWS default
 * @param healthCheck the {@code -healthcheck-*} overrides
 * @param attributes {@code -target-group-attributes} merged with {@code -proxy-protocol}
 * @param tags {@code -additional-resource-tags}
 * @param securityGroupIds {@code -security-groups}: replace the managed group; empty keeps it
 * @param extraSecurityGroupIds {@code -extra-security-groups}: attached alongside
 * @param targetNodeLabels {@code -target-node-labels}: only nodes with all these labels are
 *     targets; an empty value asks for the label with any value
 * @param eipAllocations {@code -eip-allocations}, one per subnet
 * @param privateIpv4Addresses {@code -private-ipv4-addresses}, one per subnet
 * @param sourceRanges {@code spec.loadBalancerSourceRanges}, else the {@code
 *     load-balancer-source-ranges} annotation; empty means everywhere
 * @param tlsToTargets {@code -backend-protocol: ssl}: TLS listeners forward over TLS too
 * @param loadBalancerAttributes {@code -cross-zone-load-balancing-enabled} and {@code
 *     -access-log-*}; a null field leaves that attribute as AWS has it
 * @param notApplied upstream annotations Strato recognises but does not apply to an NLB, each with
 *     the reason, for a Warning event: silence would let a user believe they work
 */
public record ServiceAnnotations(
    boolean internal,
    List<String> subnetIds,
    String sslCertificateArn,
    List<String> sslPorts,
    String sslPolicy,
    HealthCheckOverrides healthCheck,
    TargetGroupAttributes attributes,
    Map<String, String> tags,
    List<String> securityGroupIds,
    List<String> extraSecurityGroupIds,
    Map<String, String> targetNodeLabels,
    List<String> eipAllocations,
    List<String> privateIpv4Addresses,
    List<String> sourceRanges,
    boolean tlsToTargets,
    LoadBalancerAttributes loadBalancerAttributes,
    Map<String, String> notApplied) {

  public static final String PREFIX = "service.beta.kubernetes.io/aws-load-balancer-";

  public ServiceAnnotations {
    subnetIds = List.copyOf(subnetIds);
    sslPorts = sslPorts == null ? null : List.copyOf(sslPorts);
    tags = Map.copyOf(tags);
    securityGroupIds = List.copyOf(securityGroupIds);
    extraSecurityGroupIds = List.copyOf(extraSecurityGroupIds);
    targetNodeLabels = Map.copyOf(targetNodeLabels);
    eipAllocations = List.copyOf(eipAllocations);
    privateIpv4Addresses = List.copyOf(privateIpv4Addresses);
    sourceRanges = List.copyOf(sourceRanges);
    loadBalancerAttributes =
        loadBalancerAttributes == null ? LoadBalancerAttributes.NONE : loadBalancerAttributes;
    notApplied =
        notApplied == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(notApplied));
  }

  /**
   * The {@code -healthcheck-*} annotations; a null field keeps Strato's default for the Service's
   * traffic policy.
   *
   * @param port a port number; null for the default, {@code trafficPort} for the traffic port
   */
  public record HealthCheckOverrides(
      String protocol,
      Integer port,
      boolean trafficPort,
      String path,
      Integer intervalSeconds,
      Integer timeoutSeconds,
      Integer healthyThreshold,
      Integer unhealthyThreshold) {

    public static final HealthCheckOverrides NONE =
        new HealthCheckOverrides(null, null, false, null, null, null, null, null);
  }
}
