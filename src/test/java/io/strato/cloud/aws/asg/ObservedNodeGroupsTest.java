package io.strato.cloud.aws.asg;

import static io.strato.cloud.aws.asg.NodeGroupFixture.OWNER;
import static io.strato.cloud.aws.asg.NodeGroupFixture.STRANGER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strato.cloud.ChangeOutcome;
import io.strato.cloud.CloudException;
import io.strato.cloud.Deletion;
import io.strato.cloud.Ensured;
import io.strato.cloud.aws.AwsClients;
import io.strato.cloud.nodegroup.NodeGroupSpec;
import io.strato.cloud.nodegroup.NodeGroupStatus;
import io.strato.testsupport.MotoServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;

/**
 * Scenarios for the batch path a cluster uses: every node group of one owner observed together,
 * written, read back and deleted in as few calls as the groups allow, with the same ownership
 * checks as one group at a time.
 */
class ObservedNodeGroupsTest {

  private AwsClients clients;
  private NodeGroupFixture aws;
  private AwsNodeGroups nodeGroups;

  @BeforeEach
  void freshAccount() {
    MotoServer moto = MotoServer.shared();
    moto.reset();
    clients = moto.clients();
    aws = NodeGroupFixture.prepare(clients.ec2(), clients.autoScaling());
    nodeGroups = new AwsNodeGroups(clients);
    clients.metrics().reset();
  }

  @AfterEach
  void close() {
    clients.close();
  }

  @Test
  void threeGroupsAreCreatedThenPolledInTwoReads() {
    List<NodeGroupSpec> specs = List.of(named("prod-a"), named("prod-b"), named("prod-c"));

    Map<String, Ensured<NodeGroupStatus>> created = nodeGroups.observeAll(OWNER).ensureAll(specs);
    Map<String, Long> calls = clients.metrics().snapshot();

    assertThat(created.keySet()).containsExactly("prod-a", "prod-b", "prod-c");
    assertThat(created.values()).allMatch(e -> e.outcome() == ChangeOutcome.CREATED);
    assertThat(created.values()).allMatch(e -> e.status().autoScalingGroupArn() != null);
    assertThat(aws.groups()).hasSize(3);
    // The three groups are read back in one call, not one each.
    assertThat(calls)
        .containsEntry("AutoScaling:DescribeAutoScalingGroups", 2L)
        .containsEntry("Ec2:DescribeLaunchTemplates", 1L)
        .doesNotContainKey("AutoScaling:DescribePolicies");

    clients.metrics().reset();
    var batch = nodeGroups.observeAll(OWNER);
    Map<String, Ensured<NodeGroupStatus>> again = batch.ensureAll(specs);

    assertThat(batch.groups()).containsExactly("prod-a", "prod-b", "prod-c");
    assertThat(again.values()).allMatch(e -> e.outcome() == ChangeOutcome.UNCHANGED);
    assertThat(clients.metrics().snapshot())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("AutoScaling:DescribeAutoScalingGroups", 1L, "Ec2:DescribeLaunchTemplates", 1L));
  }

  @Test
  void afterARestartVersionsArePerTemplateAndPoliciesOneCallForAll() {
    List<NodeGroupSpec> specs = List.of(named("prod-a"), named("prod-b"));
    nodeGroups.observeAll(OWNER).ensureAll(specs);
    AwsNodeGroups restarted = new AwsNodeGroups(clients);
    clients.metrics().reset();

    Map<String, Ensured<NodeGroupStatus>> again = restarted.observeAll(OWNER).ensureAll(specs);

    assertThat(again.values()).allMatch(e -> e.outcome() == ChangeOutcome.UNCHANGED);
    assertThat(clients.metrics().snapshot())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "AutoScaling:DescribeAutoScalingGroups", 1L,
                "Ec2:DescribeLaunchTemplates", 1L,
                "Ec2:DescribeLaunchTemplateVersions", 2L,
                "AutoScaling:DescribePolicies", 1L));
  }

  @Test
  void aChangedSpecIsWrittenOnlyToItsGroup() {
    nodeGroups.observeAll(OWNER).ensureAll(List.of(named("prod-a"), named("prod-b")));

    Map<String, Ensured<NodeGroupStatus>> changed =
        nodeGroups
            .observeAll(OWNER)
            .ensureAll(
                List.of(
                    named("prod-a"),
                    NodeGroupFixture.withInstanceType(named("prod-b"), "m5.xlarge")));

    assertThat(changed.get("prod-a").outcome()).isEqualTo(ChangeOutcome.UNCHANGED);
    assertThat(changed.get("prod-b").outcome()).isEqualTo(ChangeOutcome.UPDATED);
    assertThat(changed.get("prod-b").status().launchTemplateVersion()).isEqualTo(2L);
  }

  @Test
  void anotherOwnersGroupOfTheSameNameIsNeitherSeenNorChanged() {
    nodeGroups.ensure(STRANGER, named("prod-a"));
    AutoScalingGroup before = aws.groups().get(0);

    var batch = nodeGroups.observeAll(OWNER);

    assertThat(batch.names()).isEmpty();
    assertThatThrownBy(() -> batch.ensureAll(List.of(named("prod-a"))))
        .isInstanceOf(CloudException.Conflict.class);
    assertThat(batch.deleteAll(List.of("prod-a"))).containsEntry("prod-a", Deletion.GONE);
    assertThat(aws.groups()).hasSize(1);
    assertThat(aws.groups().get(0).autoScalingGroupARN()).isEqualTo(before.autoScalingGroupARN());
    assertThat(aws.templates()).hasSize(1);
  }

  @Test
  void deletingAllTakesGroupsFirstThenTheirTemplatesAndLeavesNoPolicy() {
    nodeGroups
        .observeAll(OWNER)
        .ensureAll(
            List.of(
                NodeGroupFixture.withPolicy(named("prod-a"), aws.spec().scalingPolicy()),
                named("prod-b")));
    assertThat(aws.policies()).hasSize(1);
    AwsNodeGroups restarted = new AwsNodeGroups(clients);

    var first = restarted.observeAll(OWNER);
    assertThat(first.deleteAll(first.names()).values()).containsOnly(Deletion.IN_PROGRESS);
    assertThat(aws.groups()).isEmpty();
    assertThat(aws.policies()).isEmpty();
    assertThat(aws.templates()).hasSize(2);

    var second = restarted.observeAll(OWNER);
    assertThat(second.names()).containsExactly("prod-a", "prod-b");
    assertThat(second.deleteAll(second.names()).values()).containsOnly(Deletion.GONE);
    assertThat(aws.templates()).isEmpty();
    assertThat(restarted.observeAll(OWNER).names()).isEmpty();
  }

  /** The fixture's spec without a policy, under another name. */
  private NodeGroupSpec named(String name) {
    NodeGroupSpec s = aws.spec();
    return new NodeGroupSpec(
        name,
        s.launch(),
        s.subnetIds(),
        s.minSize(),
        s.maxSize(),
        s.desiredCapacity(),
        null,
        s.labels(),
        s.taints(),
        s.tags());
  }
}
