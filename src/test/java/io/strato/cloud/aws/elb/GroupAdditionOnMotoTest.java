package io.strato.cloud.aws.elb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strato.cloud.ChangeOutcome;
import io.strato.cloud.CloudException;
import io.strato.cloud.Deletion;
import io.strato.cloud.Ensured;
import io.strato.cloud.Ownership;
import io.strato.cloud.loadbalancer.LastEnsures;
import io.strato.cloud.loadbalancer.LoadBalancerSpec;
import io.strato.cloud.loadbalancer.LoadBalancerStatus;
import io.strato.cloud.loadbalancer.TargetIngress;
import io.strato.testsupport.AwsAccount;
import io.strato.testsupport.AwsFixtures;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * A load balancer made before the Auto Scaling groups it serves (a self-managed cluster's API load
 * balancer) is attached to them on the next pass from the remembered ensure: an ownership read, the
 * record, one attach per group, the members' security groups and the state, with no observation of
 * listeners or target groups; anything the memory cannot vouch for is ensured in full.
 */
class GroupAdditionOnMotoTest {

  private static final Ownership OWNER = LoadBalancerLifecycleTest.OWNER;
  private static final String RECORD = AutoScalingAttachment.TAG;

  private AwsFixtures network;
  private AwsLoadBalancers provider;
  private LastEnsures lastEnsures;

  @BeforeEach
  void freshAccount() {
    network = AwsAccount.freshAccount("c1");
    provider = new AwsLoadBalancers(AwsAccount.clients());
    lastEnsures = LastEnsures.settledForPolls(provider, 10);
  }

  @Test
  void groupsAddedToTheRememberedLoadBalancerAreAttachedWithoutObservingIt() {
    lastEnsures.ensure(OWNER, 0, withGroups(List.of()));
    AutoScalingGroups.create("cp-a", network);
    AutoScalingGroups.create("cp-b", network);
    AwsAccount.clients().metrics().reset();

    Ensured<LoadBalancerStatus> attached =
        lastEnsures.ensure(OWNER, 0, withGroups(List.of("cp-a", "cp-b")));

    assertThat(AwsAccount.calls())
        .as(
            "ownership and records, the record, two attaches, the members' security groups (their"
                + " instances carry none here), the state")
        .isEqualTo(
            Map.of(
                "DescribeTags", 1L,
                "AddTags", 1L,
                "AttachLoadBalancerTargetGroups", 2L,
                "DescribeAutoScalingGroups", 1L,
                "DescribeInstances", 1L,
                "DescribeLoadBalancers", 1L));
    assertThat(attached.outcome()).isEqualTo(ChangeOutcome.UPDATED);
    assertThat(attached.settled()).isTrue();
    List<String> targetGroups = targetGroupArns();
    assertThat(AutoScalingGroups.targetGroups("cp-a")).isEqualTo(targetGroups);
    assertThat(AutoScalingGroups.targetGroups("cp-b")).isEqualTo(targetGroups);
    String arn = AwsAccount.loadBalancer("web").loadBalancerArn();
    assertThat(AutoScalingAttachment.recorded(AwsAccount.tags(arn)))
        .containsExactly("cp-a", "cp-b");

    // The same spec again is a state read; a full ensure afterwards finds nothing to do.
    AwsAccount.clients().metrics().reset();
    lastEnsures.ensure(OWNER, 0, withGroups(List.of("cp-a", "cp-b")));
    assertThat(AwsAccount.calls()).isEqualTo(Map.of("DescribeLoadBalancers", 1L));
    assertThat(provider.ensure(OWNER, withGroups(List.of("cp-a", "cp-b"))).outcome())
        .isEqualTo(ChangeOutcome.UNCHANGED);
  }

  /**
   * moto enforces no security group, so the rules are read back: the members of a group attached on
   * the addition path are opened to the load balancer as a full ensure opens them (traffic ports
   * and the health-check port, from the load balancer's own group), and a full ensure then has
   * nothing to add.
   */
  @Test
  void theMembersOfAnAddedGroupAreOpenedToTheLoadBalancer() {
    lastEnsures.ensure(OWNER, 0, withGroups(List.of()));
    String nodes = AutoScalingGroups.createWithNodeGroup("cp-a", network, "c1");
    AwsAccount.clients().metrics().reset();

    lastEnsures.ensure(OWNER, 0, withGroups(List.of("cp-a")));

    assertThat(AwsAccount.calls())
        .as("the addition path, not a full ensure")
        .doesNotContainKeys("DescribeListeners", "DescribeTargetGroups");
    String lbGroup = AwsAccount.loadBalancer("web").securityGroups().get(0);
    assertThat(ElbScenes.targetRules(nodes, OWNER, "web"))
        .containsExactlyInAnyOrder(
            "tcp/30080<-" + lbGroup, "tcp/30443<-" + lbGroup, "tcp/10256<-" + lbGroup);
    assertThat(provider.ensure(OWNER, withGroups(List.of("cp-a"))).outcome())
        .isEqualTo(ChangeOutcome.UNCHANGED);
  }

  @Test
  void aRecordThatDiffersFromTheMemoryIsEnsuredInFull() {
    lastEnsures.ensure(OWNER, 0, withGroups(List.of()));
    AutoScalingGroups.create("cp-a", network);
    AutoScalingGroups.create("other", network);
    String arn = AwsAccount.loadBalancer("web").loadBalancerArn();
    // Another replica's ensure (or a crashed one) recorded a group this memory does not know.
    AwsAccount.aws()
        .elb()
        .addTags(r -> r.resourceArns(arn).tags(t -> t.key(RECORD).value("other")));
    AwsAccount.aws()
        .autoScaling()
        .attachLoadBalancerTargetGroups(
            r -> r.autoScalingGroupName("other").targetGroupARNs(targetGroupArns()));
    AwsAccount.clients().metrics().reset();

    lastEnsures.ensure(OWNER, 0, withGroups(List.of("cp-a")));

    assertThat(AwsAccount.calls())
        .containsKeys("DescribeListeners", "DetachLoadBalancerTargetGroups");
    assertThat(AutoScalingGroups.targetGroups("other")).isEmpty();
    assertThat(AutoScalingAttachment.recorded(AwsAccount.tags(arn))).containsExactly("cp-a");
  }

  @Test
  void aGroupThatDoesNotExistIsRefusedByTheFullEnsure() {
    lastEnsures.ensure(OWNER, 0, withGroups(List.of()));

    assertThatThrownBy(() -> lastEnsures.ensure(OWNER, 0, withGroups(List.of("absent"))))
        .isInstanceOf(CloudException.InvalidRequest.class)
        .hasMessageContaining("absent");
  }

  /**
   * Killed after any call of the addition: a restarted process (no memory) ensures in full and
   * attaches exactly once, and the deletion then leaves no attachment behind.
   */
  @TestFactory
  Stream<DynamicTest> crashDuringTheAddition() {
    List<String> groups = List.of("cp-a", "cp-b");
    AwsFixtures first = AwsAccount.freshAccount("c1");
    AutoScalingGroups.create("cp-a", first);
    AutoScalingGroups.create("cp-b", first);
    int before = ElbScenes.callsOf(lbs -> provider(lbs).ensure(OWNER, 0, withGroups(List.of())));
    int all =
        ElbScenes.callsOf(
            lbs -> {
              LastEnsures memory = provider(lbs);
              memory.ensure(OWNER, 0, withGroups(List.of()));
              memory.ensure(OWNER, 0, withGroups(groups));
            });
    return IntStream.rangeClosed(before + 1, all - 1)
        .mapToObj(
            k ->
                DynamicTest.dynamicTest(
                    "crash after call " + (k - before) + " of " + (all - before),
                    () -> {
                      AwsFixtures fresh = AwsAccount.freshAccount("c1");
                      AutoScalingGroups.create("cp-a", fresh);
                      AutoScalingGroups.create("cp-b", fresh);
                      assertThat(
                              ElbScenes.crashAfter(
                                  k,
                                  lbs -> {
                                    LastEnsures memory = provider(lbs);
                                    memory.ensure(OWNER, 0, withGroups(List.of()));
                                    memory.ensure(OWNER, 0, withGroups(groups));
                                  }))
                          .isTrue();

                      AwsLoadBalancers restarted = new AwsLoadBalancers(AwsAccount.clients());
                      restarted.ensure(OWNER, withGroups(groups));
                      List<String> targetGroups = targetGroupArns();
                      assertThat(AutoScalingGroups.targetGroups("cp-a")).isEqualTo(targetGroups);
                      assertThat(AutoScalingGroups.targetGroups("cp-b")).isEqualTo(targetGroups);
                      assertThat(AwsAccount.loadBalancersNamed("web")).hasSize(1);

                      assertThat(restarted.ensureDeleted(OWNER, "web")).isEqualTo(Deletion.GONE);
                      assertThat(AutoScalingGroups.targetGroups("cp-a")).isEmpty();
                      assertThat(AutoScalingGroups.targetGroups("cp-b")).isEmpty();
                    }));
  }

  private static List<String> targetGroupArns() {
    return ElbScenes.targetGroupsOf("web").stream().map(g -> g.targetGroupArn()).sorted().toList();
  }

  private static LastEnsures provider(AwsLoadBalancers lbs) {
    return LastEnsures.settledForPolls(lbs, 10);
  }

  /** {@code web} attached to these groups, their own security groups admitting it. */
  private static LoadBalancerSpec withGroups(List<String> groups) {
    LoadBalancerSpec s = LoadBalancerLifecycleTest.web();
    return new LoadBalancerSpec(
        s.name(),
        s.scheme(),
        s.subnets(),
        s.securityGroupIds(),
        s.sourceRanges(),
        s.listeners(),
        s.targetType(),
        s.targets(),
        null,
        s.tags(),
        s.extraSecurityGroupIds(),
        s.subnetAddresses(),
        groups,
        s.attributes(),
        TargetIngress.LOAD_BALANCER_GROUP);
  }
}
