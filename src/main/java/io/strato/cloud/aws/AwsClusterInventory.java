package io.strato.cloud.aws;

import io.strato.cloud.CloudException;
import io.strato.cloud.Deletion;
import io.strato.cloud.Ownership;
import io.strato.cloud.inventory.ClusterInventory;
import io.strato.cloud.inventory.OrphanKind;
import io.strato.cloud.inventory.TaggedResource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeSecurityGroupsResponse;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeLoadBalancersResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeTargetGroupsResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;

/**
 * Lists with as few calls as ELBv2 allows, since it has no tag filter: DescribeLoadBalancers (400 a
 * page), DescribeTags in batches of 20 (the API's limit), DescribeTargetGroups (400 a page) with
 * tags read only for the groups no load balancer uses (the others go with their load balancer), and
 * one filtered DescribeSecurityGroups. Steady state with N load balancers and up to 400 target
 * groups: {@code 3 + ceil(N / 20)} calls.
 */
public final class AwsClusterInventory implements ClusterInventory {

  private static final Logger LOG = Logger.getLogger(AwsClusterInventory.class);
  static final int TAG_BATCH = 20;
  private static final int PAGE = 400;

  private final ElasticLoadBalancingV2Client elb;
  private final Ec2Client ec2;

  public AwsClusterInventory(AwsClients clients) {
    this.elb = clients.elb();
    this.ec2 = clients.ec2();
  }

  @Override
  public Listing list(String clusterId) {
    List<LoadBalancer> loadBalancers = loadBalancers();
    Map<String, Map<String, String>> lbTags =
        tags(loadBalancers.stream().map(LoadBalancer::loadBalancerArn).toList());
    Set<String> usedGroups = new HashSet<>();
    List<TaggedResource> lbs = new ArrayList<>();
    for (LoadBalancer lb : loadBalancers) {
      usedGroups.addAll(lb.securityGroups());
      Map<String, String> tags = lbTags.get(lb.loadBalancerArn());
      if (tags != null) {
        lbs.add(
            new TaggedResource(
                OrphanKind.LOAD_BALANCER, lb.loadBalancerArn(), lb.loadBalancerName(), tags, true));
      }
    }
    // Checked against the load balancers just listed, not only for emptiness: moto (and AWS for a
    // moment after a delete) may still name a load balancer that no longer exists.
    Set<String> existing = new HashSet<>();
    loadBalancers.forEach(lb -> existing.add(lb.loadBalancerArn()));
    List<TargetGroup> unused =
        targetGroups().stream()
            .filter(g -> g.loadBalancerArns().stream().noneMatch(existing::contains))
            .toList();
    Map<String, Map<String, String>> tgTags =
        tags(unused.stream().map(TargetGroup::targetGroupArn).toList());
    List<TaggedResource> tgs = new ArrayList<>();
    for (TargetGroup g : unused) {
      Map<String, String> tags = tgTags.get(g.targetGroupArn());
      if (tags != null) {
        tgs.add(
            new TaggedResource(
                OrphanKind.TARGET_GROUP, g.targetGroupArn(), g.targetGroupName(), tags, false));
      }
    }
    List<TaggedResource> sgs =
        securityGroups(clusterId).stream()
            .map(
                g ->
                    new TaggedResource(
                        OrphanKind.SECURITY_GROUP,
                        g.groupId(),
                        g.groupName(),
                        AwsTags.fromEc2(g.tags()),
                        usedGroups.contains(g.groupId())))
            .toList();
    return new Listing(lbs, tgs, sgs);
  }

  @Override
  public Deletion deleteTargetGroup(TaggedResource group) {
    try {
      AwsErrors.run(
          "elbv2:DeleteTargetGroup",
          () -> elb.deleteTargetGroup(r -> r.targetGroupArn(group.id())));
      return Deletion.GONE;
    } catch (CloudException.NotFound gone) {
      return Deletion.GONE;
    } catch (CloudException.Conflict inUse) {
      return Deletion.IN_PROGRESS;
    }
  }

  @Override
  public Deletion deleteSecurityGroup(TaggedResource group) {
    try {
      AwsErrors.run(
          "ec2:DeleteSecurityGroup", () -> ec2.deleteSecurityGroup(r -> r.groupId(group.id())));
      return Deletion.GONE;
    } catch (CloudException.NotFound gone) {
      return Deletion.GONE;
    } catch (CloudException.Conflict inUse) {
      // DependencyViolation: a load balancer's network interfaces outlive it by minutes.
      return Deletion.IN_PROGRESS;
    }
  }

  private List<LoadBalancer> loadBalancers() {
    List<LoadBalancer> out = new ArrayList<>();
    String marker = null;
    do {
      String page = marker;
      DescribeLoadBalancersResponse response =
          AwsErrors.call(
              "elbv2:DescribeLoadBalancers",
              () -> elb.describeLoadBalancers(r -> r.pageSize(PAGE).marker(page)));
      out.addAll(response.loadBalancers());
      marker = response.nextMarker();
    } while (marker != null && !marker.isEmpty());
    return out;
  }

  private List<TargetGroup> targetGroups() {
    List<TargetGroup> out = new ArrayList<>();
    String marker = null;
    do {
      String page = marker;
      DescribeTargetGroupsResponse response =
          AwsErrors.call(
              "elbv2:DescribeTargetGroups",
              () -> elb.describeTargetGroups(r -> r.pageSize(PAGE).marker(page)));
      out.addAll(response.targetGroups());
      marker = response.nextMarker();
    } while (marker != null && !marker.isEmpty());
    return out;
  }

  /**
   * Tags per ARN. A batch naming something deleted since it was listed fails whole; its resources
   * are left out of this sweep (seen again by the next), which can delay a deletion but never cause
   * one.
   */
  private Map<String, Map<String, String>> tags(List<String> arns) {
    Map<String, Map<String, String>> out = new HashMap<>();
    for (int from = 0; from < arns.size(); from += TAG_BATCH) {
      List<String> batch = arns.subList(from, Math.min(arns.size(), from + TAG_BATCH));
      try {
        AwsErrors.call("elbv2:DescribeTags", () -> elb.describeTags(r -> r.resourceArns(batch)))
            .tagDescriptions()
            .forEach(d -> out.put(d.resourceArn(), AwsTags.fromElbv2(d.tags())));
      } catch (CloudException.NotFound gone) {
        LOG.debugf("a resource went away while its tags were read; skipping %d", batch.size());
      }
    }
    return out;
  }

  private List<SecurityGroup> securityGroups(String clusterId) {
    List<Filter> filters =
        List.of(
            Filter.builder().name("tag:" + Ownership.MANAGED_BY_TAG).values("strato").build(),
            Filter.builder()
                .name("tag:" + Ownership.CLUSTER_TAG_PREFIX + clusterId)
                .values("owned")
                .build());
    List<SecurityGroup> out = new ArrayList<>();
    String token = null;
    do {
      String page = token;
      DescribeSecurityGroupsResponse response =
          AwsErrors.call(
              "ec2:DescribeSecurityGroups",
              () -> ec2.describeSecurityGroups(r -> r.filters(filters).nextToken(page)));
      out.addAll(response.securityGroups());
      token = response.nextToken();
    } while (token != null && !token.isEmpty());
    return out;
  }
}
