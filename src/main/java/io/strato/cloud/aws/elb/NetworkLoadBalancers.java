package io.strato.cloud.aws.elb;

import io.strato.cloud.CloudException;
import io.strato.cloud.aws.AwsErrors;
import io.strato.cloud.aws.AwsTags;
import io.strato.cloud.loadbalancer.Scheme;
import io.strato.cloud.loadbalancer.SubnetAddresses;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.AvailabilityZone;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerSchemeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.SubnetMapping;

/** The network load balancer resource itself: find by name, create, move, delete. */
final class NetworkLoadBalancers {

  private static final Logger LOG = Logger.getLogger(NetworkLoadBalancers.class);

  private final ElasticLoadBalancingV2Client elb;
  private final ElbTags tags;

  NetworkLoadBalancers(ElasticLoadBalancingV2Client elb, ElbTags tags) {
    this.elb = elb;
    this.tags = tags;
  }

  /** The load balancer of that name, without its tags; empty when there is none. */
  Optional<ObservedLoadBalancer> find(String name) {
    try {
      return AwsErrors.call(
              "elbv2:DescribeLoadBalancers", () -> elb.describeLoadBalancers(r -> r.names(name)))
          .loadBalancers()
          .stream()
          .findFirst()
          .map(lb -> observed(lb, Map.of()));
    } catch (CloudException.NotFound absent) {
      return Optional.empty();
    }
  }

  /** The load balancer with that ARN, without its tags; empty when it no longer exists. */
  Optional<ObservedLoadBalancer> findByArn(String arn) {
    try {
      return AwsErrors.call(
              "elbv2:DescribeLoadBalancers",
              () -> elb.describeLoadBalancers(r -> r.loadBalancerArns(arn)))
          .loadBalancers()
          .stream()
          .findFirst()
          .map(lb -> observed(lb, Map.of()));
    } catch (CloudException.NotFound absent) {
      return Optional.empty();
    }
  }

  /** The load balancer of that name with its tags, in two calls. */
  Optional<ObservedLoadBalancer> findTagged(String name) {
    return find(name)
        .map(lb -> lb.withTags(tags.describe(List.of(lb.arn())).getOrDefault(lb.arn(), Map.of())));
  }

  /**
   * Creates the load balancer with its tags in the same call. An NLB created without security
   * groups can never get any: only a spec whose targets admit the client ranges themselves asks for
   * none (see {@link io.strato.cloud.loadbalancer.TargetIngress#CLIENT_RANGES}).
   */
  ObservedLoadBalancer create(
      String name,
      Scheme scheme,
      List<String> subnetIds,
      List<String> securityGroupIds,
      Map<String, String> tagsToWrite) {
    return create(name, scheme, subnetIds, SubnetAddresses.NONE, securityGroupIds, tagsToWrite);
  }

  /** As above, with an Elastic IP or private address per subnet (paired in order) when given. */
  ObservedLoadBalancer create(
      String name,
      Scheme scheme,
      List<String> subnetIds,
      SubnetAddresses addresses,
      List<String> securityGroupIds,
      Map<String, String> tagsToWrite) {
    // Plain subnet IDs unless addresses are asked for: the request stays as it always was.
    List<SubnetMapping> mappings = addresses.isEmpty() ? null : mappings(subnetIds, addresses);
    LoadBalancer created =
        AwsErrors.call(
                "elbv2:CreateLoadBalancer",
                () ->
                    elb.createLoadBalancer(
                        r ->
                            r.name(name)
                                .type(LoadBalancerTypeEnum.NETWORK)
                                .scheme(
                                    scheme == Scheme.INTERNAL
                                        ? LoadBalancerSchemeEnum.INTERNAL
                                        : LoadBalancerSchemeEnum.INTERNET_FACING)
                                .applyMutation(
                                    b -> {
                                      if (mappings == null) {
                                        b.subnets(subnetIds);
                                      } else {
                                        b.subnetMappings(mappings);
                                      }
                                    })
                                .securityGroups(
                                    securityGroupIds.isEmpty() ? null : securityGroupIds)
                                .tags(AwsTags.toElbv2(tagsToWrite))))
            .loadBalancers()
            .get(0);
    LOG.infof("created network load balancer %s (%s)", name, created.loadBalancerArn());
    return observed(created, tagsToWrite);
  }

  private static List<SubnetMapping> mappings(List<String> subnetIds, SubnetAddresses addresses) {
    List<SubnetMapping> out = new java.util.ArrayList<>();
    for (int i = 0; i < subnetIds.size(); i++) {
      SubnetMapping.Builder m = SubnetMapping.builder().subnetId(subnetIds.get(i));
      if (i < addresses.allocationIds().size()) {
        m.allocationId(addresses.allocationIds().get(i));
      }
      if (i < addresses.privateIpv4Addresses().size()) {
        m.privateIPv4Address(addresses.privateIpv4Addresses().get(i));
      }
      out.add(m.build());
    }
    return out;
  }

  void setSubnets(String arn, List<String> subnetIds) {
    AwsErrors.run(
        "elbv2:SetSubnets", () -> elb.setSubnets(r -> r.loadBalancerArn(arn).subnets(subnetIds)));
  }

  void setSecurityGroups(String arn, List<String> groupIds) {
    AwsErrors.run(
        "elbv2:SetSecurityGroups",
        () -> elb.setSecurityGroups(r -> r.loadBalancerArn(arn).securityGroups(groupIds)));
  }

  /** Deletes the load balancer (its listeners go with it); absent is success. */
  void delete(ObservedLoadBalancer lb) {
    try {
      AwsErrors.run(
          "elbv2:DeleteLoadBalancer",
          () -> elb.deleteLoadBalancer(r -> r.loadBalancerArn(lb.arn())));
      LOG.infof("deleted network load balancer %s (%s)", lb.name(), lb.arn());
    } catch (CloudException.NotFound gone) {
      // already deleted
    }
  }

  private static ObservedLoadBalancer observed(LoadBalancer lb, Map<String, String> tags) {
    return new ObservedLoadBalancer(
        lb.loadBalancerArn(),
        lb.loadBalancerName(),
        lb.dnsName(),
        lb.scheme() == LoadBalancerSchemeEnum.INTERNAL ? Scheme.INTERNAL : Scheme.INTERNET_FACING,
        lb.state() == null ? "unknown" : lb.state().codeAsString(),
        lb.vpcId(),
        lb.availabilityZones().stream().map(AvailabilityZone::subnetId).toList(),
        lb.securityGroups(),
        tags);
  }
}
