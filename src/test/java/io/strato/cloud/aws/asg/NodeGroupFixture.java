package io.strato.cloud.aws.asg;

import io.strato.cloud.Ownership;
import io.strato.cloud.nodegroup.LaunchSpec;
import io.strato.cloud.nodegroup.NodeGroupSpec;
import io.strato.cloud.nodegroup.ScalingMetric;
import io.strato.cloud.nodegroup.ScalingPolicySpec;
import io.strato.cloud.nodegroup.Taint;
import io.strato.testsupport.AwsFixtures;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.ScalingPolicy;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.LaunchTemplate;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateVersion;
import software.amazon.awssdk.services.ec2.model.Reservation;

/**
 * A prepared account (a VPC over three zones, a security group, an image) and the node group spec
 * the scenarios start from, plus what the emulator holds, read straight through the SDK.
 */
record NodeGroupFixture(
    Ec2Client ec2, AutoScalingClient autoScaling, AwsFixtures network, String imageId, String sg) {

  static final String CLUSTER = "prod";
  static final String NAME = "prod-workers";
  static final Ownership OWNER =
      new Ownership("uid-workers", "NodeGroup", "default/workers", CLUSTER);
  static final Ownership STRANGER =
      new Ownership("uid-other", "NodeGroup", "default/other", CLUSTER);
  static final String USER_DATA = "#!/bin/bash\n/etc/eks/bootstrap.sh prod\n";

  static NodeGroupFixture prepare(Ec2Client ec2, AutoScalingClient autoScaling) {
    AwsFixtures network = AwsFixtures.network(ec2, CLUSTER);
    String sg =
        ec2.createSecurityGroup(
                r -> r.groupName("nodes").description("nodes").vpcId(network.vpcId()))
            .groupId();
    return new NodeGroupFixture(ec2, autoScaling, network, AwsFixtures.imageId(ec2), sg);
  }

  /** min 1 / max 5 / desired 2 over the three private subnets, a label, a taint, CPU at 50%. */
  NodeGroupSpec spec() {
    return new NodeGroupSpec(
        NAME,
        new LaunchSpec(imageId, "m5.large", USER_DATA, List.of(sg), null),
        network.privateSubnets(),
        1,
        5,
        2,
        new ScalingPolicySpec(ScalingMetric.AVERAGE_CPU, 50, null, false),
        Map.of("node.kubernetes.io/pool", "general"),
        List.of(new Taint("dedicated", "batch", "NoSchedule")),
        Map.of("team", "platform"));
  }

  static NodeGroupSpec withSizes(NodeGroupSpec s, int min, int max, Integer desired) {
    return new NodeGroupSpec(
        s.name(),
        s.launch(),
        s.subnetIds(),
        min,
        max,
        desired,
        s.scalingPolicy(),
        s.labels(),
        s.taints(),
        s.tags());
  }

  static NodeGroupSpec withInstanceType(NodeGroupSpec s, String type) {
    LaunchSpec l = s.launch();
    return new NodeGroupSpec(
        s.name(),
        new LaunchSpec(l.imageId(), type, l.userData(), l.securityGroupIds(), l.keyName()),
        s.subnetIds(),
        s.minSize(),
        s.maxSize(),
        s.desiredCapacity(),
        s.scalingPolicy(),
        s.labels(),
        s.taints(),
        s.tags());
  }

  static NodeGroupSpec withPolicy(NodeGroupSpec s, ScalingPolicySpec policy) {
    return new NodeGroupSpec(
        s.name(),
        s.launch(),
        s.subnetIds(),
        s.minSize(),
        s.maxSize(),
        s.desiredCapacity(),
        policy,
        s.labels(),
        s.taints(),
        s.tags());
  }

  static NodeGroupSpec withLabelsAndTags(
      NodeGroupSpec s, Map<String, String> labels, Map<String, String> tags) {
    return new NodeGroupSpec(
        s.name(),
        s.launch(),
        s.subnetIds(),
        s.minSize(),
        s.maxSize(),
        s.desiredCapacity(),
        s.scalingPolicy(),
        labels,
        s.taints(),
        tags);
  }

  List<AutoScalingGroup> groups() {
    return autoScaling.describeAutoScalingGroups().autoScalingGroups();
  }

  Optional<AutoScalingGroup> group() {
    return autoScaling
        .describeAutoScalingGroups(r -> r.autoScalingGroupNames(NAME))
        .autoScalingGroups()
        .stream()
        .findFirst();
  }

  Map<String, String> groupTags() {
    return group().orElseThrow().tags().stream()
        .collect(java.util.stream.Collectors.toMap(t -> t.key(), t -> t.value()));
  }

  List<LaunchTemplate> templates() {
    return ec2.describeLaunchTemplates().launchTemplates();
  }

  /** The tags EC2 holds for a resource (DescribeTags, not the resource's own description). */
  Map<String, String> tagsOf(String resourceId) {
    return ec2
        .describeTags(
            r -> r.filters(Filter.builder().name("resource-id").values(resourceId).build()))
        .tags()
        .stream()
        .collect(java.util.stream.Collectors.toMap(t -> t.key(), t -> t.value()));
  }

  List<LaunchTemplateVersion> versions(String templateId) {
    return ec2.describeLaunchTemplateVersions(r -> r.launchTemplateId(templateId))
        .launchTemplateVersions();
  }

  List<ScalingPolicy> policies() {
    return autoScaling.describePolicies().scalingPolicies();
  }

  /** Instances of this node group that are not terminated. */
  List<Instance> liveInstances() {
    return ec2
        .describeInstances(
            r ->
                r.filters(
                    Filter.builder().name("tag:aws:autoscaling:groupName").values(NAME).build()))
        .reservations()
        .stream()
        .map(Reservation::instances)
        .flatMap(List::stream)
        .filter(i -> !"terminated".equals(i.state().nameAsString()))
        .toList();
  }
}
