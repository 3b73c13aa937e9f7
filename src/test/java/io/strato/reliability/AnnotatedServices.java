package io.strato.reliability;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.ec2.model.Instance;

/**
 * The campaign's LoadBalancer Services, shaped like a real cluster's: spread over namespaces, one
 * to three ports, and the {@code aws-load-balancer-*} annotations users rely on in a repeating mix
 * (internal scheme, HTTP health checks, kube-proxy health checks for {@code Local} traffic, target
 * group attributes, proxy protocol, extra tags, source ranges).
 */
final class AnnotatedServices {

  private static final String A = "service.beta.kubernetes.io/aws-load-balancer-";
  private static final List<String> NAMESPACES = List.of("shop", "payments", "search", "media");

  private AnnotatedServices() {}

  static String namespace(int i) {
    return NAMESPACES.get(i % NAMESPACES.size());
  }

  static String name(int i) {
    return "svc-" + i;
  }

  static Service service(int i) {
    Map<String, String> annotations = new LinkedHashMap<>();
    if (i % 5 == 0) {
      annotations.put(A + "internal", "true");
    }
    if (i % 4 == 1) {
      annotations.put(A + "healthcheck-protocol", "HTTP");
      annotations.put(A + "healthcheck-path", "/healthz");
      annotations.put(A + "healthcheck-interval", "10");
      annotations.put(A + "healthcheck-healthy-threshold", "3");
      annotations.put(A + "healthcheck-unhealthy-threshold", "3");
    }
    if (i % 7 == 3) {
      annotations.put(A + "additional-resource-tags", "team=checkout,cost-center=42");
    }
    if (i % 8 == 5) {
      annotations.put(
          A + "target-group-attributes",
          "deregistration_delay.timeout_seconds=30,preserve_client_ip.enabled=true");
    }
    if (i % 9 == 4) {
      annotations.put(A + "proxy-protocol", "*");
    }
    List<ServicePort> ports = new ArrayList<>();
    ports.add(port("http", 80, 30000 + i * 3));
    if (i % 3 >= 1) {
      ports.add(port("https", 443, 30001 + i * 3));
    }
    if (i % 3 == 2) {
      ports.add(port("metrics", 9090, 30002 + i * 3));
    }
    boolean local = i % 6 == 2;
    var spec =
        new ServiceBuilder()
            .withNewMetadata()
            .withNamespace(namespace(i))
            .withName(name(i))
            .withAnnotations(annotations)
            .endMetadata()
            .withNewSpec()
            .withType("LoadBalancer")
            .withPorts(ports)
            .withSelector(Map.of("app", name(i)))
            .withExternalTrafficPolicy(local ? "Local" : "Cluster")
            .withHealthCheckNodePort(local ? 31000 + i : null)
            .withLoadBalancerSourceRanges(i % 10 == 7 ? List.of("10.0.0.0/8") : List.of())
            .endSpec();
    return spec.build();
  }

  /** How many Services carry each feature, for the campaign's print-out. */
  static Map<String, Integer> mix(int services) {
    Map<String, Integer> mix = new TreeMap<>();
    for (int i = 0; i < services; i++) {
      Service s = service(i);
      mix.merge(s.getSpec().getPorts().size() + " port(s)", 1, Integer::sum);
      s.getMetadata()
          .getAnnotations()
          .keySet()
          .forEach(k -> mix.merge(k.substring(A.length()), 1, Integer::sum));
      if ("Local".equals(s.getSpec().getExternalTrafficPolicy())) {
        mix.merge("externalTrafficPolicy=Local", 1, Integer::sum);
      }
      if (!s.getSpec().getLoadBalancerSourceRanges().isEmpty()) {
        mix.merge("loadBalancerSourceRanges", 1, Integer::sum);
      }
    }
    return mix;
  }

  static int ports(int services) {
    int n = 0;
    for (int i = 0; i < services; i++) {
      n += service(i).getSpec().getPorts().size();
    }
    return n;
  }

  static Node node(String name, Instance instance) {
    return new NodeBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withNewSpec()
        .withProviderID(
            "aws:///" + instance.placement().availabilityZone() + "/" + instance.instanceId())
        .endSpec()
        .withNewStatus()
        .addNewCondition()
        .withType("Ready")
        .withStatus("True")
        .endCondition()
        .addNewAddress()
        .withType("InternalIP")
        .withAddress(instance.privateIpAddress())
        .endAddress()
        .endStatus()
        .build();
  }

  private static ServicePort port(String name, int port, int nodePort) {
    return new ServicePortBuilder()
        .withName(name)
        .withProtocol("TCP")
        .withPort(port)
        .withNodePort(nodePort)
        .build();
  }
}
