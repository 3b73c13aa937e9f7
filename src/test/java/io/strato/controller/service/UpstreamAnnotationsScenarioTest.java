package io.strato.controller.service;

import static io.strato.controller.service.Manifests.node;
import static io.strato.controller.service.Manifests.port;
import static io.strato.controller.service.Manifests.service;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.strato.cloud.aws.elb.AwsLoadBalancers;
import io.strato.testsupport.AwsAccount;
import io.strato.testsupport.MockApi;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;

/**
 * The cloud-provider-aws Service annotations that no other scenario reads back from the emulator,
 * each as a Service on the mock Kubernetes API reconciled into moto: the rows of
 * docs/ccm-conformance.md that say "same" point here.
 */
@EnableKubernetesMockClient(crud = true)
class UpstreamAnnotationsScenarioTest {

  static KubernetesClient client;

  private static final String CLUSTER = "c1";
  private static int namespaces;

  private String ns;
  private String instance;
  private ServiceReconciler reconciler;

  @BeforeEach
  void freshClusterAndAccount() {
    ns = "upstream-" + ++namespaces;
    MockApi.removeServicesAndNodes(client);
    instance = AwsAccount.freshAccountWithInstances(CLUSTER, 1).get(0);
    reconciler =
        new ServiceReconciler(
            client,
            new ApiServerReads(client),
            new AwsLoadBalancers(AwsAccount.clients()),
            new ServiceControllerSettings(CLUSTER, "strato.io/nlb", Duration.ofSeconds(1)),
            Clock.systemUTC(),
            new AppliedTargets(),
            () -> {});
    client.nodes().resource(node("n1", instance)).create();
  }

  @Test
  void sslNegotiationPolicyGoesOnTheTlsListenersOnly() throws Exception {
    LoadBalancer lb =
        active(
            "tls",
            Map.of(
                ServiceAnnotationParser.SSL_CERT,
                "arn:aws:iam::123456789012:server-certificate/test",
                ServiceAnnotationParser.SSL_PORTS,
                "443",
                ServiceAnnotationParser.SSL_POLICY,
                "ELBSecurityPolicy-TLS13-1-2-2021-06"),
            port("http", 80, 30080),
            port("https", 443, 30443));

    List<Listener> listeners = listeners(lb);
    assertThat(listeners)
        .filteredOn(l -> l.port() == 443)
        .singleElement()
        .satisfies(
            l -> {
              assertThat(l.protocolAsString()).isEqualTo("TLS");
              assertThat(l.sslPolicy()).isEqualTo("ELBSecurityPolicy-TLS13-1-2-2021-06");
            });
    assertThat(listeners)
        .filteredOn(l -> l.port() == 80)
        .singleElement()
        .satisfies(l -> assertThat(l.protocolAsString()).isEqualTo("TCP"));
  }

  @Test
  void aHealthCheckPortNumberAndTimeoutAreTheTargetGroupsHealthCheck() throws Exception {
    LoadBalancer lb =
        active(
            "hc",
            Map.of(
                ServiceAnnotationParser.HC_PROTOCOL, "http",
                ServiceAnnotationParser.HC_PORT, "31999",
                ServiceAnnotationParser.HC_PATH, "/live",
                ServiceAnnotationParser.HC_TIMEOUT, "6"),
            port("http", 80, 30080));

    assertThat(AwsAccount.targetGroups(lb.loadBalancerArn()))
        .singleElement()
        .satisfies(
            g -> {
              assertThat(g.healthCheckPort()).isEqualTo("31999");
              assertThat(g.healthCheckProtocolAsString()).isEqualTo("HTTP");
              assertThat(g.healthCheckPath()).isEqualTo("/live");
              assertThat(g.healthCheckTimeoutSeconds()).isEqualTo(6);
            });
  }

  @Test
  void proxyProtocolStarTurnsOnProxyProtocolV2OnEveryTargetGroup() throws Exception {
    LoadBalancer lb =
        active(
            "proxy",
            Map.of(ServiceAnnotationParser.PROXY_PROTOCOL, "*"),
            port("http", 80, 30080),
            port("https", 443, 30443));

    List<TargetGroup> groups = AwsAccount.targetGroups(lb.loadBalancerArn());
    assertThat(groups).hasSize(2);
    for (TargetGroup g : groups) {
      assertThat(attributes(g)).containsEntry("proxy_protocol_v2.enabled", "true");
    }
  }

  @Test
  void securityGroupsReplaceTheManagedGroup() throws Exception {
    String vpc =
        AwsAccount.aws()
            .ec2()
            .describeInstances(r -> r.instanceIds(instance))
            .reservations()
            .get(0)
            .instances()
            .get(0)
            .vpcId();
    String own =
        AwsAccount.aws()
            .ec2()
            .createSecurityGroup(r -> r.groupName("users-nlb").description("u").vpcId(vpc))
            .groupId();

    LoadBalancer lb =
        active(
            "own-sg",
            Map.of(ServiceAnnotationParser.SECURITY_GROUPS, own),
            port("http", 80, 30080));

    assertThat(lb.securityGroups()).containsExactly(own);
  }

  @Test
  void aLocalServiceIsHealthCheckedOverHttpOnItsHealthCheckNodePort() throws Exception {
    // As upstream: with externalTrafficPolicy Local only nodes with a ready endpoint should get
    // traffic, and kube-proxy answers /healthz on the health check NodePort to say which.
    Service local =
        new ServiceBuilder(service(ns, "local", Map.of(), port("http", 80, 30080)))
            .editSpec()
            .withExternalTrafficPolicy("Local")
            .withHealthCheckNodePort(32100)
            .endSpec()
            .build();

    LoadBalancer lb = active(local);

    assertThat(AwsAccount.targetGroups(lb.loadBalancerArn()))
        .singleElement()
        .satisfies(
            g -> {
              assertThat(g.healthCheckProtocolAsString()).isEqualTo("HTTP");
              assertThat(g.healthCheckPort()).isEqualTo("32100");
              assertThat(g.healthCheckPath()).isEqualTo("/healthz");
            });
  }

  private LoadBalancer active(
      String name,
      Map<String, String> annotations,
      io.fabric8.kubernetes.api.model.ServicePort... ports)
      throws Exception {
    return active(service(ns, name, annotations, ports));
  }

  private LoadBalancer active(Service service) throws Exception {
    String name = service.getMetadata().getName();
    Service s = new ServiceBuilder(service).editMetadata().withNamespace(ns).endMetadata().build();
    client.services().inNamespace(ns).resource(s).create();
    for (int i = 0; i < 5; i++) {
      if (reconciler.reconcile(ns + "/" + name).requeue().isEmpty()) {
        break;
      }
    }
    Service after = client.services().inNamespace(ns).withName(name).get();
    assertThat(ServiceStatusWriter.current(after).getReason()).isEqualTo("Active");
    return AwsAccount.loadBalancer(ServiceLoadBalancerDesired.name(after));
  }

  private static List<Listener> listeners(LoadBalancer lb) {
    return AwsAccount.aws()
        .elb()
        .describeListeners(r -> r.loadBalancerArn(lb.loadBalancerArn()))
        .listeners();
  }

  private static Map<String, String> attributes(TargetGroup g) {
    return AwsAccount.aws()
        .elb()
        .describeTargetGroupAttributes(r -> r.targetGroupArn(g.targetGroupArn()))
        .attributes()
        .stream()
        .collect(Collectors.toMap(a -> a.key(), a -> a.value()));
  }
}
