package io.strato.cloud.aws.cluster.ecs;

import static org.assertj.core.api.Assertions.assertThat;

import io.strato.cloud.Deletion;
import io.strato.cloud.aws.AwsClients;
import io.strato.cloud.aws.asg.AwsNodeGroups;
import io.strato.cloud.cluster.ClusterContext;
import io.strato.cloud.cluster.ClusterProgress;
import io.strato.cloud.cluster.ClusterProgress.ClusterEvent;
import io.strato.cloud.cluster.ClusterSpecDto;
import io.strato.cloud.cluster.ClusterSpecDto.ClusterNodeGroupDto;
import io.strato.cloud.cluster.ClusterSpecDto.EcsServiceDto;
import io.strato.cloud.cluster.ClusterSpecDto.LoadBalancerRefDto;
import io.strato.cloud.cluster.ClusterSubnet;
import io.strato.testsupport.MotoServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.SecurityGroupRule;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetTypeEnum;

/**
 * ECS services behind a load balancer: on AWS the container instances' security group drops every
 * packet the load balancer sends to a task's host port unless it admits the load balancer there.
 * Moto enforces no security group, so the scenario reads the node group's rules back with
 * DescribeSecurityGroupRules after each reconcile: a bridge-mode service on Docker's dynamic port
 * range, a host-mode one on its port and its separate health-check port, a service that leaves the
 * spec, one whose load balancer goes, and the teardown; the admin's rules, one of them naming the
 * load balancer's group, are never touched.
 */
class EcsServiceIngressTest {

  private static final String OWNER_PREFIX =
      "strato.io/owner=" + EcsClusterFixture.UID + " ecs-service=";
  private static final int MAX_ROUNDS = 10;

  private MotoServer moto;
  private AwsClients clients;
  private EcsClusterFixture aws;
  private EcsClusterDriver driver;
  private String nodes;
  private String lbGroup;
  private String webGroup;
  private String apiGroup;
  private final AtomicBoolean webLoadBalancer = new AtomicBoolean(true);

  @BeforeEach
  void account() {
    moto = MotoServer.shared();
    moto.reset();
    clients = moto.clients();
    aws = new EcsClusterFixture(clients);
    driver = new EcsClusterDriver(clients, new AwsNodeGroups(clients));
    Ec2Client ec2 = clients.ec2();
    String vpc = aws.network.vpcId();
    nodes = group(ec2, vpc, "shop-ecs-nodes", true);
    lbGroup = group(ec2, vpc, "shop-lb", false);
    // The admin's rules: SSH, and the load balancer's group on a port of their own.
    ec2.authorizeSecurityGroupIngress(
        r ->
            r.groupId(nodes)
                .ipPermissions(
                    p ->
                        p.ipProtocol("tcp")
                            .fromPort(22)
                            .toPort(22)
                            .ipRanges(c -> c.cidrIp("10.0.0.0/8").description("ssh")),
                    p ->
                        p.ipProtocol("tcp")
                            .fromPort(8443)
                            .toPort(8443)
                            .userIdGroupPairs(
                                g -> g.groupId(lbGroup).description("admin: metrics"))));
    String lb =
        clients
            .elb()
            .createLoadBalancer(
                r ->
                    r.name("shop-lb")
                        .type(LoadBalancerTypeEnum.NETWORK)
                        .subnets(aws.network.publicSubnets())
                        .securityGroups(lbGroup))
            .loadBalancers()
            .get(0)
            .loadBalancerArn();
    webGroup = targetGroup("shop-web", ProtocolEnum.TCP, null);
    apiGroup = targetGroup("shop-api", ProtocolEnum.TCP, "9100");
    listener(lb, 80, webGroup);
    listener(lb, 81, apiGroup);
    // The user's own task definition: host networking, the container on the instance's 9000.
    clients
        .ecs()
        .registerTaskDefinition(
            r ->
                r.family("shop-api")
                    .networkMode(NetworkMode.HOST)
                    .containerDefinitions(
                        c ->
                            c.name("api")
                                .image("shop/api:3")
                                .cpu(128)
                                .memory(256)
                                .portMappings(m -> m.containerPort(9000))));
  }

  @AfterEach
  void close() {
    clients.close();
  }

  @Test
  void theNodeGroupAdmitsEachServicesLoadBalancerOnItsTasksHostPortsUntilItGoes() {
    ClusterContext both = context(List.of(aws.web("nginx:1.25", null), api()));
    ClusterProgress first = reconcile(both);

    assertThat(strato())
        .containsExactlyInAnyOrder(
            "tcp/32768-65535<-" + lbGroup + " " + OWNER_PREFIX + "web",
            "tcp/9000-9000<-" + lbGroup + " " + OWNER_PREFIX + "api",
            "tcp/9100-9100<-" + lbGroup + " " + OWNER_PREFIX + "api");
    assertThat(foreign()).containsExactlyInAnyOrder("tcp/22-22<-10.0.0.0/8", metricsRule());
    assertThat(first.events())
        .extracting(ClusterEvent::message)
        .anySatisfy(m -> assertThat(m).contains("security group rules", "[web, api]"));

    clients.metrics().reset();
    driver.reconcile(both);
    assertThat(clients.metrics().snapshot())
        .as("an unchanged cluster reads its groups, target groups and load balancers once each")
        .containsEntry("Ec2:DescribeSecurityGroups", 1L)
        .containsEntry("ElasticLoadBalancingV2:DescribeTargetGroups", 1L)
        .containsEntry("ElasticLoadBalancingV2:DescribeLoadBalancers", 1L)
        .doesNotContainKeys(
            "Ec2:AuthorizeSecurityGroupIngress",
            "Ec2:RevokeSecurityGroupIngress",
            "Ec2:DescribeSubnets");
    System.out.println("ECS reconcile with two services behind a load balancer: " + calls());

    // The api leaves the spec: its rules go, web's stay.
    reconcile(context(List.of(aws.web("nginx:1.25", null))));
    assertThat(strato())
        .containsExactly("tcp/32768-65535<-" + lbGroup + " " + OWNER_PREFIX + "web");

    // web's load balancer goes (its listener is no longer found): nothing admits it any more.
    webLoadBalancer.set(false);
    reconcile(context(List.of(aws.web("nginx:1.25", null))));
    assertThat(strato()).isEmpty();
    assertThat(foreign()).containsExactlyInAnyOrder("tcp/22-22<-10.0.0.0/8", metricsRule());
  }

  @Test
  void theTeardownTakesBackEveryRuleAndLeavesTheAdminsOnes() {
    ClusterContext cluster = context(List.of(aws.web("nginx:1.25", null), api()));
    reconcile(cluster);
    assertThat(strato()).hasSize(3);

    Deletion d = Deletion.IN_PROGRESS;
    for (int i = 0; i < MAX_ROUNDS && d != Deletion.GONE; i++) {
      d = driver.delete(cluster);
    }

    assertThat(d).isEqualTo(Deletion.GONE);
    assertThat(strato()).isEmpty();
    assertThat(foreign()).containsExactlyInAnyOrder("tcp/22-22<-10.0.0.0/8", metricsRule());
  }

  // --- the scene

  private String metricsRule() {
    return "tcp/8443-8443<-" + lbGroup;
  }

  private static EcsServiceDto api() {
    return new EcsServiceDto(
        "api", "shop-api", null, 1, new LoadBalancerRefDto("shop-lb", 81, 9000), null, null);
  }

  private ClusterProgress reconcile(ClusterContext cluster) {
    ClusterProgress last = null;
    List<ClusterEvent> events = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      last = driver.reconcile(cluster);
      events.addAll(last.events());
    }
    return new ClusterProgress(last.conditions(), last.outputs(), events);
  }

  private ClusterContext context(List<EcsServiceDto> services) {
    ClusterNodeGroupDto general = aws.nodeGroup("general", 1);
    ClusterNodeGroupDto withGroups =
        new ClusterNodeGroupDto(
            general.name(),
            general.imageId(),
            general.instanceType(),
            null,
            null,
            null,
            null,
            null,
            "ecs-instance",
            null,
            List.of(nodes),
            null,
            null,
            general.minSize(),
            general.maxSize(),
            general.desiredCapacity(),
            null,
            null,
            null,
            null,
            general.tags());
    ClusterSpecDto spec = aws.spec(List.of(withGroups), services);
    List<ClusterSubnet> subnets = new ArrayList<>();
    spec.network().subnets().forEach(s -> subnets.add(new ClusterSubnet(s.id(), s.zone())));
    return new ClusterContext(
        EcsClusterFixture.NAME,
        EcsClusterFixture.UID,
        spec,
        EcsClusterFixture.OWNER,
        aws.network.vpcId(),
        subnets,
        (lb, port) -> {
          if (!lb.equals("shop-lb")) {
            return Optional.empty();
          }
          if (port == 80 && webLoadBalancer.get()) {
            return Optional.of(webGroup);
          }
          return port == 81 ? Optional.of(apiGroup) : Optional.empty();
        });
  }

  private Map<String, Long> calls() {
    return clients.metrics().snapshot();
  }

  /** The node group's inbound rules Strato wrote, as {@code proto/from-to<-source description}. */
  private Set<String> strato() {
    Set<String> out = new TreeSet<>();
    Map<String, String> descriptions = descriptions();
    for (SecurityGroupRule r : rules()) {
      String description = descriptions.get(render(r));
      if (description != null && description.startsWith("strato.io/owner=")) {
        out.add(render(r) + " " + description);
      }
    }
    return out;
  }

  private Set<String> foreign() {
    Set<String> out = new TreeSet<>();
    Map<String, String> descriptions = descriptions();
    for (SecurityGroupRule r : rules()) {
      String description = descriptions.get(render(r));
      if (description == null || !description.startsWith("strato.io/owner=")) {
        out.add(render(r));
      }
    }
    return out;
  }

  /** The group's inbound rules, one per source, as DescribeSecurityGroupRules lists them. */
  private List<SecurityGroupRule> rules() {
    return clients
        .ec2()
        .describeSecurityGroupRules(
            r -> r.filters(Filter.builder().name("group-id").values(nodes).build()))
        .securityGroupRules()
        .stream()
        .filter(r -> !Boolean.TRUE.equals(r.isEgress()))
        .toList();
  }

  /**
   * Each rule's description, from DescribeSecurityGroups: moto 5.2.1's DescribeSecurityGroupRules
   * drops the description of a rule whose source is a group (AWS returns it).
   */
  private Map<String, String> descriptions() {
    Map<String, String> out = new java.util.HashMap<>();
    for (IpPermission p :
        clients
            .ec2()
            .describeSecurityGroups(r -> r.groupIds(nodes))
            .securityGroups()
            .get(0)
            .ipPermissions()) {
      String prefix = p.ipProtocol() + "/" + p.fromPort() + "-" + p.toPort() + "<-";
      p.ipRanges().forEach(c -> out.put(prefix + c.cidrIp(), c.description()));
      p.userIdGroupPairs().forEach(g -> out.put(prefix + g.groupId(), g.description()));
    }
    return out;
  }

  private static String render(SecurityGroupRule r) {
    String source =
        r.referencedGroupInfo() != null ? r.referencedGroupInfo().groupId() : r.cidrIpv4();
    return r.ipProtocol() + "/" + r.fromPort() + "-" + r.toPort() + "<-" + source;
  }

  private String targetGroup(String name, ProtocolEnum protocol, String healthPort) {
    return clients
        .elb()
        .createTargetGroup(
            r -> {
              r.name(name)
                  .protocol(protocol)
                  .port(80)
                  .vpcId(aws.network.vpcId())
                  .targetType(TargetTypeEnum.INSTANCE);
              if (healthPort != null) {
                r.healthCheckPort(healthPort).healthCheckProtocol(ProtocolEnum.HTTP);
              }
            })
        .targetGroups()
        .get(0)
        .targetGroupArn();
  }

  private void listener(String lb, int port, String targetGroup) {
    clients
        .elb()
        .createListener(
            r ->
                r.loadBalancerArn(lb)
                    .port(port)
                    .protocol(ProtocolEnum.TCP)
                    .defaultActions(a -> a.type("forward").targetGroupArn(targetGroup)));
  }

  private static String group(Ec2Client ec2, String vpcId, String name, boolean clusterTag) {
    return ec2.createSecurityGroup(
            r -> {
              r.groupName(name).description(name).vpcId(vpcId);
              if (clusterTag) {
                r.tagSpecifications(
                    TagSpecification.builder()
                        .resourceType(ResourceType.SECURITY_GROUP)
                        .tags(
                            t ->
                                t.key("kubernetes.io/cluster/" + EcsClusterFixture.NAME)
                                    .value("owned"))
                        .build());
              }
            })
        .groupId();
  }
}
