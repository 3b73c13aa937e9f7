package io.strato.controller.service;

import static io.strato.controller.service.Manifests.node;
import static io.strato.controller.service.Manifests.port;
import static io.strato.controller.service.Manifests.service;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Taint;
import io.strato.cloud.CloudNames;
import io.strato.cloud.loadbalancer.HealthCheckSpec;
import io.strato.cloud.loadbalancer.ListenerProtocol;
import io.strato.cloud.loadbalancer.ListenerSpec;
import io.strato.cloud.loadbalancer.LoadBalancerSpec;
import io.strato.cloud.loadbalancer.Scheme;
import io.strato.cloud.loadbalancer.Target;
import io.strato.cloud.loadbalancer.TargetType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceLoadBalancerDesiredTest {

  private static final String CERT = "arn:aws:acm:us-east-1:123456789012:certificate/abc";

  private static LoadBalancerSpec spec(Service s, List<Target> targets) {
    return ServiceLoadBalancerDesired.spec(
        s, ((ParsedAnnotations.Valid) ServiceAnnotationParser.parse(s)).annotations(), targets);
  }

  @Test
  void oneListenerPerPortOnItsNodePortWithInstanceTargets() {
    Service s = service("shop", "web", port("http", 80, 30080), port("https", 443, 30443));
    LoadBalancerSpec spec = spec(s, List.of(new Target("i-0123456789abcdef0")));

    assertThat(spec.name()).isEqualTo(CloudNames.loadBalancer("shop-web", "uid-shop-web"));
    assertThat(spec.scheme()).isEqualTo(Scheme.INTERNET_FACING);
    assertThat(spec.subnets().discovered()).isTrue();
    assertThat(spec.targetType()).isEqualTo(TargetType.INSTANCE);
    assertThat(spec.managesSecurityGroup()).isTrue();
    assertThat(spec.listeners())
        .extracting(ListenerSpec::port, ListenerSpec::protocol, ListenerSpec::targetPort)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(80, ListenerProtocol.TCP, 30080),
            org.assertj.core.groups.Tuple.tuple(443, ListenerProtocol.TCP, 30443));
    assertThat(spec.listeners().get(0).healthCheck()).isEqualTo(HealthCheckSpec.tcpDefault());
    assertThat(spec.targets()).containsExactly(new Target("i-0123456789abcdef0"));
    assertThat(ServiceLoadBalancerDesired.ownership(s, "c1").tags())
        .containsEntry("kubernetes.io/cluster/c1", "owned")
        .containsEntry("strato.io/resource", "Service/shop/web");
  }

  @Test
  void sslPortsGetTlsWithTheCertificateAndPolicyOthersStayTcp() {
    Service s =
        service(
            "shop",
            "web",
            Map.of(
                ServiceAnnotationParser.SSL_CERT, CERT,
                ServiceAnnotationParser.SSL_PORTS, "https",
                ServiceAnnotationParser.SSL_POLICY, "ELBSecurityPolicy-TLS13-1-2-2021-06"),
            port("http", 80, 30080),
            port("https", 443, 30443));
    List<ListenerSpec> listeners = spec(s, List.of()).listeners();
    assertThat(listeners.get(0).protocol()).isEqualTo(ListenerProtocol.TCP);
    assertThat(listeners.get(0).certificateArn()).isNull();
    assertThat(listeners.get(1).protocol()).isEqualTo(ListenerProtocol.TLS);
    assertThat(listeners.get(1).certificateArn()).isEqualTo(CERT);
    assertThat(listeners.get(1).sslPolicy()).isEqualTo("ELBSecurityPolicy-TLS13-1-2-2021-06");
  }

  @Test
  void aCertificateWithoutSslPortsMakesEveryTcpPortTls() {
    Service s =
        service(
            "shop",
            "web",
            Map.of(ServiceAnnotationParser.SSL_CERT, CERT),
            port("http", 80, 30080),
            port("dns", "UDP", 53, 30053));
    assertThat(spec(s, List.of()).listeners())
        .extracting(ListenerSpec::protocol)
        .containsExactly(ListenerProtocol.TLS, ListenerProtocol.UDP);
  }

  @Test
  void tcpAndUdpOnOnePortShareATcpUdpListener() {
    Service s =
        service("kube-system", "dns", port("tcp", "TCP", 53, 30053), port("udp", "UDP", 53, 30053));
    assertThat(spec(s, List.of()).listeners())
        .singleElement()
        .extracting(ListenerSpec::protocol, ListenerSpec::targetPort)
        .containsExactly(ListenerProtocol.TCP_UDP, 30053);
  }

  @Test
  void localTrafficPolicyChecksKubeProxyOnTheHealthCheckNodePort() {
    Service s = service("shop", "web", port("http", 80, 30080));
    s.getSpec().setExternalTrafficPolicy("Local");
    s.getSpec().setHealthCheckNodePort(32000);
    HealthCheckSpec check = spec(s, List.of()).listeners().get(0).healthCheck();
    assertThat(check.protocol()).isEqualTo("HTTP");
    assertThat(check.port()).isEqualTo(32000);
    assertThat(check.path()).isEqualTo("/healthz");
  }

  /**
   * A UDP NodePort answers no TCP handshake: with Cluster traffic the check asks kube-proxy's
   * health server instead, as upstream's Shared probe mode does; a TCP port keeps its TCP check,
   * and so does a port that is TCP and UDP at once (its TCP side answers).
   */
  @Test
  void clusterTrafficOverUdpChecksKubeProxysHealthServerInsteadOfTcpOnTheNodePort() {
    Service s =
        service(
            "shop",
            "dns",
            port("dns", "UDP", 53, 30053),
            port("metrics", "TCP", 9153, 30153),
            port("both-udp", "UDP", 5353, 30535),
            port("both-tcp", "TCP", 5353, 30535));
    List<ListenerSpec> listeners = spec(s, List.of()).listeners();

    assertThat(listeners.get(0).healthCheck())
        .isEqualTo(new HealthCheckSpec("HTTP", 10256, "/healthz", 3, 3, 30, 10));
    assertThat(listeners.get(1).healthCheck()).isEqualTo(HealthCheckSpec.tcpDefault());
    assertThat(listeners.get(2).protocol()).isEqualTo(ListenerProtocol.TCP_UDP);
    assertThat(listeners.get(2).healthCheck()).isEqualTo(HealthCheckSpec.tcpDefault());
  }

  @Test
  void aUdpServiceWhoseAnnotationsNameAHealthCheckGetsThatOne() {
    Service s =
        service(
            "shop",
            "dns",
            Map.of(ServiceAnnotationParser.HC_PORT, "8080"),
            port("dns", "UDP", 53, 30053));
    assertThat(spec(s, List.of()).listeners().get(0).healthCheck())
        .isEqualTo(new HealthCheckSpec("TCP", 8080, null, 3, 3, 30, 10));

    Service local = service("shop", "dns-local", port("dns", "UDP", 53, 30053));
    local.getSpec().setExternalTrafficPolicy("Local");
    local.getSpec().setHealthCheckNodePort(32000);
    assertThat(spec(local, List.of()).listeners().get(0).healthCheck().port())
        .as("Local traffic keeps kube-proxy's per-Service health check NodePort")
        .isEqualTo(32000);
  }

  @Test
  void healthCheckAnnotationsOverrideTheDefaults() {
    Service s =
        service(
            "shop",
            "web",
            Map.of(
                ServiceAnnotationParser.HC_PROTOCOL, "HTTP",
                ServiceAnnotationParser.HC_PATH, "/ready",
                ServiceAnnotationParser.HC_PORT, "traffic-port",
                ServiceAnnotationParser.HC_INTERVAL, "10",
                ServiceAnnotationParser.HC_HEALTHY, "2",
                ServiceAnnotationParser.HC_UNHEALTHY, "2"),
            port("http", 80, 30080));
    assertThat(spec(s, List.of()).listeners().get(0).healthCheck())
        .isEqualTo(new HealthCheckSpec("HTTP", null, "/ready", 2, 2, 10, 10));
  }

  @Test
  void schemeSubnetsGroupsRangesAndTagsComeFromTheAnnotations() {
    Service s =
        service(
            "shop",
            "web",
            Map.of(
                ServiceAnnotationParser.INTERNAL, "true",
                ServiceAnnotationParser.SUBNETS, "subnet-0123abcd",
                ServiceAnnotationParser.SECURITY_GROUPS, "sg-0123abcd",
                ServiceAnnotationParser.SOURCE_RANGES, "10.0.0.0/8",
                ServiceAnnotationParser.TAGS, "team=shop"),
            port("http", 80, 30080));
    LoadBalancerSpec spec = spec(s, List.of());
    assertThat(spec.scheme()).isEqualTo(Scheme.INTERNAL);
    assertThat(spec.subnets().subnetIds()).containsExactly("subnet-0123abcd");
    assertThat(spec.securityGroupIds()).containsExactly("sg-0123abcd");
    assertThat(spec.sourceRanges()).containsExactly("10.0.0.0/8");
    assertThat(spec.tags()).containsEntry("team", "shop");
  }

  @Test
  void eligibleNodesFollowUpstreamsStableNodeSet() {
    Node tainted = node("f", "i-0000000000000000f");
    tainted
        .getSpec()
        .setTaints(List.of(new Taint("NoSchedule", EligibleNodes.TO_BE_DELETED_TAINT, null, "1")));
    Node deleting = node("g", "i-00000000000000001");
    deleting.getMetadata().setDeletionTimestamp("2026-01-01T00:00:00Z");
    var nodes =
        List.of(
            node("a", "i-0000000000000000a"),
            node("b", "i-0000000000000000b", false, Map.of()),
            node("c", "i-0000000000000000c", true, Map.of(EligibleNodes.EXCLUDE_LABEL, "")),
            node("d", "i-0000000000000000d", true, Map.of("role", "edge")),
            node("e", null),
            tainted,
            deleting,
            node("h", "i-00000000000000002", true, Map.of(EligibleNodes.EXCLUDE_LABEL, "false")),
            node("i", "i-00000000000000003", true, Map.of(EligibleNodes.EXCLUDE_LABEL, "True")),
            node("j", "i-00000000000000004", true, Map.of(EligibleNodes.EXCLUDE_LABEL, "0")),
            node("k", "i-00000000000000005", true, Map.of(EligibleNodes.EXCLUDE_LABEL, "no")));
    assertThat(Manifests.ids(EligibleNodes.targets(nodes, Map.of())))
        .as("NotReady stays; excluded unless the label parses as false (Go's ParseBool)")
        .containsExactly(
            "i-00000000000000002",
            "i-00000000000000004",
            "i-0000000000000000a",
            "i-0000000000000000b",
            "i-0000000000000000d");
    assertThat(Manifests.ids(EligibleNodes.targets(nodes, Map.of("role", "edge"))))
        .containsExactly("i-0000000000000000d");
    assertThat(Manifests.ids(EligibleNodes.targets(nodes, Map.of("role", ""))))
        .as("an empty required value asks for the label with any value")
        .containsExactly("i-0000000000000000d");
    assertThat(EligibleNodes.instanceId("aws:///us-east-1a/i-0123456789abcdef0"))
        .contains("i-0123456789abcdef0");
    assertThat(EligibleNodes.instanceId("aws:///i-0123456789abcdef0"))
        .contains("i-0123456789abcdef0");
    assertThat(EligibleNodes.instanceId("gce://p/z/n")).isEmpty();
  }
}
