package io.strato.cloud.aws.elb;

import static org.assertj.core.api.Assertions.assertThat;

import io.strato.cloud.ChangeOutcome;
import io.strato.cloud.Deletion;
import io.strato.cloud.Ownership;
import io.strato.cloud.loadbalancer.LoadBalancerSpec;
import io.strato.cloud.loadbalancer.TargetIngress;
import io.strato.testsupport.AwsAccount;
import io.strato.testsupport.AwsFixtures;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The process dies right after the k-th AWS call of an ensure (or a delete) of a load balancer that
 * opens its Auto Scaling group's security group, for every k. A normal run afterwards must leave
 * exactly the load balancer's rules in the node group, and the delete none: the group record on the
 * load balancer is written before the first rule, so no crash can leave a rule nobody finds.
 */
class TargetRulesCrashSafetyTest {

  private static final Ownership OWNER = LoadBalancerLifecycleTest.OWNER;
  private static final String NAME = "web";

  private static LoadBalancerSpec spec() {
    LoadBalancerSpec web = LoadBalancerLifecycleTest.web();
    return Specs.with(web, web.subnets(), List.of(), List.of(), List.of(), "nodes", web.tags())
        .withTargetIngress(TargetIngress.LOAD_BALANCER_GROUP);
  }

  @TestFactory
  Stream<DynamicTest> create() {
    String nodeGroup = scene();
    int calls = ElbScenes.callsOf(lbs -> lbs.ensure(OWNER, spec()));
    assertThat(ours(nodeGroup)).as("the scene opens the node group at all").hasSize(3);
    return IntStream.rangeClosed(1, calls)
        .mapToObj(
            k ->
                DynamicTest.dynamicTest(
                    "crash after call " + k + " of " + calls,
                    () -> {
                      String group = scene();
                      assertThat(ElbScenes.crashAfter(k, lbs -> lbs.ensure(OWNER, spec())))
                          .as("died after call " + k)
                          .isTrue();

                      AwsLoadBalancers healthy = new AwsLoadBalancers(AwsAccount.clients());
                      healthy.ensure(OWNER, spec());
                      String lbGroup = AwsAccount.loadBalancer(NAME).securityGroups().get(0);
                      assertThat(ours(group))
                          .containsExactlyInAnyOrder(
                              "tcp/30080<-" + lbGroup,
                              "tcp/30443<-" + lbGroup,
                              "tcp/10256<-" + lbGroup);
                      assertThat(healthy.ensure(OWNER, spec()).outcome())
                          .isEqualTo(ChangeOutcome.UNCHANGED);

                      assertThat(healthy.ensureDeleted(OWNER, NAME)).isEqualTo(Deletion.GONE);
                      assertThat(ours(group)).isEmpty();
                      assertThat(AwsAccount.securityGroupsNamed("strato-nlb-" + NAME)).isEmpty();
                    }));
  }

  @TestFactory
  Stream<DynamicTest> deletion() {
    return IntStream.rangeClosed(1, 6)
        .mapToObj(
            k ->
                DynamicTest.dynamicTest(
                    "crash after call " + k + " of a deletion",
                    () -> {
                      String group = scene();
                      AwsLoadBalancers healthy = new AwsLoadBalancers(AwsAccount.clients());
                      healthy.ensure(OWNER, spec());
                      ElbScenes.crashAfter(k, lbs -> lbs.ensureDeleted(OWNER, NAME));
                      assertThat(healthy.ensureDeleted(OWNER, NAME)).isEqualTo(Deletion.GONE);
                      assertThat(ours(group)).isEmpty();
                    }));
  }

  /** A fresh account with the group "nodes" of one instance in a cluster-tagged security group. */
  private static String scene() {
    AwsFixtures network = AwsAccount.freshAccount("c1");
    return AutoScalingGroups.createWithNodeGroup("nodes", network, "c1");
  }

  /** The rules with this load balancer's description, as {@code proto/port<-source}. */
  private static Set<String> ours(String groupId) {
    return ElbScenes.targetRules(groupId, OWNER, NAME);
  }
}
