package io.strato.controller.service;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.strato.cloud.loadbalancer.LoadBalancerAttributes;
import io.strato.cloud.loadbalancer.TargetGroupAttributes;
import io.strato.cloud.network.Ipv4Cidr;
import io.strato.controller.service.ServiceAnnotations.HealthCheckOverrides;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the cloud-provider-aws annotations of a Service into {@link ServiceAnnotations}, or into
 * the list of every problem found (all at once, so the user fixes them in one go). Pure: no API
 * calls, so a unit test can call it with a bare Service.
 */
public final class ServiceAnnotationParser {

  static final String P = ServiceAnnotations.PREFIX;
  public static final String TYPE = P + "type";
  public static final String INTERNAL = P + "internal";
  public static final String SUBNETS = P + "subnets";
  public static final String SSL_CERT = P + "ssl-cert";
  public static final String SSL_PORTS = P + "ssl-ports";
  public static final String SSL_POLICY = P + "ssl-negotiation-policy";
  public static final String HC_PROTOCOL = P + "healthcheck-protocol";
  public static final String HC_PORT = P + "healthcheck-port";
  public static final String HC_PATH = P + "healthcheck-path";
  public static final String HC_INTERVAL = P + "healthcheck-interval";
  public static final String HC_TIMEOUT = P + "healthcheck-timeout";
  public static final String HC_HEALTHY = P + "healthcheck-healthy-threshold";
  public static final String HC_UNHEALTHY = P + "healthcheck-unhealthy-threshold";
  public static final String TG_ATTRIBUTES = P + "target-group-attributes";
  public static final String PROXY_PROTOCOL = P + "proxy-protocol";
  public static final String TAGS = P + "additional-resource-tags";
  public static final String SECURITY_GROUPS = P + "security-groups";
  public static final String EXTRA_SECURITY_GROUPS = P + "extra-security-groups";
  public static final String TARGET_NODE_LABELS = P + "target-node-labels";
  public static final String EIP_ALLOCATIONS = P + "eip-allocations";
  public static final String PRIVATE_IPS = P + "private-ipv4-addresses";
  public static final String BACKEND_PROTOCOL = P + "backend-protocol";
  public static final String CROSS_ZONE = P + "cross-zone-load-balancing-enabled";
  public static final String ACCESS_LOG_ENABLED = P + "access-log-enabled";
  public static final String ACCESS_LOG_BUCKET = P + "access-log-s3-bucket-name";
  public static final String ACCESS_LOG_PREFIX = P + "access-log-s3-bucket-prefix";

  public static final String SOURCE_RANGES =
      "service.beta.kubernetes.io/load-balancer-source-ranges";

  private static final Pattern SUBNET_ID_OR_NAME =
      Pattern.compile("subnet-[0-9a-f]{8,17}|(?!subnet-)[^\\s,=]{1,255}");
  private static final Pattern GROUP_ID = Pattern.compile("sg-[0-9a-f]{8,17}");
  private static final Pattern EIP_ID = Pattern.compile("eipalloc-[0-9a-f]{8,17}");
  private static final Pattern ARN = Pattern.compile("arn:aws[a-z-]*:(acm|iam):[^\\s,]+");

  /** NLB target group attributes besides the three modelled ones (ELBv2 API reference). */
  private static final Set<String> PASS_THROUGH_ATTRIBUTES =
      Set.of(
          "deregistration_delay.connection_termination.enabled",
          "stickiness.enabled",
          "stickiness.type",
          "load_balancing.cross_zone.enabled",
          "target_health_state.unhealthy.connection_termination.enabled",
          "target_health_state.unhealthy.draining_interval_seconds",
          "target_group_health.dns_failover.minimum_healthy_targets.count",
          "target_group_health.dns_failover.minimum_healthy_targets.percentage",
          "target_group_health.unhealthy_state_routing.minimum_healthy_targets.count",
          "target_group_health.unhealthy_state_routing.minimum_healthy_targets.percentage");

  private static final Set<String> OTHER_CONTROLLER_TYPES = Set.of("external", "nlb-ip");
  private static final Set<String> CLASSIC_TYPES = Set.of("clb", "classic", "elb");

  private final AnnotationReader in;
  private final Service service;
  private final List<AnnotationError> errors;
  private final Map<String, String> notApplied = new LinkedHashMap<>();

  private ServiceAnnotationParser(Service service) {
    this.service = service;
    this.in = new AnnotationReader(service.getMetadata().getAnnotations());
    this.errors = in.errors();
  }

  public static ParsedAnnotations parse(Service service) {
    return new ServiceAnnotationParser(service).parse();
  }

  private ParsedAnnotations parse() {
    String type = in.text(TYPE);
    if (type != null) {
      String t = type.toLowerCase(Locale.ROOT);
      if (OTHER_CONTROLLER_TYPES.contains(t)) {
        return new ParsedAnnotations.OtherController(t);
      }
      if (CLASSIC_TYPES.contains(t)) {
        return new ParsedAnnotations.Invalid(
            "UnsupportedLoadBalancerType",
            List.of(
                new AnnotationError(
                    TYPE,
                    "classic load balancers are not supported by Strato; remove the annotation or"
                        + " set it to nlb")));
      }
      if (!t.equals("nlb")) {
        errors.add(new AnnotationError(TYPE, "'" + type + "' is not one of nlb, external, nlb-ip"));
      }
    }
    boolean internal = internal();
    // IDs or names (the Name tag), as cloud-provider-aws accepts them; the provider resolves names.
    List<String> subnets = in.ids(SUBNETS, SUBNET_ID_OR_NAME, "subnet IDs or names");
    String cert = in.text(SSL_CERT);
    if (cert != null && !ARN.matcher(cert).matches()) {
      errors.add(
          new AnnotationError(SSL_CERT, "'" + cert + "' is not an ACM or IAM certificate ARN"));
    }
    List<String> sslPorts = sslPorts(cert);
    HealthCheckOverrides healthCheck = healthCheck();
    TargetGroupAttributes attributes = attributes();
    Map<String, String> tags = tags();
    List<String> groups = in.ids(SECURITY_GROUPS, GROUP_ID, "security group IDs");
    List<String> extraGroups = in.ids(EXTRA_SECURITY_GROUPS, GROUP_ID, "security group IDs");
    // A bare key or key= means "any value", as cloud-provider-aws reads it (EligibleNodes).
    Map<String, String> nodeLabels = in.pairs(TARGET_NODE_LABELS, true);
    List<String> eips = in.ids(EIP_ALLOCATIONS, EIP_ID, "Elastic IP allocation IDs");
    List<String> privateIps = privateIps();
    if (!eips.isEmpty() && !privateIps.isEmpty()) {
      errors.add(new AnnotationError(EIP_ALLOCATIONS, "cannot be combined with " + PRIVATE_IPS));
    }
    if (!eips.isEmpty() && internal) {
      errors.add(new AnnotationError(EIP_ALLOCATIONS, "Elastic IPs need an internet-facing NLB"));
    }
    if (!privateIps.isEmpty() && !internal) {
      errors.add(new AnnotationError(PRIVATE_IPS, "private IPv4 addresses need an internal NLB"));
    }
    List<String> sourceRanges = sourceRanges();
    NlbOptionAnnotations options = new NlbOptionAnnotations(in, notApplied);
    boolean tlsToTargets = options.tlsToTargets(cert);
    LoadBalancerAttributes loadBalancerAttributes = options.attributes();
    options.classicOnly();
    portsSupported();
    if (!errors.isEmpty()) {
      return new ParsedAnnotations.Invalid("InvalidAnnotation", errors);
    }
    return new ParsedAnnotations.Valid(
        new ServiceAnnotations(
            internal,
            subnets,
            cert,
            sslPorts,
            in.text(SSL_POLICY),
            healthCheck,
            attributes,
            tags,
            groups,
            extraGroups,
            nodeLabels,
            eips,
            privateIps,
            sourceRanges,
            tlsToTargets,
            loadBalancerAttributes,
            notApplied));
  }

  /**
   * As cloud-provider-aws reads it: only the exact value {@code false} (or none) means
   * internet-facing; anything else, {@code true} or the {@code 0.0.0.0/0} the in-tree provider once
   * documented included, means internal. Refusing other values would break manifests that work
   * upstream, and erring towards internal never exposes a Service by surprise.
   */
  private boolean internal() {
    String v = in.text(INTERNAL);
    return v != null && !v.equals("false");
  }

  private List<String> sslPorts(String cert) {
    List<String> ports = in.list(SSL_PORTS);
    if (ports.isEmpty() || ports.contains("*")) {
      return null;
    }
    if (cert == null) {
      errors.add(new AnnotationError(SSL_PORTS, "names TLS ports but " + SSL_CERT + " is not set"));
    }
    List<ServicePort> declared = declaredPorts();
    for (String p : ports) {
      boolean known =
          declared.stream()
              .anyMatch(sp -> p.equals(sp.getName()) || p.equals(String.valueOf(sp.getPort())));
      if (!known) {
        errors.add(
            new AnnotationError(
                SSL_PORTS, "'" + p + "' is neither the name nor the number of a Service port"));
      }
    }
    return ports;
  }

  private HealthCheckOverrides healthCheck() {
    String protocol = in.text(HC_PROTOCOL);
    if (protocol != null) {
      protocol = protocol.toUpperCase(Locale.ROOT);
      if (!Set.of("TCP", "HTTP", "HTTPS").contains(protocol)) {
        errors.add(
            new AnnotationError(
                HC_PROTOCOL, "'" + in.text(HC_PROTOCOL) + "' is not TCP, HTTP or HTTPS"));
      }
    }
    String portText = in.text(HC_PORT);
    boolean trafficPort = "traffic-port".equals(portText);
    Integer port = trafficPort ? null : in.integer(HC_PORT, 1, 65535);
    String path = in.text(HC_PATH);
    if (path != null && !path.startsWith("/")) {
      errors.add(new AnnotationError(HC_PATH, "'" + path + "' must start with /"));
    }
    if (path != null && "TCP".equals(protocol)) {
      // Upstream drops the path of a TCP check; so does Strato, but out loud.
      notApplied.put(HC_PATH, "a TCP health check has no path; set " + HC_PROTOCOL + " to HTTP");
      path = null;
    }
    return new HealthCheckOverrides(
        protocol,
        port,
        trafficPort,
        path,
        in.integer(HC_INTERVAL, 5, 300),
        in.integer(HC_TIMEOUT, 2, 120),
        in.integer(HC_HEALTHY, 2, 10),
        in.integer(HC_UNHEALTHY, 2, 10));
  }

  /**
   * The target group attributes of an NLB: the three Strato models by type, and the other NLB
   * attributes passed through by name (AWS checks their values; a refusal becomes the condition). A
   * name that is no NLB target group attribute is refused here, so a typo never silently does
   * nothing.
   */
  private TargetGroupAttributes attributes() {
    Map<String, String> pairs = in.pairs(TG_ATTRIBUTES, false);
    Boolean proxy = null;
    Boolean preserve = null;
    Integer delay = null;
    Map<String, String> others = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : pairs.entrySet()) {
      switch (e.getKey()) {
        case "proxy_protocol_v2.enabled" ->
            proxy = in.bool(TG_ATTRIBUTES, e.getKey(), e.getValue());
        case "preserve_client_ip.enabled" ->
            preserve = in.bool(TG_ATTRIBUTES, e.getKey(), e.getValue());
        case "deregistration_delay.timeout_seconds" -> delay = seconds(e.getKey(), e.getValue());
        default -> {
          if (PASS_THROUGH_ATTRIBUTES.contains(e.getKey())) {
            others.put(e.getKey(), e.getValue());
          } else {
            errors.add(
                new AnnotationError(
                    TG_ATTRIBUTES,
                    "'" + e.getKey() + "' is not a network load balancer target group attribute"));
          }
        }
      }
    }
    String proxyProtocol = in.text(PROXY_PROTOCOL);
    if (proxyProtocol != null) {
      if (!proxyProtocol.equals("*")) {
        errors.add(
            new AnnotationError(PROXY_PROTOCOL, "only '*' (every target group) is supported"));
      } else if (proxy == null) {
        proxy = true;
      }
    }
    return new TargetGroupAttributes(proxy, preserve, delay, others);
  }

  private Map<String, String> tags() {
    Map<String, String> tags = in.pairs(TAGS, true);
    for (Map.Entry<String, String> e : tags.entrySet()) {
      if (e.getKey().length() > 128 || e.getValue().length() > 256) {
        errors.add(new AnnotationError(TAGS, "tag '" + e.getKey() + "' is longer than AWS allows"));
      }
      if (e.getKey().toLowerCase(Locale.ROOT).startsWith("aws:")) {
        errors.add(new AnnotationError(TAGS, "tag keys starting with aws: are reserved by AWS"));
      }
    }
    return tags;
  }

  private List<String> privateIps() {
    List<String> ips = in.list(PRIVATE_IPS);
    for (String ip : ips) {
      if (!Ipv4Cidr.isAddress(ip)) {
        errors.add(new AnnotationError(PRIVATE_IPS, "'" + ip + "' is not an IPv4 address"));
      }
    }
    return ips;
  }

  /** The spec field wins over the older annotation, as in Kubernetes' own service helpers. */
  private List<String> sourceRanges() {
    List<String> fromSpec = service.getSpec().getLoadBalancerSourceRanges();
    boolean useSpec = fromSpec != null && !fromSpec.isEmpty();
    String where = useSpec ? "spec.loadBalancerSourceRanges" : SOURCE_RANGES;
    List<String> ranges =
        useSpec ? fromSpec.stream().map(String::trim).toList() : in.list(SOURCE_RANGES);
    for (String r : ranges) {
      if (!Ipv4Cidr.isCidr(r)) {
        errors.add(new AnnotationError(where, "'" + r + "' is not an IPv4 CIDR"));
      }
    }
    return ranges;
  }

  /** Instance targets need a NodePort per Service port; an NLB has no SCTP listeners. */
  private void portsSupported() {
    List<ServicePort> ports = declaredPorts();
    if (ports.isEmpty()) {
      errors.add(new AnnotationError("spec.ports", "a load balancer needs at least one port"));
    }
    for (int i = 0; i < ports.size(); i++) {
      ServicePort p = ports.get(i);
      String protocol = p.getProtocol() == null ? "TCP" : p.getProtocol();
      if (!protocol.equals("TCP") && !protocol.equals("UDP")) {
        errors.add(
            new AnnotationError("spec.ports[" + i + "]", protocol + " is not supported by NLB"));
      }
      if (p.getNodePort() == null || p.getNodePort() == 0) {
        errors.add(
            new AnnotationError(
                "spec.ports[" + i + "]",
                "has no nodePort (allocateLoadBalancerNodePorts: false needs IP targets, which"
                    + " Strato does not offer yet)"));
      }
      for (int j = 0; j < i; j++) {
        ServicePort q = ports.get(j);
        if (q.getPort().equals(p.getPort()) && !tcpAndUdpPair(p, q)) {
          errors.add(
              new AnnotationError(
                  "spec.ports[" + i + "]",
                  "port "
                      + p.getPort()
                      + " is also spec.ports["
                      + j
                      + "]; one NLB listener serves a port only as TCP plus UDP on one NodePort"));
        }
      }
    }
  }

  private static boolean tcpAndUdpPair(ServicePort a, ServicePort b) {
    String pa = a.getProtocol() == null ? "TCP" : a.getProtocol();
    String pb = b.getProtocol() == null ? "TCP" : b.getProtocol();
    return !pa.equals(pb) && java.util.Objects.equals(a.getNodePort(), b.getNodePort());
  }

  private List<ServicePort> declaredPorts() {
    List<ServicePort> ports = service.getSpec().getPorts();
    return ports == null ? List.of() : ports;
  }

  private Integer seconds(String name, String value) {
    try {
      int n = Integer.parseInt(value);
      if (n >= 0 && n <= 3600) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    errors.add(
        new AnnotationError(TG_ATTRIBUTES, name + "='" + value + "' is not 0 to 3600 seconds"));
    return null;
  }
}
