package io.strato.cloud.aws.elb;

import static io.strato.cloud.aws.elb.Specs.tcp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strato.cloud.ChangeOutcome;
import io.strato.cloud.CloudException;
import io.strato.cloud.Deletion;
import io.strato.cloud.Ownership;
import io.strato.cloud.loadbalancer.KnownTargetGroup;
import io.strato.cloud.loadbalancer.LoadBalancerSpec;
import io.strato.cloud.loadbalancer.Scheme;
import io.strato.cloud.loadbalancer.SubnetSelection;
import io.strato.cloud.loadbalancer.Target;
import io.strato.cloud.loadbalancer.TargetType;
import io.strato.testsupport.AwsAccount;
import io.strato.testsupport.AwsFixtures;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;

/** Explicit targets, {@code updateTargets} and Auto Scaling attachments. */
class LoadBalancerTargetsTest {

  private static final Ownership OWNER =
      new Ownership("uid-ingress", "Service", "kube-system/ingress", "c1");

  private AwsFixtures network;
  private AwsLoadBalancers loadBalancers;

  @BeforeEach
  void freshAccount() {
    network = AwsAccount.freshAccount("c1");
    loadBalancers = new AwsLoadBalancers(AwsAccount.clients());
  }

  private static LoadBalancerSpec ingress(TargetType type, List<Target> targets, String asg) {
    return Specs.with(
        Specs.withTargetType(
            Specs.spec("ingress", Scheme.INTERNET_FACING, List.of(tcp(80, 30080), tcp(443, 30443))),
            type),
        SubnetSelection.discover(null),
        List.of(),
        List.of(),
        targets,
        asg,
        Map.of());
  }

  private static List<Target> ips(String... ips) {
    return Arrays.stream(ips).map(Target::new).toList();
  }

  private TargetGroup group(int port) {
    return ElbScenes.targetGroupsOf("ingress").stream()
        .filter(g -> g.port() == port)
        .findFirst()
        .orElseThrow();
  }

  @Test
  void explicitTargetsAreRegisteredInEveryGroupOnItsTargetPort() {
    loadBalancers.ensure(OWNER, ingress(TargetType.IP, ips("10.0.0.10", "10.0.1.10"), null));

    assertThat(AwsAccount.registeredTargets(group(30080).targetGroupArn()))
        .containsExactly("10.0.0.10:30080", "10.0.1.10:30080");
    assertThat(AwsAccount.registeredTargets(group(30443).targetGroupArn()))
        .containsExactly("10.0.0.10:30443", "10.0.1.10:30443");
    assertThat(group(30080).targetTypeAsString()).isEqualTo("ip");
  }

  @Test
  void updateTargetsRegistersAndDeregistersOnlyTheDifferenceInOneCallEach() {
    loadBalancers.ensure(OWNER, ingress(TargetType.IP, ips("10.0.0.10", "10.0.1.10"), null));
    AwsAccount.clients().metrics().reset();

    loadBalancers.updateTargets(OWNER, "ingress", ips("10.0.0.10", "10.0.2.10", "10.0.2.11"));
    System.out.println("calls of updateTargets on two groups: " + AwsAccount.calls());

    assertThat(AwsAccount.registeredTargets(group(30080).targetGroupArn()))
        .containsExactly("10.0.0.10:30080", "10.0.2.10:30080", "10.0.2.11:30080");
    assertThat(AwsAccount.registeredTargets(group(30443).targetGroupArn()))
        .containsExactly("10.0.0.10:30443", "10.0.2.10:30443", "10.0.2.11:30443");
    assertThat(AwsAccount.writeCalls().values()).containsOnly(2L);
    assertThat(AwsAccount.calls())
        .containsEntry("RegisterTargets", 2L)
        .containsEntry("DeregisterTargets", 2L)
        .containsEntry("DescribeTargetHealth", 2L);

    AwsAccount.clients().metrics().reset();
    loadBalancers.updateTargets(OWNER, "ingress", ips("10.0.0.10", "10.0.2.10", "10.0.2.11"));
    assertThat(AwsAccount.writeCalls()).as("nothing to change").isEmpty();
  }

  @Test
  void changeTargetsOnKnownGroupsRegistersAndDeregistersWithoutReading() {
    loadBalancers.ensure(OWNER, ingress(TargetType.IP, ips("10.0.0.10", "10.0.1.10"), null));
    List<KnownTargetGroup> groups =
        loadBalancers.updateTargets(OWNER, "ingress", ips("10.0.0.10", "10.0.1.10"));
    assertThat(groups)
        .containsExactlyInAnyOrder(
            new KnownTargetGroup(group(30080).targetGroupArn(), 30080),
            new KnownTargetGroup(group(30443).targetGroupArn(), 30443));
    AwsAccount.clients().metrics().reset();

    loadBalancers.changeTargets(OWNER, groups, ips("10.0.2.10"), ips("10.0.1.10"));

    assertThat(AwsAccount.calls())
        .as("one register and one deregister per group, no read")
        .containsOnly(Map.entry("RegisterTargets", 2L), Map.entry("DeregisterTargets", 2L));
    assertThat(AwsAccount.registeredTargets(group(30080).targetGroupArn()))
        .containsExactly("10.0.0.10:30080", "10.0.2.10:30080");
    assertThat(AwsAccount.registeredTargets(group(30443).targetGroupArn()))
        .containsExactly("10.0.0.10:30443", "10.0.2.10:30443");

    AwsAccount.clients().metrics().reset();
    loadBalancers.changeTargets(OWNER, groups, List.of(), List.of());
    assertThat(AwsAccount.calls()).as("nothing to change, nothing called").isEmpty();
  }

  @Test
  void changeTargetsOnAGroupDeletedBehindOurBackIsNotFound() {
    loadBalancers.ensure(OWNER, ingress(TargetType.IP, ips("10.0.0.10"), null));
    List<KnownTargetGroup> groups = loadBalancers.updateTargets(OWNER, "ingress", ips("10.0.0.10"));
    assertThat(loadBalancers.ensureDeleted(OWNER, "ingress")).isEqualTo(Deletion.GONE);

    assertThatThrownBy(
            () -> loadBalancers.changeTargets(OWNER, groups, ips("10.0.2.10"), List.of()))
        .isInstanceOf(CloudException.NotFound.class);
  }

  @Test
  void updateTargetsOnAMissingLoadBalancerIsNotFound() {
    assertThatThrownBy(() -> loadBalancers.updateTargets(OWNER, "ingress", ips("10.0.0.1")))
        .isInstanceOf(CloudException.NotFound.class);
  }

  @Test
  void targetsDroppedFromTheSpecAreDeregistered() {
    loadBalancers.ensure(OWNER, ingress(TargetType.IP, ips("10.0.0.10", "10.0.1.10"), null));

    assertThat(
            loadBalancers.ensure(OWNER, ingress(TargetType.IP, ips("10.0.1.10"), null)).outcome())
        .isEqualTo(ChangeOutcome.UPDATED);

    assertThat(AwsAccount.registeredTargets(group(30080).targetGroupArn()))
        .containsExactly("10.0.1.10:30080");
  }

  @Test
  void anAutoScalingGroupGetsEveryTargetGroupAndDeletionDetachesThem() {
    AutoScalingGroups.create("nodes", network);

    loadBalancers.ensure(OWNER, ingress(TargetType.INSTANCE, List.of(), "nodes"));

    List<String> groups = List.of(group(30080).targetGroupArn(), group(30443).targetGroupArn());
    assertThat(AutoScalingGroups.targetGroups("nodes")).containsExactlyInAnyOrderElementsOf(groups);
    String instance = AutoScalingGroups.instance("nodes");
    assertThat(AwsAccount.registeredTargets(group(30080).targetGroupArn()))
        .containsExactly(instance + ":30080");
    assertThat(AwsAccount.tags(AwsAccount.loadBalancer("ingress").loadBalancerArn()))
        .containsEntry("strato.io/autoscaling-group", "nodes");

    AwsAccount.clients().metrics().reset();
    assertThat(
            loadBalancers.ensure(OWNER, ingress(TargetType.INSTANCE, List.of(), "nodes")).outcome())
        .isEqualTo(ChangeOutcome.UNCHANGED);
    assertThat(AwsAccount.writeCalls()).isEmpty();
    System.out.println(
        "calls of an unchanged ensure with an Auto Scaling group: " + AwsAccount.calls());

    assertThat(loadBalancers.ensureDeleted(OWNER, "ingress")).isEqualTo(Deletion.GONE);
    assertThat(AutoScalingGroups.targetGroups("nodes")).isEmpty();
    assertThat(AwsAccount.allTargetGroups()).isEmpty();
  }

  @Test
  void movingToAnotherAutoScalingGroupDetachesFromTheOldOneAndNoneDetachesAll() {
    AutoScalingGroups.create("blue", network);
    AutoScalingGroups.create("green", network);
    loadBalancers.ensure(OWNER, ingress(TargetType.INSTANCE, List.of(), "blue"));

    loadBalancers.ensure(OWNER, ingress(TargetType.INSTANCE, List.of(), "green"));

    assertThat(AutoScalingGroups.targetGroups("blue")).isEmpty();
    assertThat(AutoScalingGroups.targetGroups("green")).hasSize(2);
    String lb = AwsAccount.loadBalancer("ingress").loadBalancerArn();
    assertThat(AwsAccount.tags(lb)).containsEntry("strato.io/autoscaling-group", "green");

    loadBalancers.ensure(OWNER, ingress(TargetType.INSTANCE, List.of(), null));

    assertThat(AutoScalingGroups.targetGroups("green")).isEmpty();
    assertThat(AwsAccount.tags(lb)).doesNotContainKey("strato.io/autoscaling-group");
  }

  @Test
  void severalAutoScalingGroupsAreEachAttachedRecordedAndDetached() {
    for (String zone : List.of("a", "b", "c")) {
      AutoScalingGroups.create("cp-" + zone, network);
    }
    LoadBalancerSpec three = withGroups(List.of("cp-c", "cp-a", "cp-b"));

    loadBalancers.ensure(OWNER, three);

    String lb = AwsAccount.loadBalancer("ingress").loadBalancerArn();
    for (String zone : List.of("a", "b", "c")) {
      assertThat(AutoScalingGroups.targetGroups("cp-" + zone)).hasSize(2);
      assertThat(AwsAccount.registeredTargets(group(30080).targetGroupArn()))
          .contains(AutoScalingGroups.instance("cp-" + zone) + ":30080");
    }
    assertThat(AutoScalingAttachment.recorded(AwsAccount.tags(lb)))
        .containsExactly("cp-a", "cp-b", "cp-c");
    assertThat(AwsAccount.tags(lb)).containsEntry("strato.io/autoscaling-group", "cp-a");
    AwsAccount.clients().metrics().reset();
    assertThat(loadBalancers.ensure(OWNER, three).outcome()).isEqualTo(ChangeOutcome.UNCHANGED);
    assertThat(AwsAccount.writeCalls()).isEmpty();

    // Down to one group: the others are detached and no longer recorded.
    loadBalancers.ensure(OWNER, withGroups(List.of("cp-b")));

    assertThat(AutoScalingGroups.targetGroups("cp-a")).isEmpty();
    assertThat(AutoScalingGroups.targetGroups("cp-c")).isEmpty();
    assertThat(AutoScalingGroups.targetGroups("cp-b")).hasSize(2);
    assertThat(AwsAccount.tags(lb))
        .containsEntry("strato.io/autoscaling-group", "cp-b")
        .doesNotContainValue("cp-a")
        .doesNotContainValue("cp-c");

    // Back to three, then deletion detaches every one without the spec.
    loadBalancers.ensure(OWNER, three);
    assertThat(loadBalancers.ensureDeleted(OWNER, "ingress")).isEqualTo(Deletion.GONE);
    for (String zone : List.of("a", "b", "c")) {
      assertThat(AutoScalingGroups.targetGroups("cp-" + zone)).isEmpty();
    }
  }

  private static LoadBalancerSpec withGroups(List<String> groups) {
    LoadBalancerSpec s = ingress(TargetType.INSTANCE, List.of(), null);
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
        List.of(),
        null,
        groups);
  }

  @Test
  void aMissingAutoScalingGroupIsAnInvalidRequest() {
    assertThatThrownBy(
            () -> loadBalancers.ensure(OWNER, ingress(TargetType.INSTANCE, List.of(), "nope")))
        .isInstanceOfSatisfying(
            CloudException.InvalidRequest.class,
            e -> assertThat(e.reason()).isEqualTo("AutoScalingGroupNotFound"));
  }
}
