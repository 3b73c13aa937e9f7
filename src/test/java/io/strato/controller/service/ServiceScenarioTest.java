package io.strato.controller.service;

import static io.strato.controller.service.Manifests.node;
import static io.strato.controller.service.Manifests.port;
import static io.strato.controller.service.Manifests.service;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.strato.cloud.aws.elb.AwsLoadBalancers;
import io.strato.reconcile.Result;
import io.strato.testsupport.AwsAccount;
import io.strato.testsupport.MockApi;
import io.strato.testsupport.MotoServer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.CreateLoadBalancerRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;

/**
 * Given Services and Nodes in a Kubernetes API (the Fabric8 mock in CRUD mode) and instances in
 * moto, the service controller's reconcilers leave this in AWS and this on the Service.
 */
@EnableKubernetesMockClient(crud = true)
class ServiceScenarioTest {

  static KubernetesClient client;

  static final String CLUSTER = "c1";
  static final ServiceControllerSettings SETTINGS =
      new ServiceControllerSettings(CLUSTER, "strato.io/nlb", Duration.ofSeconds(1));

  private static int namespaces;

  private String ns;
  private List<String> instances;
  private AppliedTargets applied;
  private ServiceReconciler reconciler;
  private NodeTargetSync nodeSync;
  private final List<String> handedToReconcile = new ArrayList<>();

  @BeforeEach
  void freshClusterAndAccount() {
    ns = "test-" + ++namespaces; // Services with finalizers outlive a test: never share a namespace
    MockApi.removeServicesAndNodes(client);
    instances = AwsAccount.freshAccountWithInstances(CLUSTER, 3);
    applied = new AppliedTargets();
    AwsLoadBalancers loadBalancers = new AwsLoadBalancers(AwsAccount.clients());
    reconciler =
        new ServiceReconciler(
            client,
            new ApiServerReads(client),
            loadBalancers,
            SETTINGS,
            Clock.systemUTC(),
            applied,
            () -> {});
    nodeSync =
        new NodeTargetSync(
            new ApiServerReads(client),
            loadBalancers,
            SETTINGS,
            applied,
            new ServiceEvents(client, Clock.systemUTC()),
            handedToReconcile::add);
  }

  private void nodes(Node... nodes) {
    for (Node n : nodes) {
      client.nodes().resource(n).create();
    }
  }

  private Service create(Service s) {
    Service copy =
        new io.fabric8.kubernetes.api.model.ServiceBuilder(s)
            .editMetadata()
            .withNamespace(ns)
            .endMetadata()
            .build();
    return client.services().inNamespace(ns).resource(copy).create();
  }

  private Service get(String name) {
    return client.services().inNamespace(ns).withName(name).get();
  }

  /** Reconciles until the engine would stop requeueing (an NLB turns active on a later look). */
  private Result settle(String name) throws Exception {
    Result result = null;
    for (int i = 0; i < 5; i++) {
      result = reconciler.reconcile(ns + "/" + name);
      if (result.requeue().isEmpty()) {
        return result;
      }
    }
    return result;
  }

  /**
   * Reconciles a Service the cloud refuses: the refusal goes to the engine (which retries with
   * backoff) and answers it.
   */
  private io.strato.cloud.CloudException.InvalidRequest refused(String name) {
    try {
      reconciler.reconcile(ns + "/" + name);
    } catch (io.strato.cloud.CloudException.InvalidRequest e) {
      return e;
    } catch (Exception e) {
      throw new AssertionError("expected a refusal by the cloud, got " + e, e);
    }
    throw new AssertionError("expected a refusal by the cloud, the reconcile succeeded");
  }

  private List<String> eventReasons(String name) {
    return client.v1().events().inNamespace(ns).list().getItems().stream()
        .filter(e -> e.getInvolvedObject().getName().equals(name))
        .map(Event::getReason)
        .toList();
  }

  private List<Event> events(String name) {
    return client.v1().events().inNamespace(ns).list().getItems().stream()
        .filter(e -> e.getInvolvedObject().getName().equals(name))
        .toList();
  }

  private static Condition condition(Service s) {
    return ServiceStatusWriter.current(s);
  }

  private String lbName(String name) {
    return ServiceLoadBalancerDesired.name(get(name));
  }

  @Test
  void aLoadBalancerServiceGetsAnNlbWithAListenerAndTargetGroupPerPort() throws Exception {
    nodes(
        node("n1", instances.get(0)),
        node("n2", instances.get(1)),
        node("n3", instances.get(2), false, Map.of()));
    create(service(ns, "web", port("http", 80, 30080), port("https", 443, 30443)));

    reconciler.reconcile(ns + "/web");
    System.out.println(
        "AWS calls for one Service create (first reconcile): "
            + AwsAccount.calls()
            + " total "
            + AwsAccount.totalCalls());
    AwsAccount.resetCalls();
    settle("web");
    System.out.println(
        "AWS calls for the follow-up reconcile(s) until active: " + AwsAccount.calls());

    Service web = get("web");
    LoadBalancer lb = AwsAccount.loadBalancer(lbName("web"));
    assertThat(lb.typeAsString()).isEqualTo("network");
    assertThat(lb.schemeAsString()).isEqualTo("internet-facing");
    List<TargetGroup> groups = AwsAccount.targetGroups(lb.loadBalancerArn());
    assertThat(groups).extracting(TargetGroup::port).containsExactlyInAnyOrder(30080, 30443);
    for (TargetGroup g : groups) {
      assertThat(AwsAccount.registeredInstances(g.targetGroupArn()))
          .as("the NotReady n3 is a target too: readiness is the NLB health check's business")
          .containsExactlyElementsOf(instances);
    }
    assertThat(
            AwsAccount.aws()
                .elb()
                .describeListeners(r -> r.loadBalancerArn(lb.loadBalancerArn()))
                .listeners())
        .extracting(l -> l.port())
        .containsExactlyInAnyOrder(80, 443);
    assertThat(web.getMetadata().getFinalizers()).containsExactly(ServiceFinalizer.NAME);
    assertThat(web.getStatus().getLoadBalancer().getIngress())
        .singleElement()
        .satisfies(i -> assertThat(i.getHostname()).isEqualTo(lb.dnsName()));
    assertThat(condition(web).getStatus()).isEqualTo("True");
    assertThat(condition(web).getReason()).isEqualTo("Active");
    assertThat(eventReasons("web"))
        .as("one pair, not one per provisioning poll")
        .containsOnlyOnce(ServiceEvents.ENSURING, ServiceEvents.ENSURED);
    assertThat(events("web"))
        .allSatisfy(
            e -> {
              assertThat(e.getSource().getComponent()).isEqualTo("strato-cloud-controller-manager");
              assertThat(e.getType()).isEqualTo("Normal");
            });

    AwsAccount.resetCalls();
    String statusVersion = get("web").getMetadata().getResourceVersion();
    assertThat(reconciler.reconcile(ns + "/web").requeue()).isEmpty();
    System.out.println("AWS calls for an unchanged resync: " + AwsAccount.calls());
    assertThat(AwsAccount.calls()).allSatisfy((op, n) -> assertThat(op).startsWith("Describe"));
    assertThat(get("web").getMetadata().getResourceVersion())
        .as("an unchanged status is not written")
        .isEqualTo(statusVersion);
  }

  @Test
  void theReconcileDoesNotWaitForItsEventsWhichAreWrittenInOrderAfter() throws Exception {
    nodes(node("n1", instances.get(0)));
    create(service(ns, "web", port("http", 80, 30080)));
    List<Runnable> held = new ArrayList<>();
    ServiceReconciler offWorker =
        new ServiceReconciler(
            client,
            new ApiServerReads(client),
            new AwsLoadBalancers(AwsAccount.clients()),
            SETTINGS,
            Clock.systemUTC(),
            applied,
            () -> {},
            new ServiceEvents(client, Clock.systemUTC(), held::add));

    offWorker.reconcile(ns + "/web");

    assertThat(get("web").getStatus().getLoadBalancer().getIngress())
        .as("the status is written by the reconcile")
        .hasSize(1);
    assertThat(eventReasons("web")).as("no Event written on the worker").isEmpty();
    assertThat(held).as("Ensuring and Ensured, handed to the event writer").hasSize(2);
    held.forEach(Runnable::run);
    assertThat(
            client.v1().events().inNamespace(ns).list().getItems().stream()
                .sorted(java.util.Comparator.comparing(e -> e.getMetadata().getCreationTimestamp()))
                .map(Event::getReason)
                .toList())
        .containsExactly(ServiceEvents.ENSURING, ServiceEvents.ENSURED);
  }

  @Test
  void changingAPortAndAHealthCheckAnnotationUpdatesTheNlbInPlace() throws Exception {
    nodes(node("n1", instances.get(0)));
    create(service(ns, "web", port("http", 80, 30080), port("https", 443, 30443)));
    settle("web");
    String arn = AwsAccount.loadBalancer(lbName("web")).loadBalancerArn();

    client
        .services()
        .inNamespace(ns)
        .withName("web")
        .edit(
            s -> {
              s.getSpec().getPorts().get(1).setPort(8443);
              s.getSpec().getPorts().get(1).setNodePort(30843);
              s.getMetadata().getAnnotations().put(ServiceAnnotationParser.HC_PROTOCOL, "HTTP");
              s.getMetadata().getAnnotations().put(ServiceAnnotationParser.HC_PATH, "/ready");
              s.getMetadata().getAnnotations().put(ServiceAnnotationParser.HC_INTERVAL, "10");
              return s;
            });
    AwsAccount.resetCalls();
    settle("web");
    System.out.println(
        "AWS calls to move a port and change the health check: " + AwsAccount.calls());

    assertThat(AwsAccount.loadBalancer(lbName("web")).loadBalancerArn())
        .as("updated in place")
        .isEqualTo(arn);
    assertThat(AwsAccount.aws().elb().describeListeners(r -> r.loadBalancerArn(arn)).listeners())
        .extracting(l -> l.port())
        .containsExactlyInAnyOrder(80, 8443);
    List<TargetGroup> groups = AwsAccount.targetGroups(arn);
    assertThat(groups).extracting(TargetGroup::port).containsExactlyInAnyOrder(30080, 30843);
    assertThat(groups)
        .allSatisfy(
            g -> {
              assertThat(g.healthCheckProtocolAsString()).isEqualTo("HTTP");
              assertThat(g.healthCheckPath()).isEqualTo("/ready");
              assertThat(g.healthCheckIntervalSeconds()).isEqualTo(10);
            });
    assertThat(AwsAccount.allTargetGroups()).as("the old group is gone").hasSize(2);
    assertThat(condition(get("web")).getStatus()).isEqualTo("True");
  }

  @Test
  void nodesJoiningAndLeavingMoveTargetsWithOneUpdatePerServiceAndNoEnsure() throws Exception {
    nodes(node("n1", instances.get(0)), node("n2", instances.get(1)));
    int services = 50; // the scale the CCM issue measures: a node joining 50 LoadBalancer Services
    for (int i = 0; i < services; i++) {
      create(service(ns, "svc" + i, port("http", 80, 30080 + i), port("https", 443, 30443 + i)));
      settle("svc" + i);
    }

    AwsAccount.resetCalls();
    nodeSync.reconcile(NodeTargetSync.KEY);
    assertThat(AwsAccount.totalCalls()).as("nothing moved: no call at all").isZero();

    client.nodes().resource(node("n3", instances.get(2))).create();
    AwsAccount.resetCalls();
    nodeSync.reconcile(NodeTargetSync.KEY);
    System.out.println(
        "AWS calls for one node joining with "
            + services
            + " Services (2 ports each): "
            + AwsAccount.calls()
            + " total "
            + AwsAccount.totalCalls());
    assertThat(AwsAccount.calls())
        .as(
            "one RegisterTargets per target group and one look-up of the joining instances'"
                + " security groups for all the Services")
        .containsOnly(
            Map.entry("DescribeInstances", 1L), Map.entry("RegisterTargets", (long) services * 2));
    for (int i = 0; i < services; i++) {
      for (TargetGroup g :
          AwsAccount.targetGroups(AwsAccount.loadBalancer(lbName("svc" + i)).loadBalancerArn())) {
        assertThat(AwsAccount.registeredInstances(g.targetGroupArn()))
            .containsExactlyElementsOf(instances);
      }
    }

    client
        .nodes()
        .withName("n1")
        .edit(
            n -> {
              n.getMetadata().getLabels().put(EligibleNodes.EXCLUDE_LABEL, "true");
              return n;
            });
    client.nodes().withName("n2").delete();
    AwsAccount.resetCalls();
    nodeSync.reconcile(NodeTargetSync.KEY);
    System.out.println("AWS calls for one node excluded and one deleted: " + AwsAccount.calls());
    assertThat(AwsAccount.calls())
        .as("one DeregisterTargets per target group for both nodes, and not a single read")
        .containsOnly(Map.entry("DeregisterTargets", (long) services * 2));
    for (int i = 0; i < services; i++) {
      for (TargetGroup g :
          AwsAccount.targetGroups(AwsAccount.loadBalancer(lbName("svc" + i)).loadBalancerArn())) {
        assertThat(AwsAccount.registeredInstances(g.targetGroupArn()))
            .containsExactly(instances.get(2));
      }
    }
    assertThat(handedToReconcile).isEmpty();
  }

  @Test
  void withoutAMemoryANodeChangeObservesOnceThenMovesTargetsWithoutReading() throws Exception {
    nodes(node("n1", instances.get(0)));
    create(service(ns, "web", port("http", 80, 30080), port("https", 443, 30443)));
    settle("web");
    NodeTargetSync restarted =
        new NodeTargetSync(
            new ApiServerReads(client),
            new AwsLoadBalancers(AwsAccount.clients()),
            SETTINGS,
            new AppliedTargets(),
            new ServiceEvents(client, Clock.systemUTC()),
            handedToReconcile::add);

    client.nodes().resource(node("n2", instances.get(1))).create();
    AwsAccount.resetCalls();
    restarted.reconcile(NodeTargetSync.KEY);
    System.out.println("AWS calls for a node joining after a restart: " + AwsAccount.calls());
    assertThat(AwsAccount.calls())
        .as("nothing remembered: observe the load balancer, then register")
        .containsEntry("DescribeTargetHealth", 2L)
        .containsEntry("RegisterTargets", 2L);

    client.nodes().resource(node("n3", instances.get(2))).create();
    AwsAccount.resetCalls();
    restarted.reconcile(NodeTargetSync.KEY);
    assertThat(AwsAccount.calls())
        .as("the observed groups are remembered; the joining instance's group is looked up")
        .containsOnly(Map.entry("DescribeInstances", 1L), Map.entry("RegisterTargets", 2L));
    for (TargetGroup g :
        AwsAccount.targetGroups(AwsAccount.loadBalancer(lbName("web")).loadBalancerArn())) {
      assertThat(AwsAccount.registeredInstances(g.targetGroupArn()))
          .containsExactlyElementsOf(instances);
    }
    assertThat(handedToReconcile).isEmpty();
  }

  @Test
  void aTargetGroupDeletedBehindOurBackIsObservedAgainAndTheResyncRecreatesIt() throws Exception {
    nodes(node("n1", instances.get(0)));
    create(service(ns, "web", port("http", 80, 30080), port("https", 443, 30443)));
    settle("web");
    String lbArn = AwsAccount.loadBalancer(lbName("web")).loadBalancerArn();
    var https =
        AwsAccount.aws().elb().describeListeners(r -> r.loadBalancerArn(lbArn)).listeners().stream()
            .filter(l -> l.port() == 443)
            .findFirst()
            .orElseThrow();
    AwsAccount.aws().elb().deleteListener(r -> r.listenerArn(https.listenerArn()));
    String goneGroup = https.defaultActions().get(0).targetGroupArn();
    AwsAccount.aws().elb().deleteTargetGroup(r -> r.targetGroupArn(goneGroup));

    client.nodes().resource(node("n2", instances.get(1))).create();
    AwsAccount.resetCalls();
    nodeSync.reconcile(NodeTargetSync.KEY);
    System.out.println("AWS calls for a node joining, one group gone: " + AwsAccount.calls());
    assertThat(AwsAccount.calls())
        .as("the remembered group answers NotFound: the load balancer is observed again")
        .containsKey("DescribeLoadBalancers")
        .containsEntry("DescribeTargetHealth", 1L);
    assertThat(AwsAccount.targetGroups(lbArn))
        .singleElement()
        .satisfies(
            g ->
                assertThat(AwsAccount.registeredInstances(g.targetGroupArn()))
                    .containsExactly(instances.get(0), instances.get(1)));
    assertThat(handedToReconcile).isEmpty();

    settle("web"); // the resync: ensure puts back the listener and its group with every target
    assertThat(AwsAccount.targetGroups(lbArn)).hasSize(2);
    for (TargetGroup g : AwsAccount.targetGroups(lbArn)) {
      assertThat(AwsAccount.registeredInstances(g.targetGroupArn()))
          .containsExactly(instances.get(0), instances.get(1));
    }
    client.nodes().resource(node("n3", instances.get(2))).create();
    AwsAccount.resetCalls();
    nodeSync.reconcile(NodeTargetSync.KEY);
    assertThat(AwsAccount.calls())
        .as("the ensure remembered the new group; the joining instance's group is looked up")
        .containsOnly(Map.entry("DescribeInstances", 1L), Map.entry("RegisterTargets", 2L));
    for (TargetGroup g : AwsAccount.targetGroups(lbArn)) {
      assertThat(AwsAccount.registeredInstances(g.targetGroupArn()))
          .containsExactlyElementsOf(instances);
    }
  }

  @Test
  void aBadAnnotationIsAWarningAndAConditionAndNoCloudCall() throws Exception {
    nodes(node("n1", instances.get(0)));
    create(
        service(
            ns,
            "web",
            Map.of(
                ServiceAnnotationParser.HC_INTERVAL,
                "1",
                ServiceAnnotationParser.CROSS_ZONE,
                "perhaps"),
            port("http", 80, 30080)));

    assertThat(reconciler.reconcile(ns + "/web").requeue()).isEmpty();
    reconciler.reconcile(ns + "/web");

    assertThat(AwsAccount.totalCalls()).isZero();
    Service web = get("web");
    assertThat(condition(web).getStatus()).isEqualTo("False");
    assertThat(condition(web).getReason()).isEqualTo("InvalidAnnotation");
    assertThat(condition(web).getMessage())
        .contains(ServiceAnnotationParser.HC_INTERVAL, ServiceAnnotationParser.CROSS_ZONE);
    assertThat(events("web"))
        .as("one warning, not one per resync")
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getType()).isEqualTo("Warning");
              assertThat(e.getReason()).isEqualTo(ServiceEvents.SYNC_FAILED);
              assertThat(e.getMessage()).contains(ServiceAnnotationParser.HC_INTERVAL);
            });
    assertThat(web.getMetadata().getFinalizers()).isNullOrEmpty();
  }

  @Test
  void aClassicTypeIsRefusedAsUnsupported() throws Exception {
    create(
        service(
            ns, "old", Map.of(ServiceAnnotationParser.TYPE, "classic"), port("http", 80, 30080)));
    reconciler.reconcile(ns + "/old");
    assertThat(AwsAccount.totalCalls()).isZero();
    assertThat(condition(get("old")).getReason()).isEqualTo("UnsupportedLoadBalancerType");
  }

  @Test
  void servicesOfAnotherClassOrControllerOrTypeAreLeftAlone() throws Exception {
    Service other = service(ns, "other", port("http", 80, 30080));
    other.getSpec().setLoadBalancerClass("example.com/other");
    create(other);
    create(
        service(
            ns, "alb", Map.of(ServiceAnnotationParser.TYPE, "external"), port("http", 80, 30081)));
    Service clusterIp = service(ns, "internal", port("http", 80, 30082));
    clusterIp.getSpec().setType("ClusterIP");
    create(clusterIp);
    Service ours = service(ns, "ours", port("http", 80, 30083));
    ours.getSpec().setLoadBalancerClass("strato.io/nlb");
    create(ours);

    for (String name : List.of("other", "alb", "internal")) {
      reconciler.reconcile(ns + "/" + name);
      assertThat(get(name).getMetadata().getFinalizers()).isNullOrEmpty();
      assertThat(
              get(name).getStatus() == null
                  || get(name).getStatus().getConditions() == null
                  || get(name).getStatus().getConditions().isEmpty())
          .isTrue();
      assertThat(events(name)).isEmpty();
    }
    assertThat(AwsAccount.totalCalls()).isZero();
    settle("ours");
    assertThat(AwsAccount.loadBalancers()).hasSize(1);
  }

  @Test
  void deletingTheServiceRemovesNlbTargetGroupsAndSecurityGroupThenTheFinalizer() throws Exception {
    nodes(node("n1", instances.get(0)));
    create(service(ns, "web", port("http", 80, 30080), port("https", 443, 30443)));
    settle("web");
    String name = lbName("web");

    client.services().inNamespace(ns).withName("web").delete();
    Service deleting = get("web");
    assertThat(deleting).as("the finalizer holds the Service").isNotNull();
    assertThat(deleting.getMetadata().getDeletionTimestamp()).isNotNull();

    AwsAccount.resetCalls();
    settle("web");
    System.out.println("AWS calls for one Service delete: " + AwsAccount.calls());

    assertThat(AwsAccount.loadBalancers()).isEmpty();
    assertThat(AwsAccount.allTargetGroups()).isEmpty();
    assertThat(AwsAccount.securityGroupsNamed("strato-nlb-" + name).size()).isZero();
    assertThat(get("web")).as("finalizer removed, so the API server let it go").isNull();
    assertThat(eventReasons("web")).contains(ServiceEvents.DELETING, ServiceEvents.DELETED);
  }

  @Test
  void aServiceThatStopsBeingALoadBalancerIsCleanedUp() throws Exception {
    nodes(node("n1", instances.get(0)));
    create(service(ns, "web", port("http", 80, 30080)));
    settle("web");

    client
        .services()
        .inNamespace(ns)
        .withName("web")
        .edit(
            s -> {
              s.getSpec().setType("NodePort");
              return s;
            });
    settle("web");

    assertThat(AwsAccount.loadBalancers()).isEmpty();
    Service web = get("web");
    assertThat(web.getMetadata().getFinalizers()).isNullOrEmpty();
    assertThat(web.getStatus().getLoadBalancer().getIngress()).isNullOrEmpty();
    assertThat(condition(web)).isNull();
  }

  /** Annotations as cloud-provider-aws documents them, pasted unchanged. */
  @Test
  void aDocumentedAnnotatedManifestWorksUnchanged() throws Exception {
    nodes(node("n1", instances.get(0)), node("n2", instances.get(1)));
    String manifest =
        """
        apiVersion: v1
        kind: Service
        metadata:
          name: ingress
          uid: 5f0c6b7e-0d5a-4a53-9a3c-7f1b2c3d4e5f
          annotations:
            service.beta.kubernetes.io/aws-load-balancer-type: "nlb"
            service.beta.kubernetes.io/aws-load-balancer-internal: "true"
            service.beta.kubernetes.io/aws-load-balancer-healthcheck-protocol: "http"
            service.beta.kubernetes.io/aws-load-balancer-healthcheck-path: "/healthz"
            service.beta.kubernetes.io/aws-load-balancer-healthcheck-port: "traffic-port"
            service.beta.kubernetes.io/aws-load-balancer-healthcheck-interval: "10"
            service.beta.kubernetes.io/aws-load-balancer-healthcheck-healthy-threshold: "3"
            service.beta.kubernetes.io/aws-load-balancer-healthcheck-unhealthy-threshold: "3"
            service.beta.kubernetes.io/aws-load-balancer-target-group-attributes: "preserve_client_ip.enabled=true,deregistration_delay.timeout_seconds=120,stickiness.enabled=true,stickiness.type=source_ip"
            service.beta.kubernetes.io/aws-load-balancer-ssl-cert: "arn:aws:iam::123456789012:server-certificate/test"
            service.beta.kubernetes.io/aws-load-balancer-ssl-ports: "https"
            service.beta.kubernetes.io/aws-load-balancer-additional-resource-tags: "Key1=Val1,Key2=Val2,KeyNoVal1=,KeyNoVal2"
        spec:
          type: LoadBalancer
          ports:
          - name: http
            port: 80
            targetPort: 8080
            nodePort: 30080
          - name: https
            port: 443
            targetPort: 8080
            nodePort: 30443
        """;
    Service loaded =
        client.services().load(new java.io.ByteArrayInputStream(manifest.getBytes())).item();
    create(loaded);
    settle("ingress");

    Service svc = get("ingress");
    assertThat(condition(svc).getReason()).isEqualTo("Active");
    LoadBalancer lb = AwsAccount.loadBalancer(lbName("ingress"));
    assertThat(lb.schemeAsString()).isEqualTo("internal");
    var listeners =
        AwsAccount.aws()
            .elb()
            .describeListeners(r -> r.loadBalancerArn(lb.loadBalancerArn()))
            .listeners();
    assertThat(listeners)
        .filteredOn(l -> l.port() == 443)
        .singleElement()
        .satisfies(l -> assertThat(l.protocolAsString()).isEqualTo("TLS"));
    assertThat(listeners)
        .filteredOn(l -> l.port() == 80)
        .singleElement()
        .satisfies(l -> assertThat(l.protocolAsString()).isEqualTo("TCP"));
    for (TargetGroup g : AwsAccount.targetGroups(lb.loadBalancerArn())) {
      assertThat(g.healthCheckProtocolAsString()).isEqualTo("HTTP");
      assertThat(g.healthCheckPath()).isEqualTo("/healthz");
      var attributes =
          AwsAccount.aws()
              .elb()
              .describeTargetGroupAttributes(r -> r.targetGroupArn(g.targetGroupArn()))
              .attributes()
              .stream()
              .collect(java.util.stream.Collectors.toMap(a -> a.key(), a -> a.value()));
      assertThat(attributes)
          .containsEntry("preserve_client_ip.enabled", "true")
          .containsEntry("deregistration_delay.timeout_seconds", "120")
          .containsEntry("stickiness.enabled", "true");
    }
    var tags =
        AwsAccount.aws()
            .elb()
            .describeTags(r -> r.resourceArns(lb.loadBalancerArn()))
            .tagDescriptions()
            .get(0)
            .tags();
    assertThat(tags)
        .extracting(t -> t.key() + "=" + t.value())
        .contains(
            "Key1=Val1", "Key2=Val2", "KeyNoVal1=", "KeyNoVal2=", "kubernetes.io/cluster/c1=owned");
  }

  @Test
  void extraSecurityGroupsAreAttachedAlongsideTheManagedOne() throws Exception {
    nodes(node("n1", instances.get(0)));
    String vpc =
        AwsAccount.aws()
            .ec2()
            .describeInstances(r -> r.instanceIds(instances.get(0)))
            .reservations()
            .get(0)
            .instances()
            .get(0)
            .vpcId();
    String extra =
        AwsAccount.aws()
            .ec2()
            .createSecurityGroup(r -> r.groupName("monitoring").description("m").vpcId(vpc))
            .groupId();
    create(
        service(
            ns,
            "web",
            Map.of(ServiceAnnotationParser.EXTRA_SECURITY_GROUPS, extra),
            port("http", 80, 30080)));
    settle("web");

    String name = lbName("web");
    String managed =
        AwsAccount.aws()
            .ec2()
            .describeSecurityGroups(
                r -> r.filters(f -> f.name("group-name").values("strato-nlb-" + name)))
            .securityGroups()
            .get(0)
            .groupId();
    assertThat(AwsAccount.loadBalancer(name).securityGroups())
        .containsExactlyInAnyOrder(managed, extra);

    client.services().inNamespace(ns).withName("web").delete();
    settle("web");
    assertThat(AwsAccount.securityGroupsNamed("monitoring").size())
        .as("never deleted: not ours")
        .isOne();
  }

  @Test
  void elasticIpsGoOnePerSubnetAndAMismatchIsTheUsersToFix() throws Exception {
    nodes(node("n1", instances.get(0)));
    List<String> eips = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      eips.add(AwsAccount.aws().ec2().allocateAddress(r -> r.domain("vpc")).allocationId());
    }
    create(
        service(
            ns,
            "two",
            Map.of(ServiceAnnotationParser.EIP_ALLOCATIONS, String.join(",", eips.subList(0, 2))),
            port("http", 80, 30080)));
    refused("two");
    assertThat(condition(get("two")).getReason()).isEqualTo("SubnetAddressMismatch");
    assertThat(AwsAccount.loadBalancers()).isEmpty();

    // moto accepts subnet mappings but does not report the addresses back: look at the request.
    List<CreateLoadBalancerRequest> sent = capturingCreates();
    create(
        service(
            ns,
            "web",
            Map.of(ServiceAnnotationParser.EIP_ALLOCATIONS, String.join(",", eips)),
            port("http", 80, 30080)));
    settle("web");

    assertThat(condition(get("web")).getReason()).isEqualTo("Active");
    LoadBalancer lb = AwsAccount.loadBalancer(lbName("web"));
    assertThat(sent)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.subnetMappings())
                  .extracting(m -> m.allocationId())
                  .containsExactlyElementsOf(eips);
              assertThat(r.subnetMappings())
                  .extracting(m -> m.subnetId())
                  .containsExactlyElementsOf(
                      lb.availabilityZones().stream().map(z -> z.subnetId()).toList());
            });
  }

  @Test
  void noSubnetForTheClusterIsAConditionTheUserCanActOnAndARetry() throws Exception {
    nodes(node("n1", instances.get(0))); // else the one Warning would be UnAvailableLoadBalancer
    ServiceReconciler otherCluster =
        new ServiceReconciler(
            client,
            new ApiServerReads(client),
            new AwsLoadBalancers(AwsAccount.clients()),
            new ServiceControllerSettings("c2", "strato.io/nlb", Duration.ofSeconds(1)),
            Clock.systemUTC(),
            applied,
            () -> {});
    create(service(ns, "web", port("http", 80, 30080)));

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> otherCluster.reconcile(ns + "/web"))
        .as("thrown to the engine, which retries with backoff: tags change outside Kubernetes")
        .isInstanceOf(io.strato.cloud.CloudException.InvalidRequest.class);
    Service web = get("web");
    assertThat(condition(web).getStatus()).isEqualTo("False");
    assertThat(condition(web).getReason()).isEqualTo("NoSuitableSubnets");
    assertThat(web.getMetadata().getFinalizers()).containsExactly(ServiceFinalizer.NAME);
    assertThat(events("web"))
        .filteredOn(e -> e.getType().equals("Warning"))
        .extracting(Event::getReason)
        .containsExactly(ServiceEvents.SYNC_FAILED);
    assertThat(AwsAccount.loadBalancers()).isEmpty();

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> otherCluster.reconcile(ns + "/web"))
        .isInstanceOf(io.strato.cloud.CloudException.InvalidRequest.class);
    assertThat(events("web"))
        .as("the same refusal again is no second Warning")
        .filteredOn(e -> e.getType().equals("Warning"))
        .hasSize(1);
  }

  @Test
  void aNameHeldByAnotherOwnerIsAWarningAndARetryAndIsNeverDeleted() throws Exception {
    nodes(node("n1", instances.get(0))); // else the one Warning would be UnAvailableLoadBalancer
    Service web = create(service(ns, "web", port("http", 80, 30080)));
    new AwsLoadBalancers(AwsAccount.aws())
        .ensure(
            new io.strato.cloud.Ownership("someone-else", "Service", "x/y", CLUSTER),
            ServiceLoadBalancerDesired.spec(
                web,
                ((ParsedAnnotations.Valid) ServiceAnnotationParser.parse(web)).annotations(),
                List.of()));

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> reconciler.reconcile(ns + "/web"))
        .isInstanceOf(io.strato.cloud.CloudException.Conflict.class);

    assertThat(get("web").getMetadata().getFinalizers()).containsExactly(ServiceFinalizer.NAME);
    assertThat(events("web"))
        .filteredOn(e -> e.getType().equals("Warning"))
        .extracting(Event::getReason)
        .containsExactly(ServiceEvents.SYNC_FAILED);

    client.services().inNamespace(ns).withName("web").delete();
    settle("web");
    assertThat(AwsAccount.loadBalancers())
        .as("another owner's load balancer is never deleted")
        .hasSize(1);
    assertThat(get("web")).as("nothing of ours is left, so the finalizer came off").isNull();
  }

  /** Swaps in a reconciler whose CreateLoadBalancer requests land in the returned list. */
  private List<CreateLoadBalancerRequest> capturingCreates() {
    List<CreateLoadBalancerRequest> sent = new ArrayList<>();
    ExecutionInterceptor capture =
        new ExecutionInterceptor() {
          @Override
          public void beforeExecution(
              Context.BeforeExecution context, ExecutionAttributes attributes) {
            if (context.request() instanceof CreateLoadBalancerRequest create) {
              sent.add(create);
            }
          }
        };
    reconciler =
        new ServiceReconciler(
            client,
            new ApiServerReads(client),
            new AwsLoadBalancers(MotoServer.shared().clients(List.of(capture))),
            SETTINGS,
            Clock.systemUTC(),
            applied,
            () -> {});
    return sent;
  }

  @Test
  void privateAddressesGoOnePerSubnetOfAnInternalNlb() throws Exception {
    nodes(node("n1", instances.get(0)));
    List<CreateLoadBalancerRequest> sent = capturingCreates();
    List<String> ips = List.of("10.0.100.10", "10.0.101.10", "10.0.102.10");
    create(
        service(
            ns,
            "web",
            Map.of(
                ServiceAnnotationParser.INTERNAL,
                "true",
                ServiceAnnotationParser.PRIVATE_IPS,
                String.join(",", ips)),
            port("http", 80, 30080)));
    settle("web");

    assertThat(condition(get("web")).getReason()).isEqualTo("Active");
    assertThat(AwsAccount.loadBalancer(lbName("web")).schemeAsString()).isEqualTo("internal");
    assertThat(sent)
        .singleElement()
        .satisfies(
            r ->
                assertThat(r.subnetMappings())
                    .extracting(m -> m.privateIPv4Address())
                    .containsExactlyElementsOf(ips));
  }

  @Test
  void subnetsNamedByTheirNameTagAreResolved() throws Exception {
    nodes(node("n1", instances.get(0)));
    List<String> publicSubnets =
        AwsAccount.aws()
            .ec2()
            .describeSubnets(
                r -> r.filters(f -> f.name("tag-key").values("kubernetes.io/role/elb")))
            .subnets()
            .stream()
            .map(sn -> sn.subnetId())
            .sorted()
            .toList();
    AwsAccount.aws()
        .ec2()
        .createTags(
            r -> r.resources(publicSubnets.get(0)).tags(t -> t.key("Name").value("edge-a")));
    create(
        service(
            ns,
            "web",
            Map.of(ServiceAnnotationParser.SUBNETS, "edge-a, " + publicSubnets.get(1)),
            port("http", 80, 30080)));
    settle("web");

    assertThat(condition(get("web")).getReason()).isEqualTo("Active");
    assertThat(AwsAccount.loadBalancer(lbName("web")).availabilityZones())
        .extracting(z -> z.subnetId())
        .containsExactlyInAnyOrder(publicSubnets.get(0), publicSubnets.get(1));

    create(
        service(
            ns,
            "nowhere",
            Map.of(ServiceAnnotationParser.SUBNETS, "edge-z"),
            port("http", 80, 30081)));
    refused("nowhere");
    assertThat(condition(get("nowhere")).getReason()).isEqualTo("SubnetNotFound");
  }

  private Map<String, String> loadBalancerAttributes(String arn) {
    return AwsAccount.aws()
        .elb()
        .describeLoadBalancerAttributes(r -> r.loadBalancerArn(arn))
        .attributes()
        .stream()
        .collect(java.util.stream.Collectors.toMap(a -> a.key(), a -> a.value()));
  }

  private static Map<String, String> tagsOf(String arn) {
    return AwsAccount.aws()
        .elb()
        .describeTags(r -> r.resourceArns(arn))
        .tagDescriptions()
        .get(0)
        .tags()
        .stream()
        .collect(java.util.stream.Collectors.toMap(t -> t.key(), t -> t.value()));
  }

  @Test
  void upstreamNlbAnnotationsAreAppliedAndReadBackFromTheCloud() throws Exception {
    nodes(node("n1", instances.get(0)));
    String emitInterval = ServiceAnnotations.PREFIX + "access-log-emit-interval";
    create(
        service(
            ns,
            "tls",
            Map.of(
                ServiceAnnotationParser.INTERNAL,
                "yes",
                ServiceAnnotationParser.SSL_CERT,
                "arn:aws:iam::123456789012:server-certificate/tls",
                ServiceAnnotationParser.SSL_PORTS,
                "https",
                ServiceAnnotationParser.BACKEND_PROTOCOL,
                "ssl",
                ServiceAnnotationParser.CROSS_ZONE,
                "true",
                ServiceAnnotationParser.ACCESS_LOG_ENABLED,
                "true",
                ServiceAnnotationParser.ACCESS_LOG_BUCKET,
                "nlb-logs",
                ServiceAnnotationParser.ACCESS_LOG_PREFIX,
                "shop/tls",
                emitInterval,
                "5"),
            port("http", 80, 30080),
            port("https", 443, 30443)));
    settle("tls");
    System.out.println(
        "AWS calls for one Service create with TLS targets, cross-zone and access logs: "
            + AwsAccount.calls()
            + " total "
            + AwsAccount.totalCalls());

    assertThat(condition(get("tls")).getReason()).isEqualTo("Active");
    LoadBalancer lb = AwsAccount.loadBalancer(lbName("tls"));
    assertThat(lb.loadBalancerName()).startsWith(ns + "-tls-");
    assertThat(lb.schemeAsString()).as("any value but false is internal").isEqualTo("internal");
    List<TargetGroup> groups = AwsAccount.targetGroups(lb.loadBalancerArn());
    assertThat(groups)
        .extracting(g -> g.port() + "/" + g.protocolAsString())
        .containsExactlyInAnyOrder("30080/TCP", "30443/TLS");
    assertThat(loadBalancerAttributes(lb.loadBalancerArn()))
        .containsEntry("load_balancing.cross_zone.enabled", "true")
        .containsEntry("access_logs.s3.enabled", "true")
        .containsEntry("access_logs.s3.bucket", "nlb-logs")
        .containsEntry("access_logs.s3.prefix", "shop/tls");
    List<String> owned = new ArrayList<>(List.of(lb.loadBalancerArn()));
    groups.forEach(g -> owned.add(g.targetGroupArn()));
    for (String arn : owned) {
      assertThat(tagsOf(arn))
          .containsEntry("kubernetes.io/service-name", ns + "/tls")
          .containsEntry("kubernetes.io/cluster/" + CLUSTER, "owned");
    }
    assertThat(events("tls"))
        .filteredOn(e -> e.getReason().equals(ServiceEvents.ANNOTATION_NOT_APPLIED))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getType()).isEqualTo("Warning");
              assertThat(e.getMessage()).contains(emitInterval);
            });

    AwsAccount.resetCalls();
    assertThat(reconciler.reconcile(ns + "/tls").requeue()).isEmpty();
    assertThat(AwsAccount.calls())
        .as("an unchanged resync reads the attributes and writes nothing")
        .containsEntry("DescribeLoadBalancerAttributes", 1L)
        .allSatisfy((op, n) -> assertThat(op).startsWith("Describe"));

    client
        .services()
        .inNamespace(ns)
        .withName("tls")
        .edit(
            s -> {
              s.getMetadata().getAnnotations().put(ServiceAnnotationParser.CROSS_ZONE, "false");
              s.getMetadata().getAnnotations().remove(ServiceAnnotationParser.BACKEND_PROTOCOL);
              return s;
            });
    settle("tls");
    assertThat(loadBalancerAttributes(lb.loadBalancerArn()))
        .containsEntry("load_balancing.cross_zone.enabled", "false")
        .containsEntry("access_logs.s3.enabled", "true");
    List<String> forwardedTo =
        AwsAccount.aws()
            .elb()
            .describeListeners(r -> r.loadBalancerArn(lb.loadBalancerArn()))
            .listeners()
            .stream()
            .map(l -> l.defaultActions().get(0).targetGroupArn())
            .toList();
    assertThat(
            AwsAccount.aws()
                .elb()
                .describeTargetGroups(r -> r.targetGroupArns(forwardedTo))
                .targetGroups())
        .as("a target group cannot change protocol: a TCP one replaces the TLS one")
        .extracting(g -> g.port() + "/" + g.protocolAsString())
        .containsExactlyInAnyOrder("30080/TCP", "30443/TCP");
    assertThat(AwsAccount.allTargetGroups()).hasSize(2);
  }

  @Test
  void aRefusedListenerLeavesTheOthersServingUnpublishedUntilTheCertificateIsFixed()
      throws Exception {
    nodes(node("n1", instances.get(0)));
    create(
        service(
            ns,
            "web",
            Map.of(
                ServiceAnnotationParser.SSL_CERT,
                "arn:aws:acm:us-east-1:123456789012:certificate/not-imported",
                ServiceAnnotationParser.SSL_PORTS,
                "https"),
            port("http", 80, 30080),
            port("https", 443, 30443)));

    assertThat(refused("web").reason()).isEqualTo("CertificateNotFound");
    Service web = get("web");
    assertThat(condition(web).getStatus()).isEqualTo("False");
    assertThat(condition(web).getReason()).isEqualTo("CertificateNotFound");
    assertThat(condition(web).getMessage())
        .contains("port 443")
        .contains("Ports served: [80]; not served: [443]");
    assertThat(web.getStatus().getLoadBalancer().getIngress())
        .as("a half-built load balancer is not published as the Service's")
        .isNullOrEmpty();
    String arn = AwsAccount.loadBalancer(lbName("web")).loadBalancerArn();
    assertThat(AwsAccount.aws().elb().describeListeners(r -> r.loadBalancerArn(arn)).listeners())
        .extracting(l -> l.port())
        .containsExactly(80);

    client
        .services()
        .inNamespace(ns)
        .withName("web")
        .edit(
            s -> {
              s.getMetadata()
                  .getAnnotations()
                  .put(
                      ServiceAnnotationParser.SSL_CERT,
                      "arn:aws:iam::123456789012:server-certificate/web");
              return s;
            });
    settle("web");

    web = get("web");
    assertThat(condition(web).getReason()).isEqualTo("Active");
    assertThat(web.getStatus().getLoadBalancer().getIngress())
        .singleElement()
        .satisfies(
            i ->
                assertThat(i.getHostname())
                    .isEqualTo(AwsAccount.loadBalancer(lbName("web")).dnsName()));
    assertThat(AwsAccount.aws().elb().describeListeners(r -> r.loadBalancerArn(arn)).listeners())
        .extracting(l -> l.port() + "/" + l.protocolAsString())
        .containsExactlyInAnyOrder("80/TCP", "443/TLS");
  }
}
