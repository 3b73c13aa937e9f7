package io.strato.cloud.aws.elb;

import io.strato.cloud.CloudException;
import io.strato.cloud.Ownership;
import io.strato.cloud.aws.AwsClients;
import io.strato.cloud.aws.AwsErrors;
import io.strato.cloud.aws.AwsTags;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.AvailabilityZone;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;

/**
 * Opens an ECS cluster's container instances to the load balancers in front of its services. ECS
 * registers each task in the service's target group on the port Docker gave it on the instance, so
 * the instances' security group must admit the load balancer there (and on a separate health-check
 * port), or every target stays unhealthy on AWS; moto never shows that.
 *
 * <p>The source is the load balancer's security groups, or without any its subnets' CIDRs (where an
 * NLB's health checks come from). The group opened per capacity node group is the one {@link
 * TargetRulePlan#pick} chooses among the groups its instances launch with: the one tagged {@code
 * kubernetes.io/cluster/<name>}, else the first.
 *
 * <p>Each rule is described {@code strato.io/owner=<cluster UID> ecs-service=<name>}; only such
 * rules are ever revoked. They are looked for in every group of the VPC tagged for the cluster
 * (where Strato's IAM policy lets it write them) and in the node groups' own groups, so a service
 * that left the spec, lost its load balancer or was half-written before a crash is found without
 * any record kept elsewhere. Per ensure: two DescribeSecurityGroups at most, and with services
 * behind load balancers one DescribeTargetGroups, one DescribeLoadBalancers, one DescribeSubnets
 * when a load balancer has no group; one revoke and one authorise per group and service that
 * changed.
 */
public final class TaskPortIngress {

  /**
   * The host ports Docker gives a bridge-mode container that names no host port: the instance's
   * {@code net.ipv4.ip_local_port_range} (32768-60999 on the ECS-optimized Amazon Linux AMIs), or
   * 49153-65535 when the kernel does not say. AWS's ECS guidance admits 32768-65535, which covers
   * both.
   */
  public static final int DYNAMIC_FROM = 32768;

  public static final int DYNAMIC_TO = 65535;

  /**
   * One service behind a load balancer: its target group and the host ports its tasks listen on.
   */
  public record ServiceTarget(String service, String targetGroupArn, int fromPort, int toPort) {

    /** Bridge networking without a host port: Docker picks one from the ephemeral range. */
    public static ServiceTarget dynamic(String service, String targetGroupArn) {
      return new ServiceTarget(service, targetGroupArn, DYNAMIC_FROM, DYNAMIC_TO);
    }

    public static ServiceTarget fixed(String service, String targetGroupArn, int port) {
      return new ServiceTarget(service, targetGroupArn, port, port);
    }
  }

  /** Whether an ensure changed any rule, and the groups that admit a load balancer now. */
  public record Result(boolean changed, Set<String> groupIds) {
    public Result {
      groupIds = Set.copyOf(groupIds);
    }
  }

  private static final Logger LOG = Logger.getLogger(TaskPortIngress.class);

  private final Ec2Client ec2;
  private final ElasticLoadBalancingV2Client elb;
  private final SecurityGroupRuleWriter writer;
  private final int rulesPerGroup;

  public TaskPortIngress(AwsClients clients) {
    this(clients.ec2(), clients.elb(), TargetRulePlan.DEFAULT_RULES_PER_GROUP);
  }

  TaskPortIngress(Ec2Client ec2, ElasticLoadBalancingV2Client elb, int rulesPerGroup) {
    this.ec2 = ec2;
    this.elb = elb;
    this.writer = new SecurityGroupRuleWriter(ec2);
    this.rulesPerGroup = rulesPerGroup;
  }

  /**
   * Leaves exactly the rules these services need in the node groups' chosen groups and no rule of
   * this cluster's services anywhere else. With no service (a teardown) it takes every one back.
   *
   * @param instanceGroups per capacity node group (by name), the security groups its instances
   *     launch with
   * @throws CloudException.InvalidRequest when a node group has several groups tagged for the
   *     cluster, or the rules would pass a group's quota (nothing is changed then)
   */
  public Result ensure(
      Ownership owner,
      String vpcId,
      Map<String, List<String>> instanceGroups,
      List<ServiceTarget> services) {
    Map<String, SecurityGroup> groups = lookAt(owner, vpcId, instanceGroups);
    Set<String> targets = chosen(owner, instanceGroups, groups);
    Map<String, Set<TargetRulePlan.Rule>> desired =
        targets.isEmpty() || services.isEmpty() ? Map.of() : desired(services);
    Map<String, List<IpPermission>> permissions = new TreeMap<>();
    groups.forEach((id, g) -> permissions.put(id, g.ipPermissions()));

    String prefix = TargetRulePlan.servicePrefix(owner.ownerUid());
    Set<String> descriptions = new TreeSet<>();
    permissions
        .values()
        .forEach(p -> descriptions.addAll(TargetRulePlan.descriptionsStartingWith(p, prefix)));
    desired.keySet().forEach(s -> descriptions.add(prefix + s));

    Map<String, TargetRulePlan.Plan> plans = new LinkedHashMap<>();
    List<String> overQuota = new ArrayList<>();
    for (String description : descriptions) {
      Set<TargetRulePlan.Rule> want =
          desired.getOrDefault(description.substring(prefix.length()), Set.of());
      TargetRulePlan.Plan plan =
          TargetRulePlan.plan(want, targets, permissions, description, rulesPerGroup);
      overQuota.addAll(plan.overQuota());
      if (!plan.isEmpty()) {
        plans.put(description, plan);
      }
    }
    if (!overQuota.isEmpty()) {
      throw new CloudException.InvalidRequest(
          "aws",
          "ec2:AuthorizeSecurityGroupIngress",
          "RulesPerSecurityGroupLimitExceeded",
          "cannot open the container instances to their load balancers: "
              + String.join("; ", new TreeSet<>(overQuota))
              + ". Nothing was changed",
          null);
    }
    plans.forEach((description, plan) -> writer.apply(plan, description));
    if (!plans.isEmpty()) {
      LOG.infof("ECS cluster %s: container instance security group rules %s", owner.name(), plans);
    }
    return new Result(!plans.isEmpty(), desired.isEmpty() ? Set.of() : targets);
  }

  /**
   * Every group of the VPC tagged for the cluster (our rules can only be there, or in a node
   * group's own group), and the node groups' groups.
   */
  private Map<String, SecurityGroup> lookAt(
      Ownership owner, String vpcId, Map<String, List<String>> instanceGroups) {
    Map<String, SecurityGroup> groups = new TreeMap<>();
    if (vpcId != null && owner.clusterId() != null && !owner.clusterId().isBlank()) {
      groups.putAll(
          describe(
              List.of(
                  Filter.builder().name("vpc-id").values(vpcId).build(),
                  Filter.builder()
                      .name("tag-key")
                      .values(Ownership.CLUSTER_TAG_PREFIX + owner.clusterId())
                      .build())));
    }
    Set<String> named = new TreeSet<>();
    instanceGroups.values().forEach(named::addAll);
    named.removeAll(groups.keySet());
    if (!named.isEmpty()) {
      groups.putAll(describe(List.of(Filter.builder().name("group-id").values(named).build())));
    }
    return groups;
  }

  private static Set<String> chosen(
      Ownership owner,
      Map<String, List<String>> instanceGroups,
      Map<String, SecurityGroup> groups) {
    String clusterTag = Ownership.CLUSTER_TAG_PREFIX + owner.clusterId();
    Set<String> tagged = new TreeSet<>();
    groups.values().stream()
        .filter(g -> AwsTags.fromEc2(g.tags()).containsKey(clusterTag))
        .forEach(g -> tagged.add(g.groupId()));
    Set<String> chosen = new TreeSet<>();
    for (Map.Entry<String, List<String>> nodeGroup : instanceGroups.entrySet()) {
      try {
        TargetRulePlan.pick("of node group " + nodeGroup.getKey(), nodeGroup.getValue(), tagged)
            .filter(groups::containsKey)
            .ifPresent(chosen::add);
      } catch (IllegalArgumentException ambiguous) {
        throw new CloudException.InvalidRequest(
            "aws",
            "ec2:DescribeSecurityGroups",
            "AmbiguousTargetSecurityGroup",
            ambiguous.getMessage(),
            null);
      }
    }
    return chosen;
  }

  /**
   * The rules each service needs, by service name; a service whose target group went needs none.
   */
  private Map<String, Set<TargetRulePlan.Rule>> desired(List<ServiceTarget> services) {
    Map<String, TargetGroup> targetGroups = targetGroups(services);
    Map<String, LoadBalancer> loadBalancers = loadBalancers(targetGroups.values());
    Map<String, String> subnetCidrs = subnetCidrs(loadBalancers.values());
    Map<String, Set<TargetRulePlan.Rule>> out = new TreeMap<>();
    for (ServiceTarget service : services) {
      TargetGroup tg = targetGroups.get(service.targetGroupArn());
      Optional<LoadBalancer> lb =
          tg == null
              ? Optional.empty()
              : tg.loadBalancerArns().stream()
                  .map(loadBalancers::get)
                  .filter(java.util.Objects::nonNull)
                  .findFirst();
      if (lb.isEmpty()) {
        continue;
      }
      List<String> sources =
          lb.get().securityGroups().isEmpty()
              ? lb.get().availabilityZones().stream()
                  .map(AvailabilityZone::subnetId)
                  .map(subnetCidrs::get)
                  .filter(java.util.Objects::nonNull)
                  .sorted()
                  .toList()
              : lb.get().securityGroups();
      out.put(service.service(), rules(service, tg, sources));
    }
    return out;
  }

  /**
   * The host ports for the target group's protocols, and a health-check port of its own over TCP
   * when the traffic ports do not cover it.
   */
  static Set<TargetRulePlan.Rule> rules(
      ServiceTarget service, TargetGroup tg, List<String> sources) {
    Set<TargetRulePlan.Rule> rules = new TreeSet<>();
    List<String> protocols = ipProtocols(tg.protocolAsString());
    for (String protocol : protocols) {
      sources.forEach(
          s ->
              rules.add(
                  new TargetRulePlan.Rule(protocol, service.fromPort(), service.toPort(), s)));
    }
    String health = tg.healthCheckPort();
    if (health != null && !"traffic-port".equals(health)) {
      int port = Integer.parseInt(health);
      boolean covered =
          protocols.contains("tcp") && port >= service.fromPort() && port <= service.toPort();
      if (!covered) {
        sources.forEach(s -> rules.add(TargetRulePlan.Rule.port("tcp", port, s)));
      }
    }
    return rules;
  }

  private static List<String> ipProtocols(String targetGroupProtocol) {
    return switch (targetGroupProtocol == null ? "" : targetGroupProtocol) {
      case "UDP" -> List.of("udp");
      case "TCP_UDP" -> List.of("tcp", "udp");
      case "TCP", "TLS", "HTTP", "HTTPS" -> List.of("tcp");
      default -> List.of();
    };
  }

  private Map<String, TargetGroup> targetGroups(List<ServiceTarget> services) {
    Set<String> arns = new TreeSet<>();
    services.forEach(s -> arns.add(s.targetGroupArn()));
    Map<String, TargetGroup> out = new TreeMap<>();
    try {
      AwsErrors.call(
              "elasticloadbalancing:DescribeTargetGroups",
              () -> elb.describeTargetGroups(r -> r.targetGroupArns(arns)))
          .targetGroups()
          .forEach(tg -> out.put(tg.targetGroupArn(), tg));
    } catch (CloudException.NotFound gone) {
      // One ARN gone fails the whole call: look them up one by one, keeping those that exist.
      for (String arn : arns) {
        try {
          AwsErrors.call(
                  "elasticloadbalancing:DescribeTargetGroups",
                  () -> elb.describeTargetGroups(r -> r.targetGroupArns(arn)))
              .targetGroups()
              .forEach(tg -> out.put(tg.targetGroupArn(), tg));
        } catch (CloudException.NotFound alsoGone) {
          // this service's load balancer went: its rules go with it
        }
      }
    }
    return out;
  }

  private Map<String, LoadBalancer> loadBalancers(Collection<TargetGroup> targetGroups) {
    Set<String> arns = new TreeSet<>();
    targetGroups.forEach(tg -> arns.addAll(tg.loadBalancerArns()));
    Map<String, LoadBalancer> out = new TreeMap<>();
    if (arns.isEmpty()) {
      return out;
    }
    AwsErrors.call(
            "elasticloadbalancing:DescribeLoadBalancers",
            () -> elb.describeLoadBalancers(r -> r.loadBalancerArns(arns)))
        .loadBalancers()
        .forEach(lb -> out.put(lb.loadBalancerArn(), lb));
    return out;
  }

  /** The CIDRs of the subnets of the load balancers that have no security group. */
  private Map<String, String> subnetCidrs(Collection<LoadBalancer> loadBalancers) {
    Set<String> ids = new TreeSet<>();
    loadBalancers.stream()
        .filter(lb -> lb.securityGroups().isEmpty())
        .forEach(lb -> lb.availabilityZones().forEach(z -> ids.add(z.subnetId())));
    Map<String, String> out = new TreeMap<>();
    if (ids.isEmpty()) {
      return out;
    }
    AwsErrors.call("ec2:DescribeSubnets", () -> ec2.describeSubnets(r -> r.subnetIds(ids)))
        .subnets()
        .forEach(s -> out.put(s.subnetId(), s.cidrBlock()));
    return out;
  }

  private Map<String, SecurityGroup> describe(List<Filter> filters) {
    Map<String, SecurityGroup> out = new TreeMap<>();
    String token = null;
    do {
      String page = token;
      var response =
          AwsErrors.call(
              "ec2:DescribeSecurityGroups",
              () -> ec2.describeSecurityGroups(r -> r.filters(filters).nextToken(page)));
      response.securityGroups().forEach(g -> out.put(g.groupId(), g));
      token = response.nextToken();
    } while (token != null && !token.isEmpty());
    return out;
  }
}
