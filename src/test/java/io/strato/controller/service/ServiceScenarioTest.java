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
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
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
      new ServiceControllerSettings(
          CLUSTER, "strato.io/nlb", Duration.ofSeconds(1), Duration.ofMinutes(5));

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
    client.nodes().delete();
    for (Service s : client.services().inAnyNamespace().list().getItems()) {
      if (!s.getMetadata().getNamespace().equals(ns)) {
        client
            .services()
            .inNamespace(s.getMetadata().getNamespace())
            .withName(s.getMetadata().getName())
            .edit(
                x -> {
                  x.getMetadata().setFinalizers(null);
                  return x;
                });
        client
            .services()
            .inNamespace(s.getMetadata().getNamespace())
            .withName(s.getMetadata().getName())
            .delete();
      }
    }
    instances = CloudScene.freshAccount(CLUSTER, 3);
    applied = new AppliedTargets();
    AwsLoadBalancers loadBalancers = new AwsLoadBalancers(CloudScene.clients());
    reconciler =
        new ServiceReconciler(
            client, loadBalancers, SETTINGS, Clock.systemUTC(), applied, () -> {});
    nodeSync = new NodeTargetSync(client, loadBalancers, SETTINGS, applied, handedToReconcile::add);
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
            + CloudScene.calls()
            + " total "
            + CloudScene.totalCalls());
    CloudScene.resetCalls();
    settle("web");
    System.out.println(
        "AWS calls for the follow-up reconcile(s) until active: " + CloudScene.calls());

    Service web = get("web");
    LoadBalancer lb = CloudScene.loadBalancer(lbName("web"));
    assertThat(lb.typeAsString()).isEqualTo("network");
    assertThat(lb.schemeAsString()).isEqualTo("internet-facing");
    List<TargetGroup> groups = CloudScene.targetGroups(lb.loadBalancerArn());
    assertThat(groups).extracting(TargetGroup::port).containsExactlyInAnyOrder(30080, 30443);
    for (TargetGroup g : groups) {
      assertThat(CloudScene.registered(g.targetGroupArn()))
          .containsExactly(instances.get(0), instances.get(1));
    }
    assertThat(
            CloudScene.aws()
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
    assertThat(eventReasons("web")).contains(ServiceEvents.ENSURING, ServiceEvents.ENSURED);
    assertThat(events("web"))
        .allSatisfy(
            e -> {
              assertThat(e.getSource().getComponent()).isEqualTo("strato-cloud-controller-manager");
              assertThat(e.getType()).isEqualTo("Normal");
            });

    CloudScene.resetCalls();
    String statusVersion = get("web").getMetadata().getResourceVersion();
    assertThat(reconciler.reconcile(ns + "/web").requeue()).isEmpty();
    System.out.println("AWS calls for an unchanged resync: " + CloudScene.calls());
    assertThat(CloudScene.calls()).allSatisfy((op, n) -> assertThat(op).startsWith("Describe"));
    assertThat(get("web").getMetadata().getResourceVersion())
        .as("an unchanged status is not written")
        .isEqualTo(statusVersion);
  }
}
