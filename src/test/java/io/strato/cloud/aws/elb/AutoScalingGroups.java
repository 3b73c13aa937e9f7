package io.strato.cloud.aws.elb;

import io.strato.testsupport.AwsAccount;
import io.strato.testsupport.AwsFixtures;
import java.util.List;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/** Auto Scaling groups made directly with the SDK, as the node groups of a cluster would be. */
final class AutoScalingGroups {

  private AutoScalingGroups() {}

  /** A group of one running instance in the given subnets, with its own launch template. */
  static void create(String name, AwsFixtures network) {
    create(name, network, List.of());
  }

  /**
   * The same, its instances in a security group of their own tagged {@code
   * kubernetes.io/cluster/<cluster>=owned} (as a cluster's nodes are): its ID.
   */
  static String createWithNodeGroup(String name, AwsFixtures network, String cluster) {
    String group =
        AwsAccount.aws()
            .ec2()
            .createSecurityGroup(
                r ->
                    r.groupName(name)
                        .description(name)
                        .vpcId(network.vpcId())
                        .tagSpecifications(
                            TagSpecification.builder()
                                .resourceType(ResourceType.SECURITY_GROUP)
                                .tags(t -> t.key("kubernetes.io/cluster/" + cluster).value("owned"))
                                .build()))
            .groupId();
    create(name, network, List.of(group));
    return group;
  }

  private static void create(String name, AwsFixtures network, List<String> securityGroups) {
    var clients = AwsAccount.aws();
    String image = AwsFixtures.imageId(clients.ec2());
    clients
        .ec2()
        .createLaunchTemplate(
            r ->
                r.launchTemplateName(name)
                    .launchTemplateData(
                        d ->
                            d.imageId(image)
                                .instanceType("t3.micro")
                                .securityGroupIds(securityGroups)));
    clients
        .autoScaling()
        .createAutoScalingGroup(
            r ->
                r.autoScalingGroupName(name)
                    .launchTemplate(t -> t.launchTemplateName(name))
                    .minSize(0)
                    .maxSize(2)
                    .desiredCapacity(1)
                    .vpcZoneIdentifier(String.join(",", network.publicSubnets())));
  }

  static AutoScalingGroup describe(String name) {
    return AwsAccount.aws()
        .autoScaling()
        .describeAutoScalingGroups(r -> r.autoScalingGroupNames(name))
        .autoScalingGroups()
        .get(0);
  }

  static List<String> targetGroups(String name) {
    return describe(name).targetGroupARNs().stream().sorted().toList();
  }

  static String instance(String name) {
    return describe(name).instances().get(0).instanceId();
  }
}
