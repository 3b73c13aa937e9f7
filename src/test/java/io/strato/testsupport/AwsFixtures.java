package io.strato.testsupport;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/**
 * A network the way an account prepared for Strato has it: a VPC over three zones with public
 * subnets tagged {@code kubernetes.io/role/elb} and private ones tagged {@code
 * kubernetes.io/role/internal-elb}, both tagged for the cluster.
 */
public record AwsFixtures(String vpcId, List<String> publicSubnets, List<String> privateSubnets) {

  public static final List<String> ZONES = List.of("us-east-1a", "us-east-1b", "us-east-1c");

  public static AwsFixtures network(Ec2Client ec2, String clusterId) {
    String vpcId = ec2.createVpc(r -> r.cidrBlock("10.0.0.0/16")).vpc().vpcId();
    List<String> pub = new ArrayList<>();
    List<String> priv = new ArrayList<>();
    for (int i = 0; i < ZONES.size(); i++) {
      pub.add(
          subnet(
              ec2,
              vpcId,
              ZONES.get(i),
              "10.0." + i + ".0/24",
              "kubernetes.io/role/elb",
              clusterId));
      priv.add(
          subnet(
              ec2,
              vpcId,
              ZONES.get(i),
              "10.0." + (100 + i) + ".0/24",
              "kubernetes.io/role/internal-elb",
              clusterId));
    }
    return new AwsFixtures(vpcId, pub, priv);
  }

  private static String subnet(
      Ec2Client ec2, String vpcId, String zone, String cidr, String roleTag, String clusterId) {
    List<Tag> tags = new ArrayList<>();
    tags.add(Tag.builder().key(roleTag).value("1").build());
    if (clusterId != null) {
      tags.add(Tag.builder().key("kubernetes.io/cluster/" + clusterId).value("shared").build());
    }
    return ec2.createSubnet(
            r ->
                r.vpcId(vpcId)
                    .availabilityZone(zone)
                    .cidrBlock(cidr)
                    .tagSpecifications(
                        TagSpecification.builder()
                            .resourceType(ResourceType.SUBNET)
                            .tags(tags)
                            .build()))
        .subnet()
        .subnetId();
  }

  /** An AMI moto knows, for launch templates. */
  public static String imageId(Ec2Client ec2) {
    return ec2.describeImages(r -> r.owners("amazon")).images().get(0).imageId();
  }

  /** The instance profile self-managed control-plane members run as in tests. */
  public static final String CONTROL_PLANE_PROFILE = "strato-control-plane";

  /** The instance profile self-managed workers run as in tests. */
  public static final String NODE_PROFILE = "strato-node";

  /**
   * Creates both node instance profiles, each holding a role of the same name that EC2 may assume.
   *
   * @return the role ARNs by profile name
   */
  public static java.util.Map<String, String> nodeProfiles(
      software.amazon.awssdk.services.iam.IamClient iam) {
    return nodeProfilesNamed(iam, CONTROL_PLANE_PROFILE, NODE_PROFILE);
  }

  /** Instance profiles of these names, each holding a role of the same name; role ARNs by name. */
  public static java.util.Map<String, String> nodeProfilesNamed(
      software.amazon.awssdk.services.iam.IamClient iam, String... names) {
    java.util.Map<String, String> roles = new java.util.TreeMap<>();
    for (String name : names) {
      // Idempotent: a test class that shares moto without a reset may find them already there.
      try {
        iam.createRole(
            r ->
                r.roleName(name)
                    .assumeRolePolicyDocument(
                        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                            + "\"Principal\":{\"Service\":\"ec2.amazonaws.com\"},"
                            + "\"Action\":\"sts:AssumeRole\"}]}"));
        iam.createInstanceProfile(r -> r.instanceProfileName(name));
        iam.addRoleToInstanceProfile(r -> r.instanceProfileName(name).roleName(name));
      } catch (software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException exists) {
        // made by an earlier test against the same moto state
      }
      roles.put(name, iam.getRole(r -> r.roleName(name)).role().arn());
    }
    return roles;
  }
}
