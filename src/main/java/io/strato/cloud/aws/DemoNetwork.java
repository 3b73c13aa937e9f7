package io.strato.cloud.aws;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/**
 * Seeds the local emulator (only an emulator Strato started itself) with the network an account
 * prepared for Strato would have: a VPC over three zones, public subnets tagged {@code
 * kubernetes.io/role/elb} and private ones tagged {@code kubernetes.io/role/internal-elb}, so the
 * walk-through can create load balancers and node groups right away. Idempotent by the VPC's Name.
 */
public final class DemoNetwork {

  public static final String NAME = "strato-demo";
  private static final String[] ZONE_SUFFIXES = {"a", "b", "c"};

  private DemoNetwork() {}

  /** Creates the network unless a VPC named {@value #NAME} exists; answers its VPC ID. */
  public static String ensure(Ec2Client ec2, String region) {
    var existing =
        ec2.describeVpcs(r -> r.filters(Filter.builder().name("tag:Name").values(NAME).build()))
            .vpcs();
    if (!existing.isEmpty()) {
      return existing.get(0).vpcId();
    }
    String vpcId =
        ec2.createVpc(r -> r.cidrBlock("10.42.0.0/16").tagSpecifications(named(ResourceType.VPC)))
            .vpc()
            .vpcId();
    for (int i = 0; i < ZONE_SUFFIXES.length; i++) {
      String zone = region + ZONE_SUFFIXES[i];
      subnet(ec2, vpcId, zone, "10.42." + i + ".0/24", "kubernetes.io/role/elb");
      subnet(ec2, vpcId, zone, "10.42." + (100 + i) + ".0/24", "kubernetes.io/role/internal-elb");
    }
    return vpcId;
  }

  private static void subnet(Ec2Client ec2, String vpcId, String zone, String cidr, String role) {
    List<Tag> tags = new ArrayList<>();
    tags.add(Tag.builder().key("Name").value(NAME).build());
    tags.add(Tag.builder().key(role).value("1").build());
    ec2.createSubnet(
        r ->
            r.vpcId(vpcId)
                .availabilityZone(zone)
                .cidrBlock(cidr)
                .tagSpecifications(
                    TagSpecification.builder()
                        .resourceType(ResourceType.SUBNET)
                        .tags(tags)
                        .build()));
  }

  private static TagSpecification named(ResourceType type) {
    return TagSpecification.builder()
        .resourceType(type)
        .tags(Tag.builder().key("Name").value(NAME).build())
        .build();
  }
}
