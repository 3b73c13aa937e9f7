package io.strato.cloud.aws.elb;

import io.strato.cloud.CloudException;
import io.strato.cloud.Ownership;
import io.strato.cloud.aws.AwsClients;
import io.strato.testsupport.AwsAccount;
import io.strato.testsupport.AwsFixtures;
import io.strato.testsupport.FaultProxy;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Tag;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;

/**
 * What only the load balancer tests need beyond {@link AwsAccount}: running {@link
 * AwsLoadBalancers} in a dying process or on a counted wire, and reading the account through this
 * package's naming and rule types.
 */
final class ElbScenes {

  private ElbScenes() {}

  /**
   * Runs {@code work} in a process that dies right after its k-th AWS call: the proxy lets that
   * call take effect and drops its answer, and drops every later call before it reaches moto (a
   * dying process sends nothing more, and does not retry). Answers whether the work died; a failure
   * before the k-th call is not the crash asked for and is rethrown.
   */
  static boolean crashAfter(int k, Consumer<AwsLoadBalancers> work) {
    FaultProxy dying = AwsAccount.proxy().crashAfter(k);
    try (AwsClients clients = dying.clients(1)) {
      work.accept(new AwsLoadBalancers(clients));
      return false;
    } catch (CloudException.Transient crash) {
      if (dying.calls() < k) {
        throw crash;
      }
      return true;
    }
  }

  /** The AWS calls {@code work} makes, counted on the wire. */
  static int callsOf(Consumer<AwsLoadBalancers> work) {
    FaultProxy counting = AwsAccount.proxy();
    try (AwsClients clients = counting.clients(1)) {
      work.accept(new AwsLoadBalancers(clients));
    }
    return counting.calls();
  }

  /** A network load balancer made directly in the account, tagged as {@code owner}'s: its ARN. */
  static String existingLoadBalancer(AwsFixtures network, String name, String owner) {
    return AwsAccount.aws()
        .elb()
        .createLoadBalancer(
            r ->
                r.name(name)
                    .type(LoadBalancerTypeEnum.NETWORK)
                    .subnets(network.publicSubnets())
                    .tags(Tag.builder().key(Ownership.OWNER_TAG).value(owner).build()))
        .loadBalancers()
        .get(0)
        .loadBalancerArn();
  }

  /** The calls of one operation (e.g. {@code DescribeLoadBalancers}) these clients have made. */
  static long callsOf(AwsClients clients, String operation) {
    return clients.metrics().snapshot().entrySet().stream()
        .filter(e -> e.getKey().endsWith(":" + operation))
        .mapToLong(Map.Entry::getValue)
        .sum();
  }

  static List<TargetGroup> targetGroupsOf(String loadBalancerName) {
    return AwsAccount.allTargetGroups().stream()
        .filter(
            g -> g.targetGroupName().startsWith(TargetGroupNames.prefix(loadBalancerName) + "-"))
        .toList();
  }

  /** Ingress as "protocol/port/cidr" strings. */
  static List<String> ingress(SecurityGroup group) {
    return IngressRules.actual(group.ipPermissions()).stream()
        .map(r -> r.protocol() + "/" + r.fromPort() + "/" + r.cidr())
        .sorted()
        .toList();
  }

  /**
   * The rules a load balancer wrote into a security group (their description names it), as {@code
   * proto/port<-source}, read back from EC2: what AWS would enforce on the nodes.
   */
  static Set<String> targetRules(String groupId, Ownership owner, String loadBalancerName) {
    String description = TargetRulePlan.description(owner.ownerUid(), loadBalancerName);
    Set<String> out = new TreeSet<>();
    TargetRulePlan.ours(
            AwsAccount.aws()
                .ec2()
                .describeSecurityGroups(r -> r.groupIds(groupId))
                .securityGroups()
                .get(0)
                .ipPermissions(),
            description)
        .forEach(r -> out.add(r.protocol() + "/" + r.fromPort() + "<-" + r.source()));
    return out;
  }
}
