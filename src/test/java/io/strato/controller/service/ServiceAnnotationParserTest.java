package io.strato.controller.service;

import static io.strato.controller.service.Manifests.port;
import static io.strato.controller.service.Manifests.service;
import static io.strato.controller.service.ServiceAnnotationParser.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Service;
import io.strato.cloud.loadbalancer.LoadBalancerAttributes;
import io.strato.cloud.loadbalancer.TargetGroupAttributes;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceAnnotationParserTest {

  private static ParsedAnnotations parse(Map<String, String> annotations) {
    return ServiceAnnotationParser.parse(
        service("default", "web", annotations, port("http", 80, 30080), port("https", 443, 30443)));
  }

  private static ServiceAnnotations valid(Map<String, String> annotations) {
    ParsedAnnotations parsed = parse(annotations);
    assertThat(parsed).isInstanceOf(ParsedAnnotations.Valid.class);
    return ((ParsedAnnotations.Valid) parsed).annotations();
  }

  private static List<AnnotationError> invalid(Map<String, String> annotations) {
    ParsedAnnotations parsed = parse(annotations);
    assertThat(parsed).isInstanceOf(ParsedAnnotations.Invalid.class);
    return ((ParsedAnnotations.Invalid) parsed).errors();
  }

  @Test
  void noAnnotationsMeanAnInternetFacingNlbWithDefaults() {
    ServiceAnnotations a = valid(Map.of());
    assertThat(a.internal()).isFalse();
    assertThat(a.subnetIds()).isEmpty();
    assertThat(a.sslCertificateArn()).isNull();
    assertThat(a.sslPorts()).isNull();
    assertThat(a.healthCheck()).isEqualTo(ServiceAnnotations.HealthCheckOverrides.NONE);
    assertThat(a.attributes()).isEqualTo(TargetGroupAttributes.NONE);
    assertThat(a.securityGroupIds()).isEmpty();
    assertThat(a.sourceRanges()).isEmpty();
  }

  @Test
  void typeNlbIsOursExternalAndNlbIpBelongToAnotherControllerClassicIsRefused() {
    assertThat(parse(Map.of(TYPE, "nlb"))).isInstanceOf(ParsedAnnotations.Valid.class);
    assertThat(parse(Map.of(TYPE, "external")))
        .isEqualTo(new ParsedAnnotations.OtherController("external"));
    assertThat(parse(Map.of(TYPE, "nlb-ip")))
        .isEqualTo(new ParsedAnnotations.OtherController("nlb-ip"));
    ParsedAnnotations classic = parse(Map.of(TYPE, "clb"));
    assertThat(((ParsedAnnotations.Invalid) classic).reason())
        .isEqualTo("UnsupportedLoadBalancerType");
    assertThat(invalid(Map.of(TYPE, "alb")))
        .extracting(AnnotationError::annotation)
        .containsExactly(TYPE);
  }

  @Test
  void internalIsAnyValueButFalseAsUpstreamReadsIt() {
    assertThat(valid(Map.of(INTERNAL, "true")).internal()).isTrue();
    assertThat(valid(Map.of(INTERNAL, "false")).internal()).isFalse();
    assertThat(valid(Map.of(INTERNAL, "0.0.0.0/0")).internal()).isTrue();
    assertThat(valid(Map.of(INTERNAL, "yes")).internal()).isTrue();
    assertThat(valid(Map.of(INTERNAL, "FALSE")).internal())
        .as("upstream compares with \"false\" exactly")
        .isTrue();
    assertThat(valid(Map.of(INTERNAL, "")).internal()).isFalse();
  }

  @Test
  void backendProtocolSslMakesTlsTargetsOnlyWithACertificate() {
    String cert = "arn:aws:acm:us-east-1:123456789012:certificate/abc";
    ServiceAnnotations ssl = valid(Map.of(BACKEND_PROTOCOL, "ssl", SSL_CERT, cert));
    assertThat(ssl.tlsToTargets()).isTrue();
    assertThat(ssl.notApplied()).isEmpty();
    ServiceAnnotations noCert = valid(Map.of(BACKEND_PROTOCOL, "ssl"));
    assertThat(noCert.tlsToTargets()).isFalse();
    assertThat(noCert.notApplied()).containsOnlyKeys(BACKEND_PROTOCOL);
    assertThat(valid(Map.of(BACKEND_PROTOCOL, "tcp")).notApplied()).isEmpty();
    assertThat(valid(Map.of(BACKEND_PROTOCOL, "http", SSL_CERT, cert)).notApplied())
        .containsOnlyKeys(BACKEND_PROTOCOL);
  }

  @Test
  void crossZoneAndAccessLogsBecomeLoadBalancerAttributes() {
    assertThat(valid(Map.of()).loadBalancerAttributes()).isEqualTo(LoadBalancerAttributes.NONE);
    LoadBalancerAttributes on =
        valid(
                Map.of(
                    CROSS_ZONE, "true",
                    ACCESS_LOG_ENABLED, "true",
                    ACCESS_LOG_BUCKET, "logs",
                    ACCESS_LOG_PREFIX, "nlb/web"))
            .loadBalancerAttributes();
    assertThat(on.asAwsAttributes())
        .containsExactly(
            Map.entry("load_balancing.cross_zone.enabled", "true"),
            Map.entry("access_logs.s3.enabled", "true"),
            Map.entry("access_logs.s3.bucket", "logs"),
            Map.entry("access_logs.s3.prefix", "nlb/web"));
    assertThat(valid(Map.of(CROSS_ZONE, "0", ACCESS_LOG_ENABLED, "F")).loadBalancerAttributes())
        .as("Go's ParseBool spellings, as upstream parses them")
        .isEqualTo(new LoadBalancerAttributes(false, LoadBalancerAttributes.AccessLogs.DISABLED));
    assertThat(invalid(Map.of(CROSS_ZONE, "yes")))
        .extracting(AnnotationError::annotation)
        .containsExactly(CROSS_ZONE);
    assertThat(invalid(Map.of(ACCESS_LOG_ENABLED, "true")))
        .as("AWS refuses logs without a bucket: say so before any call")
        .extracting(AnnotationError::annotation)
        .containsExactly(ACCESS_LOG_ENABLED);
    ServiceAnnotations bucketOnly = valid(Map.of(ACCESS_LOG_BUCKET, "logs"));
    assertThat(bucketOnly.loadBalancerAttributes()).isEqualTo(LoadBalancerAttributes.NONE);
    assertThat(bucketOnly.notApplied()).containsOnlyKeys(ACCESS_LOG_BUCKET);
  }

  @Test
  void aPathWithATcpHealthCheckIsDroppedAsUpstreamDoesButNamed() {
    ServiceAnnotations a = valid(Map.of(HC_PROTOCOL, "TCP", HC_PATH, "/ready"));
    assertThat(a.healthCheck().path()).isNull();
    assertThat(a.notApplied()).containsOnlyKeys(HC_PATH);
  }

  @Test
  void classicOnlyAnnotationsAreNamedAsNotApplied() {
    ServiceAnnotations a =
        valid(
            Map.of(
                P + "access-log-emit-interval", "5",
                P + "connection-draining-enabled", "true",
                P + "connection-draining-timeout", "60",
                P + "connection-idle-timeout", "300"));
    assertThat(a.notApplied())
        .containsOnlyKeys(
            P + "access-log-emit-interval",
            P + "connection-draining-enabled",
            P + "connection-draining-timeout",
            P + "connection-idle-timeout");
  }

  @Test
  void subnetsAreIdsOrNames() {
    assertThat(valid(Map.of(SUBNETS, "subnet-0123abcd, subnet-4567abcd")).subnetIds())
        .containsExactly("subnet-0123abcd", "subnet-4567abcd");
    assertThat(valid(Map.of(SUBNETS, "public-a,subnet-0123abcd")).subnetIds())
        .containsExactly("public-a", "subnet-0123abcd");
    assertThat(invalid(Map.of(SUBNETS, "subnet-XYZ"))).hasSize(1);
  }

  @Test
  void sslPortsAreNamesOrNumbersOfServicePortsAndDefaultToAll() {
    String cert = "arn:aws:acm:us-east-1:123456789012:certificate/abc";
    assertThat(valid(Map.of(SSL_CERT, cert)).sslPorts()).isNull();
    assertThat(valid(Map.of(SSL_CERT, cert, SSL_PORTS, "*")).sslPorts()).isNull();
    assertThat(valid(Map.of(SSL_CERT, cert, SSL_PORTS, "https,80")).sslPorts())
        .containsExactly("https", "80");
    assertThat(invalid(Map.of(SSL_CERT, cert, SSL_PORTS, "8443")).get(0).message())
        .contains("8443");
    assertThat(invalid(Map.of(SSL_PORTS, "443")))
        .extracting(AnnotationError::annotation)
        .containsExactly(SSL_PORTS);
    assertThat(invalid(Map.of(SSL_CERT, "my-cert")))
        .extracting(AnnotationError::annotation)
        .containsExactly(SSL_CERT);
    assertThat(
            valid(Map.of(SSL_CERT, cert, SSL_POLICY, "ELBSecurityPolicy-TLS13-1-2-2021-06"))
                .sslPolicy())
        .isEqualTo("ELBSecurityPolicy-TLS13-1-2-2021-06");
  }

  @Test
  void healthCheckAnnotationsAreParsedAndRangeChecked() {
    var hc =
        valid(
                Map.of(
                    HC_PROTOCOL, "http",
                    HC_PORT, "10256",
                    HC_PATH, "/healthz",
                    HC_INTERVAL, "10",
                    HC_TIMEOUT, "6",
                    HC_HEALTHY, "2",
                    HC_UNHEALTHY, "2"))
            .healthCheck();
    assertThat(hc)
        .isEqualTo(
            new ServiceAnnotations.HealthCheckOverrides(
                "HTTP", 10256, false, "/healthz", 10, 6, 2, 2));
    assertThat(valid(Map.of(HC_PORT, "traffic-port")).healthCheck().trafficPort()).isTrue();
    assertThat(invalid(Map.of(HC_PROTOCOL, "udp")))
        .extracting(AnnotationError::annotation)
        .containsExactly(HC_PROTOCOL);
    assertThat(invalid(Map.of(HC_PORT, "70000")))
        .extracting(AnnotationError::annotation)
        .containsExactly(HC_PORT);
    assertThat(invalid(Map.of(HC_PATH, "healthz")))
        .extracting(AnnotationError::annotation)
        .containsExactly(HC_PATH);
    assertThat(invalid(Map.of(HC_INTERVAL, "1")))
        .extracting(AnnotationError::annotation)
        .containsExactly(HC_INTERVAL);
    assertThat(invalid(Map.of(HC_TIMEOUT, "x")))
        .extracting(AnnotationError::annotation)
        .containsExactly(HC_TIMEOUT);
    assertThat(invalid(Map.of(HC_HEALTHY, "11")))
        .extracting(AnnotationError::annotation)
        .containsExactly(HC_HEALTHY);
    assertThat(invalid(Map.of(HC_UNHEALTHY, "1")))
        .extracting(AnnotationError::annotation)
        .containsExactly(HC_UNHEALTHY);
  }

  @Test
  void targetGroupAttributesAndProxyProtocol() {
    assertThat(
            valid(
                    Map.of(
                        TG_ATTRIBUTES,
                        "preserve_client_ip.enabled=true,deregistration_delay.timeout_seconds=120"))
                .attributes())
        .isEqualTo(new TargetGroupAttributes(null, true, 120));
    assertThat(valid(Map.of(PROXY_PROTOCOL, "*")).attributes())
        .isEqualTo(new TargetGroupAttributes(true, null, null));
    assertThat(invalid(Map.of(PROXY_PROTOCOL, "80")))
        .extracting(AnnotationError::annotation)
        .containsExactly(PROXY_PROTOCOL);
    assertThat(
            valid(Map.of(TG_ATTRIBUTES, "stickiness.enabled=true,stickiness.type=source_ip"))
                .attributes()
                .asAwsAttributes())
        .containsEntry("stickiness.enabled", "true")
        .containsEntry("stickiness.type", "source_ip");
    assertThat(invalid(Map.of(TG_ATTRIBUTES, "stickyness.enabled=true")).get(0).message())
        .contains("not a network load balancer target group attribute");
    assertThat(invalid(Map.of(TG_ATTRIBUTES, "preserve_client_ip.enabled=maybe"))).hasSize(1);
    assertThat(invalid(Map.of(TG_ATTRIBUTES, "preserve_client_ip.enabled"))).hasSize(1);
  }

  @Test
  void additionalTagsAllowBareKeysAsDocumented() {
    assertThat(valid(Map.of(TAGS, "Key1=Val1,Key2=Val2,KeyNoVal1=,KeyNoVal2")).tags())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("Key1", "Val1", "Key2", "Val2", "KeyNoVal1", "", "KeyNoVal2", ""));
    assertThat(invalid(Map.of(TAGS, "aws:owner=me"))).hasSize(1);
  }

  @Test
  void securityGroupsNodeLabelsEipsAndPrivateIps() {
    assertThat(valid(Map.of(SECURITY_GROUPS, "sg-0123abcd")).securityGroupIds())
        .containsExactly("sg-0123abcd");
    assertThat(
            valid(Map.of(EXTRA_SECURITY_GROUPS, "sg-0123abcd,sg-4567abcd")).extraSecurityGroupIds())
        .hasSize(2);
    assertThat(invalid(Map.of(SECURITY_GROUPS, "web"))).hasSize(1);
    assertThat(valid(Map.of(TARGET_NODE_LABELS, "role=edge,zone=a")).targetNodeLabels())
        .containsExactlyInAnyOrderEntriesOf(Map.of("role", "edge", "zone", "a"));
    assertThat(valid(Map.of(TARGET_NODE_LABELS, "edge,zone=,role=web")).targetNodeLabels())
        .as("a bare key and key= ask for the label with any value, as cloud-provider-aws")
        .containsExactlyInAnyOrderEntriesOf(Map.of("edge", "", "zone", "", "role", "web"));
    assertThat(invalid(Map.of(TARGET_NODE_LABELS, "=edge"))).hasSize(1);
    assertThat(
            valid(Map.of(EIP_ALLOCATIONS, "eipalloc-0123abcd,eipalloc-4567abcd")).eipAllocations())
        .hasSize(2);
    assertThat(invalid(Map.of(EIP_ALLOCATIONS, "1.2.3.4"))).hasSize(1);
    assertThat(invalid(Map.of(EIP_ALLOCATIONS, "eipalloc-0123abcd", INTERNAL, "true"))).hasSize(1);
    assertThat(valid(Map.of(PRIVATE_IPS, "10.0.100.10", INTERNAL, "true")).privateIpv4Addresses())
        .containsExactly("10.0.100.10");
    assertThat(invalid(Map.of(PRIVATE_IPS, "10.0.100.10"))).hasSize(1);
    assertThat(invalid(Map.of(PRIVATE_IPS, "10.0.100", INTERNAL, "true"))).hasSize(1);
  }

  @Test
  void sourceRangesComeFromTheSpecFirstThenTheAnnotation() {
    assertThat(valid(Map.of(SOURCE_RANGES, "10.0.0.0/8, 192.168.1.0/24")).sourceRanges())
        .containsExactly("10.0.0.0/8", "192.168.1.0/24");
    Service s =
        service("default", "web", Map.of(SOURCE_RANGES, "10.0.0.0/8"), port("http", 80, 30080));
    s.getSpec().setLoadBalancerSourceRanges(List.of("203.0.113.0/24"));
    assertThat(
            ((ParsedAnnotations.Valid) ServiceAnnotationParser.parse(s))
                .annotations()
                .sourceRanges())
        .containsExactly("203.0.113.0/24");
    assertThat(invalid(Map.of(SOURCE_RANGES, "10.0.0.0"))).hasSize(1);
  }

  @Test
  void everyProblemIsReportedAtOnceNamingItsAnnotation() {
    assertThat(invalid(Map.of(CROSS_ZONE, "maybe", HC_PORT, "0", SECURITY_GROUPS, "x")))
        .extracting(AnnotationError::annotation)
        .containsExactlyInAnyOrder(CROSS_ZONE, HC_PORT, SECURITY_GROUPS);
  }

  @Test
  void portsNeedNodePortsAndTcpOrUdpAndOnlyTcpPlusUdpMayShareANumber() {
    Service sctp = service("default", "s", port("x", "SCTP", 80, 30080));
    assertThat(ServiceAnnotationParser.parse(sctp)).isInstanceOf(ParsedAnnotations.Invalid.class);
    Service noNodePort = service("default", "s", port("x", 80, 30080));
    noNodePort.getSpec().getPorts().get(0).setNodePort(null);
    assertThat(ServiceAnnotationParser.parse(noNodePort))
        .isInstanceOf(ParsedAnnotations.Invalid.class);
    Service dns =
        service("default", "dns", port("tcp", "TCP", 53, 30053), port("udp", "UDP", 53, 30053));
    assertThat(ServiceAnnotationParser.parse(dns)).isInstanceOf(ParsedAnnotations.Valid.class);
    Service twice = service("default", "s", port("a", 80, 30080), port("b", 80, 30081));
    assertThat(ServiceAnnotationParser.parse(twice)).isInstanceOf(ParsedAnnotations.Invalid.class);
  }
}
