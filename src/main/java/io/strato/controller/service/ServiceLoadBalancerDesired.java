package io.strato.controller.service;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.strato.cloud.CloudNames;
import io.strato.cloud.Ownership;
import io.strato.cloud.loadbalancer.HealthCheckSpec;
import io.strato.cloud.loadbalancer.ListenerProtocol;
import io.strato.cloud.loadbalancer.ListenerSpec;
import io.strato.cloud.loadbalancer.LoadBalancerSpec;
import io.strato.cloud.loadbalancer.Scheme;
import io.strato.cloud.loadbalancer.SubnetAddresses;
import io.strato.cloud.loadbalancer.SubnetSelection;
import io.strato.cloud.loadbalancer.Target;
import io.strato.cloud.loadbalancer.TargetType;
import io.strato.controller.service.ServiceAnnotations.HealthCheckOverrides;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a Service's load balancer should look like: a pure function of the Service, its parsed
 * annotations and the instance targets. One listener and one target group per Service port, each
 * forwarding to the port's NodePort.
 */
public final class ServiceLoadBalancerDesired {

  /**
   * The tag cloud-provider-aws writes on a Service's load balancer and target groups, value {@code
   * <namespace>/<name>}; tools (and people) search for it.
   */
  public static final String SERVICE_NAME_TAG = "kubernetes.io/service-name";

  /** kube-proxy answers {@code /healthz} on the health check NodePort of a Local Service. */
  static final String KUBE_PROXY_HEALTH_PATH = "/healthz";

  /**
   * kube-proxy's own health server ({@code --healthz-bind-address}, default {@code 0.0.0.0:10256})
   * on every node: it answers {@code /healthz} whether the node forwards Service traffic, and since
   * Kubernetes 1.28 (KEP-3836) fails while the node is being deleted, so the NLB drains it first.
   */
  static final int KUBE_PROXY_HEALTHZ_PORT = 10256;

  private ServiceLoadBalancerDesired() {}

  public static String name(Service service) {
    return CloudNames.loadBalancer(
        service.getMetadata().getNamespace() + "-" + service.getMetadata().getName(),
        service.getMetadata().getUid());
  }

  public static Ownership ownership(Service service, String clusterId) {
    return new Ownership(
        service.getMetadata().getUid(),
        "Service",
        service.getMetadata().getNamespace() + "/" + service.getMetadata().getName(),
        clusterId);
  }

  public static LoadBalancerSpec spec(
      Service service, ServiceAnnotations annotations, List<Target> targets) {
    return new LoadBalancerSpec(
        name(service),
        annotations.internal() ? Scheme.INTERNAL : Scheme.INTERNET_FACING,
        annotations.subnetIds().isEmpty()
            ? SubnetSelection.discover(null)
            : SubnetSelection.ids(annotations.subnetIds()),
        annotations.securityGroupIds(),
        annotations.sourceRanges(),
        listeners(service, annotations),
        TargetType.INSTANCE,
        targets,
        null,
        tags(service, annotations),
        annotations.extraSecurityGroupIds(),
        new SubnetAddresses(annotations.eipAllocations(), annotations.privateIpv4Addresses()),
        List.of(),
        annotations.loadBalancerAttributes(),
        null);
  }

  /** The user's tags, then the Service's name tag, which a user tag cannot change. */
  static Map<String, String> tags(Service service, ServiceAnnotations annotations) {
    Map<String, String> tags = new LinkedHashMap<>(annotations.tags());
    tags.put(
        SERVICE_NAME_TAG,
        service.getMetadata().getNamespace() + "/" + service.getMetadata().getName());
    return tags;
  }

  /**
   * A TCP and a UDP port with the same number share one TCP_UDP listener (an NLB allows one
   * listener per port); they must then share the NodePort too, which the parser cannot know.
   */
  static List<ListenerSpec> listeners(Service service, ServiceAnnotations annotations) {
    Map<Integer, ListenerSpec> byPort = new LinkedHashMap<>();
    for (ServicePort port : service.getSpec().getPorts()) {
      ListenerProtocol protocol = protocol(port, annotations);
      ListenerSpec existing = byPort.get(port.getPort());
      if (existing != null) {
        byPort.put(port.getPort(), merged(service, annotations, existing, port, protocol));
        continue;
      }
      boolean tls = protocol == ListenerProtocol.TLS;
      byPort.put(
          port.getPort(),
          new ListenerSpec(
              port.getPort(),
              protocol,
              port.getNodePort(),
              tls ? annotations.sslCertificateArn() : null,
              tls ? annotations.sslPolicy() : null,
              healthCheck(service, annotations.healthCheck(), protocol),
              annotations.attributes(),
              tls && annotations.tlsToTargets()));
    }
    return new ArrayList<>(byPort.values());
  }

  private static ListenerProtocol protocol(ServicePort port, ServiceAnnotations annotations) {
    if ("UDP".equals(port.getProtocol())) {
      return ListenerProtocol.UDP;
    }
    boolean tls =
        annotations.sslCertificateArn() != null
            && (annotations.sslPorts() == null
                || annotations.sslPorts().contains(String.valueOf(port.getPort()))
                || (port.getName() != null && annotations.sslPorts().contains(port.getName())));
    return tls ? ListenerProtocol.TLS : ListenerProtocol.TCP;
  }

  private static ListenerSpec merged(
      Service service,
      ServiceAnnotations annotations,
      ListenerSpec existing,
      ServicePort port,
      ListenerProtocol p) {
    boolean tcpAndUdp =
        (existing.protocol() == ListenerProtocol.TCP && p == ListenerProtocol.UDP)
            || (existing.protocol() == ListenerProtocol.UDP && p == ListenerProtocol.TCP);
    if (!tcpAndUdp || existing.targetPort() != port.getNodePort()) {
      throw new IllegalArgumentException(
          "port "
              + port.getPort()
              + " is declared twice with protocols or NodePorts one listener cannot serve");
    }
    return new ListenerSpec(
        existing.port(),
        ListenerProtocol.TCP_UDP,
        existing.targetPort(),
        null,
        null,
        // The TCP side answers on the traffic port whichever of the two ports came first.
        healthCheck(service, annotations.healthCheck(), ListenerProtocol.TCP_UDP),
        existing.attributes());
  }

  /**
   * With {@code externalTrafficPolicy: Local} only nodes running a ready endpoint may receive
   * traffic, and kube-proxy tells which over HTTP on the health check NodePort; otherwise any node
   * forwards, so a TCP check on the traffic port suffices, except for a UDP listener: a UDP
   * NodePort answers no TCP handshake, so every node would be unhealthy. There, unless the
   * annotations name a protocol or port, the check asks kube-proxy's health server ({@code
   * http://<node>:10256/healthz}), as cloud-provider-aws does for every non-Local Service in its
   * {@code ClusterServiceLoadBalancerHealthProbeMode: Shared}. Annotations override any default.
   */
  static HealthCheckSpec healthCheck(
      Service service, HealthCheckOverrides o, ListenerProtocol listener) {
    boolean local = "Local".equals(service.getSpec().getExternalTrafficPolicy());
    Integer nodePort = service.getSpec().getHealthCheckNodePort();
    boolean userChose = o.protocol() != null || o.port() != null || o.trafficPort();
    HealthCheckSpec tcp = HealthCheckSpec.tcpDefault();
    HealthCheckSpec base =
        local && nodePort != null
            ? new HealthCheckSpec("HTTP", nodePort, KUBE_PROXY_HEALTH_PATH, 2, 2, 10, 6)
            : listener == ListenerProtocol.UDP && !userChose
                ? new HealthCheckSpec(
                    "HTTP",
                    KUBE_PROXY_HEALTHZ_PORT,
                    KUBE_PROXY_HEALTH_PATH,
                    tcp.healthyThreshold(),
                    tcp.unhealthyThreshold(),
                    tcp.intervalSeconds(),
                    tcp.timeoutSeconds())
                : tcp;
    String protocol = o.protocol() != null ? o.protocol() : base.protocol();
    Integer port = o.trafficPort() ? null : o.port() != null ? o.port() : base.port();
    boolean http = !protocol.equals("TCP");
    String path = http ? (o.path() != null ? o.path() : orDefault(base.path())) : null;
    return new HealthCheckSpec(
        protocol,
        port,
        path,
        o.healthyThreshold() != null ? o.healthyThreshold() : base.healthyThreshold(),
        o.unhealthyThreshold() != null ? o.unhealthyThreshold() : base.unhealthyThreshold(),
        o.intervalSeconds() != null ? o.intervalSeconds() : base.intervalSeconds(),
        o.timeoutSeconds() != null ? o.timeoutSeconds() : base.timeoutSeconds());
  }

  private static String orDefault(String path) {
    return path != null ? path : "/";
  }
}
