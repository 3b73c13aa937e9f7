package io.strato.controller.service;

import static io.strato.controller.service.Manifests.node;
import static io.strato.controller.service.Manifests.port;
import static io.strato.controller.service.Manifests.service;
import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.strato.testsupport.AwsAccount;
import io.strato.testsupport.MockApi;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * AWS call budgets of the service controller: the CCM figures of docs/benchmarks.md section 1
 * ("Calls per operation"), held in the default test run. The reconcilers run as in {@code
 * ServiceScaleBenchmark} (the same {@link ServiceControllerRig}) on the mock API and moto; counts
 * are deterministic, so each budget is the exact count per operation and moves, in this test and in
 * the document, with every change that adds or saves a call.
 */
@EnableKubernetesMockClient(crud = true)
class ServiceCallBudgetsTest {

  static KubernetesClient client;

  /**
   * Services a node joins. The benchmark joins 200; the cost is one RegisterTargets per target
   * group and one read for the whole sync (the groups and the targets applied are remembered from
   * each ensure; only the new instance's security groups are looked up), so an exact count at 25
   * pins the same per-Service figure, and 25 is past the 20 ARNs that one ELB describe takes, so a
   * per-batch read added later shows here too.
   */
  private static final int JOINED = 25;

  private ServiceControllerRig rig;

  @BeforeEach
  void freshClusterAndAccount() {
    MockApi.removeServicesAndNodes(client);
    rig = ServiceControllerRig.freshAccount(client, 3);
    client.nodes().resource(node("n1", rig.instances.get(0))).create();
    client.nodes().resource(node("n2", rig.instances.get(1))).create();
  }

  @Test
  void serviceCreateThenPortAdded() throws Exception {
    client
        .services()
        .inNamespace("shop")
        .resource(service("shop", "web", port("http", 80, 31080)))
        .create();
    rig.settle("shop/web");
    assertThat(AwsAccount.calls())
        .as("LoadBalancer Service create, 1 port: 11 calls (minimum 8)")
        .isEqualTo(
            budget(
                entry("AuthorizeSecurityGroupIngress", 1L),
                entry("CreateListener", 1L),
                entry("CreateLoadBalancer", 1L),
                entry("CreateSecurityGroup", 1L),
                entry("CreateTargetGroup", 1L),
                // The instances' security groups, opened to the NLB's clients as upstream does.
                entry("DescribeInstances", 1L),
                entry("DescribeLoadBalancers", 2L),
                entry("DescribeSubnets", 1L),
                entry("DescribeTags", 1L),
                entry("RegisterTargets", 1L)));

    AwsAccount.resetCalls();
    client
        .services()
        .inNamespace("shop")
        .withName("web")
        .edit(
            s -> {
              s.getSpec().getPorts().add(port("https", 443, 31443));
              return s;
            });
    rig.settle("shop/web");
    assertThat(AwsAccount.calls())
        // The listener added from memory (LastEnsures.addListeners): the ownership tags, the
        // listeners and the managed group read, the new port opened in it, then the group, its
        // targets and the listener. The nodes' groups were remembered too: here they have none.
        .as("one Service change, port added: 7 calls (minimum 5)")
        .isEqualTo(
            budget(
                entry("AuthorizeSecurityGroupIngress", 1L),
                entry("CreateListener", 1L),
                entry("CreateTargetGroup", 1L),
                entry("DescribeListeners", 1L),
                entry("DescribeSecurityGroups", 1L),
                entry("DescribeTags", 1L),
                entry("RegisterTargets", 1L)));
  }

  @Test
  void nodeJoiningServices() throws Exception {
    for (int i = 0; i < JOINED; i++) {
      client
          .services()
          .inNamespace("join")
          .resource(service("join", "svc" + i, port("http", 80, 30000 + i)))
          .create();
      rig.settle("join/svc" + i);
    }
    AwsAccount.resetCalls();
    rig.nodeSync.reconcile(NodeTargetSync.KEY);
    assertThat(AwsAccount.calls()).as("node sync with no node moved").isEmpty();

    client.nodes().resource(node("n3", rig.instances.get(2))).create();
    rig.nodeSync.reconcile(NodeTargetSync.KEY);
    assertThat(AwsAccount.calls())
        .as("a node joining %d Services: one RegisterTargets per Service (the minimum) + 1", JOINED)
        .isEqualTo(
            budget(
                // One look at the joining instance's security groups, for all the Services.
                entry("DescribeInstances", 1L), entry("RegisterTargets", (long) JOINED)));
    String lb =
        ServiceLoadBalancerDesired.name(
            client.services().inNamespace("join").withName("svc0").get());
    String group =
        AwsAccount.targetGroups(AwsAccount.loadBalancer(lb).loadBalancerArn())
            .get(0)
            .targetGroupArn();
    assertThat(AwsAccount.registeredInstances(group))
        .as("the joined node is a target")
        .containsExactlyElementsOf(rig.instances.stream().sorted().toList());
  }

  @SafeVarargs
  private static Map<String, Long> budget(Map.Entry<String, Long>... calls) {
    return new TreeMap<>(Map.ofEntries(calls));
  }
}
