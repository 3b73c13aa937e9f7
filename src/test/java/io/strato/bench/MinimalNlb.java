package io.strato.bench;

import io.strato.cloud.aws.AwsClients;
import java.util.List;
import java.util.stream.IntStream;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerTypeEnum;

/**
 * The SDK baselines' building blocks: each step one AWS call, the fewest a network load balancer
 * needs, so the convergence benchmarks compare Strato with the same sequence made directly.
 */
public final class MinimalNlb {

  private MinimalNlb() {}

  /** The VPC's subnets tagged for internet-facing load balancers (one DescribeSubnets). */
  public static List<String> subnets(AwsClients c, String vpcId) {
    return c
        .ec2()
        .describeSubnets(
            r ->
                r.filters(
                    Filter.builder().name("vpc-id").values(vpcId).build(),
                    Filter.builder().name("tag-key").values("kubernetes.io/role/elb").build()))
        .subnets()
        .stream()
        .map(s -> s.subnetId())
        .toList();
  }

  /** A security group open to the world on {@code ports} (CreateSecurityGroup, one ingress). */
  public static String openGroup(AwsClients c, String vpcId, String name, int... ports) {
    String group =
        c.ec2()
            .createSecurityGroup(r -> r.groupName(name).description(name).vpcId(vpcId))
            .groupId();
    List<IpPermission> open =
        IntStream.of(ports)
            .mapToObj(
                port ->
                    IpPermission.builder()
                        .ipProtocol("tcp")
                        .fromPort(port)
                        .toPort(port)
                        .ipRanges(x -> x.cidrIp("0.0.0.0/0"))
                        .build())
            .toList();
    c.ec2().authorizeSecurityGroupIngress(r -> r.groupId(group).ipPermissions(open));
    return group;
  }

  /** The NLB's ARN (one CreateLoadBalancer). */
  public static String create(AwsClients c, String name, List<String> subnets, String group) {
    return c.elb()
        .createLoadBalancer(
            r ->
                r.name(name)
                    .type(LoadBalancerTypeEnum.NETWORK)
                    .subnets(subnets)
                    .securityGroups(group))
        .loadBalancers()
        .get(0)
        .loadBalancerArn();
  }

  /** A TCP target group's ARN (one CreateTargetGroup). */
  public static String targetGroup(AwsClients c, String vpcId, String name, int targetPort) {
    return c.elb()
        .createTargetGroup(
            r -> r.name(name).protocol("TCP").port(targetPort).vpcId(vpcId).targetType("instance"))
        .targetGroups()
        .get(0)
        .targetGroupArn();
  }

  /** A TCP listener forwarding to the group (one CreateListener). */
  public static void forward(AwsClients c, String loadBalancerArn, int port, String targetGroup) {
    c.elb()
        .createListener(
            r ->
                r.loadBalancerArn(loadBalancerArn)
                    .port(port)
                    .protocol("TCP")
                    .defaultActions(
                        Action.builder()
                            .type(ActionTypeEnum.FORWARD)
                            .targetGroupArn(targetGroup)
                            .build()));
  }

  /** The load balancer as it is now, e.g. to see it active (one DescribeLoadBalancers by ARN). */
  public static LoadBalancer read(AwsClients c, String loadBalancerArn) {
    return c.elb()
        .describeLoadBalancers(r -> r.loadBalancerArns(loadBalancerArn))
        .loadBalancers()
        .get(0);
  }
}
