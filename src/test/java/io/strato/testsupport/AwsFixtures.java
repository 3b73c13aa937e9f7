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
}
