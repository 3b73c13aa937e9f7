package io.strato.cloud.aws.elb;

import static io.strato.cloud.aws.elb.Specs.tcp;
import static org.assertj.core.api.Assertions.assertThat;

import io.strato.cloud.ChangeOutcome;
import io.strato.cloud.Deletion;
import io.strato.cloud.Ownership;
import io.strato.cloud.aws.AwsClients;
import io.strato.cloud.loadbalancer.ListenerSpec;
import io.strato.cloud.loadbalancer.LoadBalancerSpec;
import io.strato.cloud.loadbalancer.SubnetSelection;
import io.strato.cloud.loadbalancer.Target;
import io.strato.cloud.loadbalancer.TargetType;
import io.strato.testsupport.AwsAccount;
import io.strato.testsupport.AwsFixtures;
import io.strato.testsupport.AwsWireError;
import io.strato.testsupport.FaultProxy;
import io.strato.testsupport.ProxiedCall;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;

/**
 * The process dies right after the k-th AWS call of an operation (the call took effect, its answer
 * is lost), for every k: the fault proxy in front of moto drops that answer and every later call
 * (see {@link ElbScenes#crashAfter}). A normal run afterwards must converge without twins, and
 * deletion must leave nothing.
 */
class CrashSafetyTest {

  private static final Ownership OWNER = LoadBalancerLifecycleTest.OWNER;
  private static final String NAME = "web";

  private static LoadBalancerSpec withTargets() {
    return Specs.with(
        Specs.withTargetType(LoadBalancerLifecycleTest.web(), TargetType.IP),
        SubnetSelection.discover(null),
        List.of(),
        List.of("10.0.0.0/8"),
        List.of(new Target("10.0.0.10"), new Target("10.0.1.10")),
        null,
        Map.of("team", "shop"));
  }

  private static LoadBalancerSpec withAutoScalingGroup() {
    LoadBalancerSpec web = LoadBalancerLifecycleTest.web();
    return Specs.with(web, web.subnets(), List.of(), List.of(), List.of(), "nodes", web.tags());
  }

  @TestFactory
  Stream<DynamicTest> createWithExplicitTargets() {
    return crashEveryCall(withTargets(), network -> {});
  }

  @TestFactory
  Stream<DynamicTest> createAttachedToAnAutoScalingGroup() {
    return crashEveryCall(
        withAutoScalingGroup(), network -> AutoScalingGroups.create("nodes", network));
  }

  private Stream<DynamicTest> crashEveryCall(LoadBalancerSpec spec, Consumer<AwsFixtures> scene) {
    AwsFixtures network = AwsAccount.freshAccount("c1");
    scene.accept(network);
    int calls = ElbScenes.callsOf(lbs -> lbs.ensure(OWNER, spec));
    return IntStream.rangeClosed(1, calls)
        .mapToObj(
            k ->
                DynamicTest.dynamicTest(
                    "crash after call " + k + " of " + calls,
                    () -> {
                      AwsFixtures fresh = AwsAccount.freshAccount("c1");
                      scene.accept(fresh);
                      assertThat(ElbScenes.crashAfter(k, lbs -> lbs.ensure(OWNER, spec)))
                          .as("died after call " + k)
                          .isTrue();

                      AwsLoadBalancers healthy = new AwsLoadBalancers(AwsAccount.clients());
                      healthy.ensure(OWNER, spec);
                      assertConverged(spec);
                      assertThat(healthy.ensure(OWNER, spec).outcome())
                          .isEqualTo(ChangeOutcome.UNCHANGED);

                      assertThat(healthy.ensureDeleted(OWNER, NAME)).isEqualTo(Deletion.GONE);
                      assertNothingLeft(spec);
                    }));
  }

  @TestFactory
  Stream<DynamicTest> deletion() {
    LoadBalancerSpec spec = withAutoScalingGroup();
    AwsAccount.freshAccount("c1");
    return Stream.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12)
        .map(
            k ->
                DynamicTest.dynamicTest(
                    "crash after call " + k + " of a deletion",
                    () -> {
                      AwsFixtures network = AwsAccount.freshAccount("c1");
                      AutoScalingGroups.create("nodes", network);
                      AwsLoadBalancers healthy = new AwsLoadBalancers(AwsAccount.clients());
                      healthy.ensure(OWNER, spec);
                      // a deletion shorter than k simply finishes
                      ElbScenes.crashAfter(k, lbs -> lbs.ensureDeleted(OWNER, NAME));
                      assertThat(healthy.ensureDeleted(OWNER, NAME)).isEqualTo(Deletion.GONE);
                      assertNothingLeft(spec);
                    }));
  }

  @TestFactory
  Stream<DynamicTest> updateThatReplacesATargetGroup() {
    LoadBalancerSpec before = LoadBalancerLifecycleTest.web();
    ListenerSpec moved = tcp(80, 31080);
    LoadBalancerSpec after = Specs.withListeners(before, List.of(moved, before.listeners().get(1)));
    return IntStream.rangeClosed(1, 16)
        .mapToObj(
            k ->
                DynamicTest.dynamicTest(
                    "crash after call " + k + " of an update",
                    () -> {
                      AwsAccount.freshAccount("c1");
                      AwsLoadBalancers healthy = new AwsLoadBalancers(AwsAccount.clients());
                      healthy.ensure(OWNER, before);
                      // dies for every k shorter than the update
                      ElbScenes.crashAfter(k, lbs -> lbs.ensure(OWNER, after));
                      healthy.ensure(OWNER, after);
                      assertConverged(after);
                      assertThat(ElbScenes.targetGroupsOf(NAME))
                          .extracting(TargetGroup::port)
                          .containsExactlyInAnyOrder(31080, 30443);
                      assertThat(AwsAccount.tags(AwsAccount.loadBalancer(NAME).loadBalancerArn()))
                          .doesNotContainKey(TargetGroups.SWEEP_TAG);
                    }));
  }

  /** One group to two others (one per zone of a control plane): the record never forgets one. */
  @TestFactory
  Stream<DynamicTest> movingFromOneAutoScalingGroupToSeveral() {
    LoadBalancerSpec before = withAutoScalingGroups(List.of("zone-a"));
    LoadBalancerSpec after = withAutoScalingGroups(List.of("zone-b", "zone-c"));
    return IntStream.rangeClosed(1, 14)
        .mapToObj(
            k ->
                DynamicTest.dynamicTest(
                    "crash after call " + k + " of the move",
                    () -> {
                      AwsFixtures network = AwsAccount.freshAccount("c1");
                      for (String asg : List.of("zone-a", "zone-b", "zone-c")) {
                        AutoScalingGroups.create(asg, network);
                      }
                      AwsLoadBalancers healthy = new AwsLoadBalancers(AwsAccount.clients());
                      healthy.ensure(OWNER, before);
                      // dies for every k shorter than the move
                      ElbScenes.crashAfter(k, lbs -> lbs.ensure(OWNER, after));
                      healthy.ensure(OWNER, after);
                      assertConverged(after);
                      assertThat(AutoScalingGroups.targetGroups("zone-a")).isEmpty();
                      assertThat(
                              AutoScalingAttachment.recorded(
                                  AwsAccount.tags(AwsAccount.loadBalancer(NAME).loadBalancerArn())))
                          .containsExactly("zone-b", "zone-c");

                      assertThat(healthy.ensureDeleted(OWNER, NAME)).isEqualTo(Deletion.GONE);
                      assertNothingLeft(after);
                    }));
  }

  private static LoadBalancerSpec withAutoScalingGroups(List<String> groups) {
    LoadBalancerSpec web = LoadBalancerLifecycleTest.web();
    return new LoadBalancerSpec(
        web.name(),
        web.scheme(),
        web.subnets(),
        List.of(),
        List.of(),
        web.listeners(),
        web.targetType(),
        List.of(),
        null,
        web.tags(),
        List.of(),
        null,
        groups);
  }

  @Test
  void aSecurityGroupStillInUseMakesDeletionReportProgressNotFailure() {
    AwsAccount.freshAccount("c1");
    AwsLoadBalancers healthy = new AwsLoadBalancers(AwsAccount.clients());
    healthy.ensure(OWNER, LoadBalancerLifecycleTest.web());
    // EC2 refuses to delete a group that an NLB's network interfaces, gone minutes later, still use
    FaultProxy nlbInterfacesLinger =
        AwsAccount.proxy()
            .refuseAll(
                ProxiedCall.action("DeleteSecurityGroup"),
                new AwsWireError(
                    400,
                    "DependencyViolation",
                    "resource sg-0123456789abcdef0 has a dependent object"));
    try (AwsClients clients = nlbInterfacesLinger.clients(3)) {
      assertThat(new AwsLoadBalancers(clients).ensureDeleted(OWNER, NAME))
          .isEqualTo(Deletion.IN_PROGRESS);
    }
    assertThat(AwsAccount.loadBalancersNamed(NAME)).isEmpty();
    assertThat(AwsAccount.securityGroupsNamed("strato-nlb-web")).hasSize(1);

    assertThat(healthy.ensureDeleted(OWNER, NAME)).isEqualTo(Deletion.GONE);
    assertThat(AwsAccount.securityGroupsNamed("strato-nlb-web")).isEmpty();
  }

  /**
   * Found by the fault injection campaign: the first answer is lost, and the SDK's retry answered
   * InvalidPermission.Duplicate.
   */
  @Test
  void anIngressRuleWhoseAnswerWasLostIsNotAFailure() {
    AwsAccount.freshAccount("c1");
    FaultProxy answerLost =
        AwsAccount.proxy().dropAnswer(ProxiedCall.action("AuthorizeSecurityGroupIngress"), 1);

    try (AwsClients retrying = answerLost.clients(3)) {
      new AwsLoadBalancers(retrying).ensure(OWNER, LoadBalancerLifecycleTest.web());
    }

    assertConverged(LoadBalancerLifecycleTest.web());
    assertThat(new AwsLoadBalancers(AwsAccount.clients()).ensureDeleted(OWNER, NAME))
        .isEqualTo(Deletion.GONE);
  }

  private static void assertConverged(LoadBalancerSpec spec) {
    var lb = AwsAccount.loadBalancer(NAME); // exactly one, or it throws
    assertThat(AwsAccount.listeners(lb.loadBalancerArn())).hasSize(spec.listeners().size());
    assertThat(ElbScenes.targetGroupsOf(NAME))
        .as("one target group per listener")
        .hasSize(spec.listeners().size());
    assertThat(AwsAccount.allTargetGroups()).hasSize(spec.listeners().size());
    assertThat(AwsAccount.securityGroupsNamed("strato-nlb-" + NAME)).hasSize(1);
    assertThat(lb.securityGroups())
        .containsExactly(AwsAccount.securityGroupsNamed("strato-nlb-" + NAME).get(0).groupId());
    for (TargetGroup group : ElbScenes.targetGroupsOf(NAME)) {
      assertThat(AwsAccount.tags(group.targetGroupArn()))
          .containsEntry("strato.io/owner", OWNER.ownerUid());
      if (!spec.targets().isEmpty()) {
        assertThat(AwsAccount.registeredTargets(group.targetGroupArn()))
            .hasSize(spec.targets().size());
      }
    }
    for (String asg : spec.autoScalingGroups()) {
      assertThat(AutoScalingGroups.targetGroups(asg))
          .containsExactlyInAnyOrderElementsOf(
              ElbScenes.targetGroupsOf(NAME).stream().map(TargetGroup::targetGroupArn).toList());
    }
  }

  private static void assertNothingLeft(LoadBalancerSpec spec) {
    assertThat(AwsAccount.loadBalancersNamed(NAME)).isEmpty();
    assertThat(AwsAccount.allTargetGroups()).isEmpty();
    assertThat(AwsAccount.securityGroupsNamed("strato-nlb-" + NAME)).isEmpty();
    for (String asg : spec.autoScalingGroups()) {
      assertThat(AutoScalingGroups.targetGroups(asg)).isEmpty();
    }
  }
}
