package io.strato.provisioning.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import io.strato.cloud.nodegroup.NodeGroupSpecDto;
import io.strato.provisioning.api.ApplyRequest;
import io.strato.provisioning.api.Caller;
import io.strato.provisioning.loadbalancer.LoadBalancerSpecDto;
import io.strato.provisioning.store.ResourceKey;
import io.strato.testsupport.AwsFixtures;
import io.strato.testsupport.CrashAfter;
import io.strato.testsupport.MotoServer;
import io.strato.testsupport.SimulatedCrash;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.Filter;

/**
 * Stops Strato while it creates a node group and a load balancer attached to it, at every AWS call
 * of that work in turn, starts it again on the same store, and checks that exactly one of each
 * cloud resource exists, and that nothing is left after delete.
 */
class CrashRecoveryTest {

  private static final ResourceKey NG = new ResourceKey("NodeGroup", "workers");
  private static final ResourceKey LB = new ResourceKey("LoadBalancer", "web");

  private final MotoServer moto = MotoServer.shared();
  private AwsFixtures network;
  private String ami;

  @BeforeEach
  void emptyAccount() {
    moto.reset();
    try (var clients = moto.clients()) {
      network = AwsFixtures.network(clients.ec2(), null);
      ami = AwsFixtures.imageId(clients.ec2());
    }
  }

  @Test
  void aCrashAfterAnyCallCreatesNoTwinAndLeaksNothing() throws Exception {
    int callsOfACleanCreate = cleanCreateCalls();
    assertThat(callsOfACleanCreate).isGreaterThan(5);
    int crashes = 0;
    for (int k = 1; k <= callsOfACleanCreate; k++) {
      emptyAccount();
      Path dir = Files.createTempDirectory("strato-crash-");
      try (StratoProcess first =
          new StratoProcess(dir, moto.clients(List.of(CrashAfter.call(k))))) {
        submit(first);
        assertThatThrownBy(() -> first.reconcileAll(10))
            .as("crash at call %d", k)
            .isInstanceOf(SimulatedCrash.class);
        crashes++;
      }
      try (StratoProcess second = new StratoProcess(dir, moto.clients())) {
        converge(second);
        assertExactlyOneOfEach("after a crash at call " + k);
        deleteAll(second);
        assertNothingLeft("after a crash at call " + k);
      }
    }
    System.out.printf("crash recovery: %d crash points, 0 twins, 0 leaks%n", crashes);
  }

  private int cleanCreateCalls() throws Exception {
    Path dir = Files.createTempDirectory("strato-clean-");
    try (StratoProcess p = new StratoProcess(dir, moto.clients())) {
      submit(p);
      converge(p);
      int calls = (int) p.clients.metrics().total();
      assertExactlyOneOfEach("clean run");
      deleteAll(p);
      assertNothingLeft("clean run");
      return calls;
    }
  }

  private void submit(StratoProcess p) throws Exception {
    String ng =
        """
        {"spec": {"imageId": "%s", "instanceType": "t3.medium", "subnetIds": ["%s", "%s", "%s"],
                  "minSize": 1, "maxSize": 3, "desiredCapacity": 2,
                  "scaling": {"metric": "cpu", "target": 50}}}
        """
            .formatted(
                ami,
                network.privateSubnets().get(0),
                network.privateSubnets().get(1),
                network.privateSubnets().get(2));
    String lb =
        """
        {"spec": {"vpcId": "%s", "listeners": [{"port": 80, "targetPort": 30080}, {"port": 443, "targetPort": 30443}],
                  "targets": {"nodeGroup": "workers"}}}
        """
            .formatted(network.vpcId());
    p.nodeGroups.apply(
        "workers",
        p.json.readValue(ng, new TypeReference<ApplyRequest<NodeGroupSpecDto>>() {}),
        null,
        Caller.inProcessAdmin());
    p.loadBalancers.apply(
        "web",
        p.json.readValue(lb, new TypeReference<ApplyRequest<LoadBalancerSpecDto>>() {}),
        null,
        Caller.inProcessAdmin());
  }

  private static void converge(StratoProcess p) throws Exception {
    for (int i = 0; i < 20 && !(p.phase(NG).equals("Ready") && p.phase(LB).equals("Ready")); i++) {
      p.reconcileAll(1);
    }
    assertThat(p.phase(NG)).isEqualTo("Ready");
    assertThat(p.phase(LB)).isEqualTo("Ready");
  }

  private static void deleteAll(StratoProcess p) throws Exception {
    p.loadBalancers.delete("web", null);
    p.nodeGroups.delete("workers", null);
    for (int i = 0; i < 20 && !p.store.keys().isEmpty(); i++) {
      p.reconcileAll(1);
    }
    assertThat(p.store.keys()).isEmpty();
  }

  private void assertExactlyOneOfEach(String when) {
    try (var c = moto.clients()) {
      assertThat(c.elb().describeLoadBalancers().loadBalancers()).as(when).hasSize(1);
      assertThat(c.elb().describeTargetGroups().targetGroups()).as(when).hasSize(2);
      assertThat(c.autoScaling().describeAutoScalingGroups().autoScalingGroups())
          .as(when)
          .hasSize(1);
      assertThat(c.ec2().describeLaunchTemplates().launchTemplates()).as(when).hasSize(1);
      assertThat(ownedSecurityGroups(c)).as(when).hasSize(1);
    }
  }

  private void assertNothingLeft(String when) {
    try (var c = moto.clients()) {
      assertThat(c.elb().describeLoadBalancers().loadBalancers()).as(when).isEmpty();
      assertThat(c.elb().describeTargetGroups().targetGroups()).as(when).isEmpty();
      assertThat(c.autoScaling().describeAutoScalingGroups().autoScalingGroups())
          .as(when)
          .isEmpty();
      assertThat(c.ec2().describeLaunchTemplates().launchTemplates()).as(when).isEmpty();
      assertThat(ownedSecurityGroups(c)).as(when).isEmpty();
    }
  }

  private static List<?> ownedSecurityGroups(io.strato.cloud.aws.AwsClients c) {
    return c.ec2()
        .describeSecurityGroups(
            r -> r.filters(Filter.builder().name("tag-key").values("strato.io/owner").build()))
        .securityGroups();
  }
}
