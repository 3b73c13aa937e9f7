package io.strato.cloud.aws.ec2;

import io.strato.cloud.CloudException;
import io.strato.cloud.aws.AwsErrors;
import io.strato.cloud.network.Subnets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Subnet;

/** {@link Subnets} on EC2: one DescribeSubnets per question. */
public final class AwsSubnets implements Subnets {

  private static final String OPERATION = "ec2:DescribeSubnets";

  private final Ec2Client ec2;

  public AwsSubnets(Ec2Client ec2) {
    this.ec2 = ec2;
  }

  @Override
  public List<SubnetInfo> byIds(List<String> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    try {
      return AwsErrors.call(OPERATION, () -> ec2.describeSubnets(r -> r.subnetIds(ids)))
          .subnets()
          .stream()
          .map(AwsSubnets::info)
          .toList();
    } catch (CloudException.NotFound e) {
      // EC2 refuses the whole call when one ID is unknown; ask one by one to say which.
      List<SubnetInfo> found = new ArrayList<>();
      for (String id : ids) {
        try {
          AwsErrors.call(OPERATION, () -> ec2.describeSubnets(r -> r.subnetIds(id)))
              .subnets()
              .forEach(s -> found.add(info(s)));
        } catch (CloudException.NotFound missing) {
          // absent from the answer
        }
      }
      return found;
    }
  }

  @Override
  public List<SubnetInfo> byTags(String vpcId, Map<String, String> tags) {
    List<Filter> filters = new ArrayList<>();
    filters.add(Filter.builder().name("vpc-id").values(vpcId).build());
    tags.forEach(
        (k, v) ->
            filters.add(
                v == null || v.isEmpty()
                    ? Filter.builder().name("tag-key").values(k).build()
                    : Filter.builder().name("tag:" + k).values(v).build()));
    List<SubnetInfo> found = new ArrayList<>();
    String token = null;
    do {
      String next = token;
      var page =
          AwsErrors.call(
              OPERATION, () -> ec2.describeSubnets(r -> r.filters(filters).nextToken(next)));
      page.subnets().forEach(s -> found.add(info(s)));
      token = page.nextToken();
    } while (token != null);
    return found;
  }

  private static SubnetInfo info(Subnet s) {
    return new SubnetInfo(s.subnetId(), s.availabilityZone(), s.vpcId());
  }
}
