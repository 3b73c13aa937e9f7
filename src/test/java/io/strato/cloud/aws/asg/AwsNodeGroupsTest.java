package io.strato.cloud.aws.asg;

import static io.strato.cloud.aws.asg.NodeGroupFixture.NAME;
import static io.strato.cloud.aws.asg.NodeGroupFixture.OWNER;
import static io.strato.cloud.aws.asg.NodeGroupFixture.USER_DATA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strato.cloud.ChangeOutcome;
import io.strato.cloud.CloudException;
import io.strato.cloud.Deletion;
import io.strato.cloud.Ensured;
import io.strato.cloud.aws.AwsClients;
import io.strato.cloud.aws.AwsTags;
import io.strato.cloud.nodegroup.NodeGroupSpec;
import io.strato.cloud.nodegroup.NodeGroupStatus;
import io.strato.cloud.nodegroup.ScalingMetric;
import io.strato.cloud.nodegroup.ScalingPolicySpec;
import io.strato.testsupport.AwsFixtures;
import io.strato.testsupport.MotoServer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.ScalingPolicy;
import software.amazon.awssdk.services.autoscaling.model.TagDescription;
import software.amazon.awssdk.services.ec2.model.LaunchTemplate;
import software.amazon.awssdk.services.ec2.model.ResponseLaunchTemplateData;

/** Scenarios against moto: what a node group looks like in the account after each call. */
class AwsNodeGroupsTest {

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
  void createsTemplateGroupOverThreeZonesAndPolicy() {
    Ensured<NodeGroupStatus> ensured = nodeGroups.ensure(OWNER, aws.spec());
    Map<String, Long> calls = clients.metrics().snapshot();
    System.out.println("create calls: " + calls);

    assertThat(ensured.outcome()).isEqualTo(ChangeOutcome.CREATED);
    assertThat(ensured.settled()).isTrue();

    LaunchTemplate template = single(aws.templates());
    assertThat(template.launchTemplateName()).isEqualTo(NAME);
    assertThat(AwsTags.fromEc2(template.tags()))
        .containsEntry("strato.io/owner", OWNER.ownerUid())
        .containsEntry("strato.io/resource", "NodeGroup/default/workers")
        .containsEntry("kubernetes.io/cluster/prod", "owned")
        .containsEntry("team", "platform");
    ResponseLaunchTemplateData data =
        single(aws.versions(template.launchTemplateId())).launchTemplateData();
    assertThat(data.imageId()).isEqualTo(aws.imageId());
    assertThat(data.instanceTypeAsString()).isEqualTo("m5.large");
    assertThat(data.securityGroupIds()).containsExactly(aws.sg());
    assertThat(new String(Base64.getDecoder().decode(data.userData()), StandardCharsets.UTF_8))
        .isEqualTo(USER_DATA);
    assertThat(LaunchContent.observed(data).instanceTags()).isEqualTo(OWNER.tags());
    assertThat(LaunchContent.observed(data).volumeTags()).isEqualTo(OWNER.tags());

    AutoScalingGroup group = single(aws.groups());
    assertThat(group.vpcZoneIdentifier().split(","))
        .containsExactlyInAnyOrderElementsOf(aws.network().privateSubnets());
    assertThat(group.availabilityZones()).containsExactlyInAnyOrderElementsOf(AwsFixtures.ZONES);
    assertThat(group.minSize()).isEqualTo(1);
    assertThat(group.maxSize()).isEqualTo(5);
    assertThat(group.desiredCapacity()).isEqualTo(2);
    assertThat(group.launchTemplate().launchTemplateId()).isEqualTo(template.launchTemplateId());
    assertThat(group.launchTemplate().version()).isEqualTo("1");
    assertThat(group.instances()).hasSize(2);
    assertThat(group.tags())
        .extracting(TagDescription::key, TagDescription::value, TagDescription::propagateAtLaunch)
        .contains(
            org.assertj.core.groups.Tuple.tuple("strato.io/owner", OWNER.ownerUid(), true),
            org.assertj.core.groups.Tuple.tuple("team", "platform", true),
            org.assertj.core.groups.Tuple.tuple("kubernetes.io/cluster/prod", "owned", true),
            org.assertj.core.groups.Tuple.tuple("k8s.io/cluster-autoscaler/enabled", "true", false),
            org.assertj.core.groups.Tuple.tuple("k8s.io/cluster-autoscaler/prod", "owned", false),
            org.assertj.core.groups.Tuple.tuple(
                "k8s.io/cluster-autoscaler/node-template/label/node.kubernetes.io/pool",
                "general",
                false),
            org.assertj.core.groups.Tuple.tuple(
                "k8s.io/cluster-autoscaler/node-template/taint/dedicated",
                "batch:NoSchedule",
                false));
    assertThat(aws.liveInstances()).hasSize(2);

    ScalingPolicy policy = single(aws.policies());
    assertThat(policy.policyName()).isEqualTo(NAME + "-target-tracking");
    assertThat(policy.autoScalingGroupName()).isEqualTo(NAME);
    assertThat(policy.targetTrackingConfiguration().targetValue()).isEqualTo(50.0);
    assertThat(
            policy
                .targetTrackingConfiguration()
                .predefinedMetricSpecification()
                .predefinedMetricTypeAsString())
        .isEqualTo("ASGAverageCPUUtilization");

    NodeGroupStatus status = ensured.status();
    assertThat(status.launchTemplateId()).isEqualTo(template.launchTemplateId());
    assertThat(status.launchTemplateVersion()).isEqualTo(1);
    assertThat(status.instanceIds()).hasSize(2);
    assertThat(status.zones()).containsExactlyInAnyOrderElementsOf(AwsFixtures.ZONES);
    assertThat(status.scalingPolicyArn()).isEqualTo(policy.policyARN());
    assertThat(status.desiredCapacity()).isEqualTo(2);

    assertThat(calls)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "AutoScaling:DescribeAutoScalingGroups", 2L,
                "Ec2:DescribeLaunchTemplates", 1L,
                "Ec2:CreateLaunchTemplate", 1L,
                "AutoScaling:CreateAutoScalingGroup", 1L,
                // 2, not 1: moto's PutScalingPolicy answer has no ARN the SDK can read, so the
                // policy is looked up again (AWS answers with the ARN: 1 there)
                "AutoScaling:DescribePolicies", 2L,
                "AutoScaling:PutScalingPolicy", 1L));
  }

  @Test
  void ensuringAnUnchangedGroupOnlyReads() {
    nodeGroups.ensure(OWNER, aws.spec());
    clients.metrics().reset();

    Ensured<NodeGroupStatus> again = nodeGroups.ensure(OWNER, aws.spec());
    Map<String, Long> calls = clients.metrics().snapshot();
    System.out.println("unchanged ensure calls: " + calls);

    assertThat(again.outcome()).isEqualTo(ChangeOutcome.UNCHANGED);
    assertThat(again.settled()).isTrue();
    // The version the group is pinned to was written by this process, and versions never change,
    // so its content is not read again; the policy the spec asks for is.
    assertThat(calls)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "AutoScaling:DescribeAutoScalingGroups", 1L,
                "Ec2:DescribeLaunchTemplates", 1L,
                "AutoScaling:DescribePolicies", 1L));
  }

  @Test
  void afterARestartTheTemplateVersionIsReadOnceAgain() {
    nodeGroups.ensure(OWNER, aws.spec());
    AwsNodeGroups restarted = new AwsNodeGroups(clients);
    clients.metrics().reset();

    assertThat(restarted.ensure(OWNER, aws.spec()).outcome()).isEqualTo(ChangeOutcome.UNCHANGED);
    assertThat(clients.metrics().snapshot())
        .containsEntry("Ec2:DescribeLaunchTemplateVersions", 1L);

    clients.metrics().reset();
    restarted.ensure(OWNER, aws.spec());
    assertThat(clients.metrics().snapshot())
        .doesNotContainKey("Ec2:DescribeLaunchTemplateVersions");
  }

  @Test
  void aGroupMovedToAnotherVersionBehindStratosBackIsMovedBack() {
    Ensured<NodeGroupStatus> created = nodeGroups.ensure(OWNER, aws.spec());
    String templateId = created.status().launchTemplateId();
    // Someone adds a version with other content and points the group at it.
    long foreign =
        clients
            .ec2()
            .createLaunchTemplateVersion(
                r ->
                    r.launchTemplateId(templateId)
                        .sourceVersion("1")
                        .launchTemplateData(d -> d.instanceType("t3.nano")))
            .launchTemplateVersion()
            .versionNumber();
    clients
        .autoScaling()
        .updateAutoScalingGroup(
            r ->
                r.autoScalingGroupName(NAME)
                    .launchTemplate(
                        lt -> lt.launchTemplateId(templateId).version(Long.toString(foreign))));

    Ensured<NodeGroupStatus> again = nodeGroups.ensure(OWNER, aws.spec());

    // The foreign version is read (this process never saw it) and found to differ, so the group
    // goes to a version with the spec's content again.
    assertThat(again.outcome()).isEqualTo(ChangeOutcome.UPDATED);
    long pinned = again.status().launchTemplateVersion();
    assertThat(pinned).isNotEqualTo(foreign);
    assertThat(aws.group().orElseThrow().launchTemplate().version())
        .isEqualTo(Long.toString(pinned));
    assertThat(
            aws.versions(templateId).stream()
                .filter(v -> v.versionNumber() == pinned)
                .map(v -> v.launchTemplateData().instanceTypeAsString()))
        .containsExactly("m5.large");
  }

  @Test
  void scalingChangesTheGroupButNotTheTemplate() {
    nodeGroups.ensure(OWNER, aws.spec());

    Ensured<NodeGroupStatus> scaled =
        nodeGroups.ensure(OWNER, NodeGroupFixture.withSizes(aws.spec(), 1, 6, 3));

    assertThat(scaled.outcome()).isEqualTo(ChangeOutcome.UPDATED);
    AutoScalingGroup group = aws.group().orElseThrow();
    assertThat(group.maxSize()).isEqualTo(6);
    assertThat(group.desiredCapacity()).isEqualTo(3);
    assertThat(group.instances()).hasSize(3);
    assertThat(aws.versions(single(aws.templates()).launchTemplateId())).hasSize(1);
    assertThat(scaled.status().instanceIds()).hasSize(3);
  }

  @Test
  void withoutADesiredCapacityTheAutoscalersChoiceStays() {
    nodeGroups.ensure(OWNER, aws.spec());
    // cluster-autoscaler scales the group up
    clients.autoScaling().setDesiredCapacity(r -> r.autoScalingGroupName(NAME).desiredCapacity(4));

    Ensured<NodeGroupStatus> ensured =
        nodeGroups.ensure(OWNER, NodeGroupFixture.withSizes(aws.spec(), 1, 5, null));

    assertThat(ensured.outcome()).isEqualTo(ChangeOutcome.UNCHANGED);
    assertThat(aws.group().orElseThrow().desiredCapacity()).isEqualTo(4);
  }

  @Test
  void anotherInstanceTypeRollsANewTemplateVersionAndPinsTheGroupToIt() {
    nodeGroups.ensure(OWNER, aws.spec());
    clients.metrics().reset();

    Ensured<NodeGroupStatus> ensured =
        nodeGroups.ensure(OWNER, NodeGroupFixture.withInstanceType(aws.spec(), "m5.xlarge"));

    assertThat(ensured.outcome()).isEqualTo(ChangeOutcome.UPDATED);
    LaunchTemplate template = single(aws.templates());
    assertThat(aws.versions(template.launchTemplateId())).hasSize(2);
    assertThat(aws.group().orElseThrow().launchTemplate().version()).isEqualTo("2");
    assertThat(ensured.status().launchTemplateVersion()).isEqualTo(2);
    assertThat(clients.metrics().snapshot())
        .containsEntry("Ec2:CreateLaunchTemplateVersion", 1L)
        .containsEntry("AutoScaling:UpdateAutoScalingGroup", 1L)
        .doesNotContainKey("AutoScaling:PutScalingPolicy");

    // and the next ensure compares with version 2: nothing to do
    assertThat(
            nodeGroups
                .ensure(OWNER, NodeGroupFixture.withInstanceType(aws.spec(), "m5.xlarge"))
                .outcome())
        .isEqualTo(ChangeOutcome.UNCHANGED);
  }

  @Test
  void goingBackToEarlierContentIsAnExplicitNewVersion() {
    nodeGroups.ensure(OWNER, aws.spec());
    nodeGroups.ensure(OWNER, NodeGroupFixture.withInstanceType(aws.spec(), "m5.xlarge"));

    nodeGroups.ensure(OWNER, aws.spec());

    assertThat(aws.versions(single(aws.templates()).launchTemplateId())).hasSize(3);
    assertThat(aws.group().orElseThrow().launchTemplate().version()).isEqualTo("3");
  }

  @Test
  void changingThePolicyTargetRewritesItAndRemovingItDeletesIt() {
    nodeGroups.ensure(OWNER, aws.spec());

    Ensured<NodeGroupStatus> retargeted =
        nodeGroups.ensure(
            OWNER,
            NodeGroupFixture.withPolicy(
                aws.spec(), new ScalingPolicySpec(ScalingMetric.AVERAGE_CPU, 70, null, true)));

    assertThat(retargeted.outcome()).isEqualTo(ChangeOutcome.UPDATED);
    ScalingPolicy policy = single(aws.policies());
    assertThat(policy.targetTrackingConfiguration().targetValue()).isEqualTo(70.0);
    assertThat(policy.targetTrackingConfiguration().disableScaleIn()).isTrue();

    Ensured<NodeGroupStatus> without =
        nodeGroups.ensure(OWNER, NodeGroupFixture.withPolicy(aws.spec(), null));

    assertThat(without.outcome()).isEqualTo(ChangeOutcome.UPDATED);
    assertThat(aws.policies()).isEmpty();
    assertThat(without.status().scalingPolicyArn()).isNull();
  }

  @Test
  void requestCountTrackingNamesTheTargetGroup() {
    String label = "app/prod-lb/50dc6c495c0c9188/targetgroup/prod-tg/73e2d6bc24d8a067";
    nodeGroups.ensure(
        OWNER,
        NodeGroupFixture.withPolicy(
            aws.spec(),
            new ScalingPolicySpec(ScalingMetric.REQUESTS_PER_TARGET, 1000, label, false)));

    var metric =
        single(aws.policies()).targetTrackingConfiguration().predefinedMetricSpecification();
    assertThat(metric.predefinedMetricTypeAsString()).isEqualTo("ALBRequestCountPerTarget");
    assertThat(metric.resourceLabel()).isEqualTo(label);
  }

  @Test
  void aRequestCountPolicyWithoutItsLabelIsRefusedBeforeAnythingExists() {
    NodeGroupSpec invalid =
        NodeGroupFixture.withPolicy(
            aws.spec(),
            new ScalingPolicySpec(ScalingMetric.REQUESTS_PER_TARGET, 1000, null, false));

    assertThatThrownBy(() -> nodeGroups.ensure(OWNER, invalid))
        .isInstanceOf(CloudException.InvalidRequest.class);
    assertThat(clients.metrics().total()).isZero();
    assertThat(aws.templates()).isEmpty();
    assertThat(aws.groups()).isEmpty();
  }

  @Test
  void changedLabelsAndTagsAreRewrittenWithoutANewTemplateVersion() {
    nodeGroups.ensure(OWNER, aws.spec());
    NodeGroupSpec relabelled =
        NodeGroupFixture.withLabelsAndTags(
            aws.spec(), Map.of("node.kubernetes.io/pool", "batch"), Map.of("cost-center", "42"));

    Ensured<NodeGroupStatus> ensured = nodeGroups.ensure(OWNER, relabelled);

    assertThat(ensured.outcome()).isEqualTo(ChangeOutcome.UPDATED);
    assertThat(aws.groupTags())
        .containsEntry(
            "k8s.io/cluster-autoscaler/node-template/label/node.kubernetes.io/pool", "batch")
        .containsEntry("cost-center", "42")
        .doesNotContainKey("team")
        .containsEntry("strato.io/owner", OWNER.ownerUid());
    LaunchTemplate template = single(aws.templates());
    assertThat(aws.tagsOf(template.launchTemplateId()))
        .containsEntry("cost-center", "42")
        .doesNotContainKey("team")
        .containsEntry("strato.io/owner", OWNER.ownerUid());
    assertThat(aws.versions(template.launchTemplateId())).hasSize(1);

    clients.metrics().reset();
    nodeGroups.ensure(OWNER, relabelled);
    // moto's DescribeLaunchTemplates keeps showing the tags a template was created with
    // (LaunchTemplate.tags is set once in moto/ec2/models/launch_templates.py), so there the
    // template's tags look stale and are written again; AWS shows the current ones. The group's
    // tags are read correctly, and nothing is written to the group.
    assertThat(clients.metrics().snapshot().keySet())
        .allMatch(
            call ->
                call.contains(":Describe")
                    || call.equals("Ec2:CreateTags")
                    || call.equals("Ec2:DeleteTags"));
  }

  @Test
  void getReportsWhatExistsAndNothingForAnAbsentGroup() {
    assertThat(nodeGroups.get(OWNER, NAME)).isEmpty();
    Ensured<NodeGroupStatus> ensured = nodeGroups.ensure(OWNER, aws.spec());

    assertThat(nodeGroups.get(OWNER, NAME)).contains(ensured.status());
  }

  @Test
  void deletingTerminatesInstancesThenRemovesTheTemplate() {
    nodeGroups.ensure(OWNER, aws.spec());

    Deletion first = nodeGroups.ensureDeleted(OWNER, NAME);
    Deletion second = nodeGroups.ensureDeleted(OWNER, NAME);

    assertThat(first).isEqualTo(Deletion.IN_PROGRESS);
    assertThat(second).isEqualTo(Deletion.GONE);
    assertThat(aws.groups()).isEmpty();
    assertThat(aws.templates()).isEmpty();
    assertThat(aws.policies()).isEmpty();
    assertThat(aws.liveInstances()).isEmpty();
    assertThat(nodeGroups.ensureDeleted(OWNER, NAME)).isEqualTo(Deletion.GONE);
  }

  private static <T> T single(java.util.List<T> items) {
    assertThat(items).hasSize(1);
    return items.get(0);
  }
}
