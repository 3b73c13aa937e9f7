package io.strato.controller.service;

import static io.strato.controller.service.Manifests.node;
import static io.strato.controller.service.Manifests.port;
import static io.strato.controller.service.Manifests.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.strato.cloud.CloudException;
import io.strato.cloud.aws.elb.AwsLoadBalancers;
import io.strato.cloud.loadbalancer.TargetIngress;
import io.strato.config.StratoConfig;
import io.strato.testsupport.AwsAccount;
import io.strato.testsupport.AwsFixtures;
import io.strato.testsupport.MockApi;
import io.strato.testsupport.MotoServer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/**
 * Given nodes whose instances sit in a cluster security group (tagged {@code
 * kubernetes.io/cluster/<id>}) and a second, untagged group, the running service controller opens
 * the cluster group to each Service's NLB and closes it again, in both of upstream's modes. Moto
 * does not enforce security groups, so the test reads the rules back.
 */
@EnableKubernetesMockClient(crud = true)
class TargetSecurityGroupScenarioTest {

  static KubernetesClient client;

  static final String CLUSTER = "c1";

  private static int namespaces;

  private String ns;
  private String nodeGroup;
  private String otherGroup;
  private List<String> instances;
  private ServiceReconciler reconciler;

  @BeforeEach
  void freshClusterAndAccount() {
    ns = "sg-" + ++namespaces;
    MockApi.removeServicesAndNodes(client);
    MotoServer.shared().reset();
    Ec2Client ec2 = AwsAccount.aws().ec2();
    AwsFixtures network = AwsFixtures.network(ec2, CLUSTER);
    otherGroup = group(ec2, network.vpcId(), "monitoring", false);
    nodeGroup = group(ec2, network.vpcId(), "nodes", true);
    // Someone else's rule: an SSH rule the cluster's admin wrote. It must survive everything.
    ec2.authorizeSecurityGroupIngress(
        r ->
            r.groupId(nodeGroup)
                .ipPermissions(
                    p ->
                        p.ipProtocol("tcp")
                            .fromPort(22)
                            .toPort(22)
                            .ipRanges(c -> c.cidrIp("10.0.0.0/8").description("ssh"))));
    String image = AwsFixtures.imageId(ec2);
    instances =
        ec2
            .runInstances(
                r ->
                    r.imageId(image)
                        .instanceType("t3.micro")
                        .minCount(2)
                        .maxCount(2)
                        .subnetId(network.publicSubnets().get(0))
                        // the untagged group first: the tag, not the order, decides
                        .securityGroupIds(otherGroup, nodeGroup))
            .instances()
            .stream()
            .map(Instance::instanceId)
            .sorted()
            .toList();
    client.nodes().resource(node("n1", instances.get(0))).create();
    client.nodes().resource(node("n2", instances.get(1))).create();
    AwsAccount.resetCalls();
  }

  private void mode(TargetIngress ingress) {
    mode(ingress, new AwsLoadBalancers(AwsAccount.clients()));
  }

  private void mode(TargetIngress ingress, AwsLoadBalancers provider) {
    ServiceControllerSettings settings =
        new ServiceControllerSettings(CLUSTER, "strato.io/nlb", Duration.ofSeconds(1), ingress);
    reconciler =
        new ServiceReconciler(
            client,
            new ApiServerReads(client),
            provider,
            settings,
            Clock.systemUTC(),
            new AppliedTargets(),
            () -> {});
  }

  @Test
  void managedModeAdmitsTheNlbGroupOnEachNodePortAndFollowsPortChangesAndTheDelete()
      throws Exception {
    mode(TargetIngress.LOAD_BALANCER_GROUP);
    create(service(ns, "web", port("http", 80, 30080), port("https", 443, 30443)));

    reconciler.reconcile(ns + "/web");
    System.out.println("AWS calls for one Service create, managed mode: " + AwsAccount.calls());
    settle("web");

    String nlbGroup = nlbGroup("web");
    String lbName = lbName("web");
    String owner = "strato.io/owner=" + uid("web") + " lb=" + lbName;
    assertThat(strato(nodeGroup))
        .containsExactlyInAnyOrder("tcp/30080<-" + nlbGroup, "tcp/30443<-" + nlbGroup);
    assertThat(descriptions(nodeGroup)).allSatisfy(d -> assertThat(d).isEqualTo(owner));
    assertThat(strato(otherGroup)).as("the untagged group is not the node group").isEmpty();
    assertThat(foreign(nodeGroup)).containsExactly("tcp/22<-10.0.0.0/8");

    AwsAccount.resetCalls();
    settle("web");
    assertThat(AwsAccount.calls())
        .as("an unchanged resync reads each group once and writes nothing")
        .containsEntry("DescribeSecurityGroups", 2L) // the NLB's own group and the node groups
        .containsEntry("DescribeInstances", 1L)
        .doesNotContainKeys("AuthorizeSecurityGroupIngress", "RevokeSecurityGroupIngress");

    // Local traffic: kube-proxy answers health checks on its own NodePort, which must open too.
    client
        .services()
        .inNamespace(ns)
        .withName("web")
        .edit(
            s -> {
              s.getSpec().getPorts().get(1).setPort(8443);
              s.getSpec().getPorts().get(1).setNodePort(30843);
              s.getSpec().setExternalTrafficPolicy("Local");
              s.getSpec().setHealthCheckNodePort(31999);
              return s;
            });
    AwsAccount.resetCalls();
    settle("web");
    System.out.println("AWS calls for a NodePort change, managed mode: " + AwsAccount.calls());
    assertThat(strato(nodeGroup))
        .containsExactlyInAnyOrder(
            "tcp/30080<-" + nlbGroup, "tcp/30843<-" + nlbGroup, "tcp/31999<-" + nlbGroup);
    assertThat(AwsAccount.calls())
        .as(
            "one revoke and one authorise each for the NLB's group (443 became 8443) and the nodes'")
        .containsEntry("RevokeSecurityGroupIngress", 2L)
        .containsEntry("AuthorizeSecurityGroupIngress", 2L);

    client.services().inNamespace(ns).withName("web").delete();
    settle("web");
    assertThat(client.services().inNamespace(ns).withName("web").get()).isNull();
    assertThat(strato(nodeGroup)).isEmpty();
    assertThat(foreign(nodeGroup)).containsExactly("tcp/22<-10.0.0.0/8");
    assertThat(AwsAccount.securityGroupsNamed("strato-nlb-" + lbName).size())
        .as("the managed group could go: no node rule refers to it any more")
        .isZero();
  }

  @Test
  void aPortAddedInManagedModeOpensTheNodeGroupWithoutObservingTheLoadBalancerAgain()
      throws Exception {
    mode(TargetIngress.LOAD_BALANCER_GROUP);
    create(service(ns, "web", port("http", 80, 30080)));
    settle("web");
    String nlbGroup = nlbGroup("web");

    client
        .services()
        .inNamespace(ns)
        .withName("web")
        .edit(
            s -> {
              s.getSpec().getPorts().add(port("https", 443, 30443));
              return s;
            });
    AwsAccount.resetCalls();
    settle("web");
    System.out.println("AWS calls for a port added, managed mode: " + AwsAccount.calls());

    assertThat(strato(nodeGroup))
        .containsExactlyInAnyOrder("tcp/30080<-" + nlbGroup, "tcp/30443<-" + nlbGroup);
    assertThat(foreign(nodeGroup)).containsExactly("tcp/22<-10.0.0.0/8");
    assertThat(AwsAccount.calls())
        .as("the listener added from memory: the node group read and opened once, no observe")
        .containsEntry("AuthorizeSecurityGroupIngress", 2L) // the NLB's group and the nodes'
        .containsEntry("DescribeSecurityGroups", 2L)
        .containsEntry("CreateListener", 1L)
        .doesNotContainKeys("DescribeInstances", "DescribeLoadBalancers", "DescribeTargetGroups");
  }

  @Test
  void aPortAddedWhenTheNlbsRecordOfNodeGroupsDiffersFromMemoryIsEnsuredInFull() throws Exception {
    mode(TargetIngress.LOAD_BALANCER_GROUP);
    create(service(ns, "web", port("http", 80, 30080)));
    settle("web");
    String nlbGroup = nlbGroup("web");
    String lbArn = AwsAccount.loadBalancer(lbName("web")).loadBalancerArn();
    String record = "strato.io/target-security-group/" + nodeGroup;
    // What a crash or another replica can leave: the NLB no longer says which node groups hold its
    // rules, so the rules the memory knows of may not be all there are.
    AwsAccount.aws().elb().removeTags(r -> r.resourceArns(lbArn).tagKeys(record));

    client
        .services()
        .inNamespace(ns)
        .withName("web")
        .edit(
            s -> {
              s.getSpec().getPorts().add(port("https", 443, 30443));
              return s;
            });
    AwsAccount.resetCalls();
    settle("web");

    assertThat(AwsAccount.calls())
        .as("the addition declined: the instances' groups are read again")
        .containsEntry("DescribeInstances", 1L)
        .containsKey("DescribeLoadBalancers");
    assertThat(strato(nodeGroup))
        .containsExactlyInAnyOrder("tcp/30080<-" + nlbGroup, "tcp/30443<-" + nlbGroup);
    assertThat(
            AwsAccount.aws()
                .elb()
                .describeTags(r -> r.resourceArns(lbArn))
                .tagDescriptions()
                .get(0)
                .tags())
        .as("the record is written again")
        .anySatisfy(t -> assertThat(t.key()).isEqualTo(record));
  }

  @Test
  void noneModeGivesTheNlbNoGroupAndAdmitsTheSourceRangesAndTheNlbSubnets() throws Exception {
    mode(TargetIngress.CLIENT_RANGES);
    Service web = service(ns, "web", port("http", 80, 30080));
    web.getSpec().setLoadBalancerSourceRanges(List.of("203.0.113.0/24"));
    create(web);

    reconciler.reconcile(ns + "/web");
    System.out.println("AWS calls for one Service create, none mode: " + AwsAccount.calls());
    settle("web");

    assertThat(AwsAccount.loadBalancer(lbName("web")).securityGroups()).isEmpty();
    assertThat(strato(nodeGroup))
        .containsExactlyInAnyOrder(
            "tcp/30080<-203.0.113.0/24",
            "tcp/30080<-10.0.0.0/24",
            "tcp/30080<-10.0.1.0/24",
            "tcp/30080<-10.0.2.0/24");

    client
        .services()
        .inNamespace(ns)
        .withName("web")
        .edit(
            s -> {
              s.getSpec().setLoadBalancerSourceRanges(List.of("198.51.100.0/24"));
              return s;
            });
    settle("web");
    assertThat(strato(nodeGroup))
        .containsExactlyInAnyOrder(
            "tcp/30080<-198.51.100.0/24",
            "tcp/30080<-10.0.0.0/24",
            "tcp/30080<-10.0.1.0/24",
            "tcp/30080<-10.0.2.0/24");

    client
        .services()
        .inNamespace(ns)
        .withName("web")
        .edit(
            s -> {
              s.getSpec().setLoadBalancerSourceRanges(null);
              return s;
            });
    settle("web");
    assertThat(strato(nodeGroup))
        .as("everywhere covers the health check on the traffic port")
        .containsExactly("tcp/30080<-0.0.0.0/0");

    client.services().inNamespace(ns).withName("web").delete();
    settle("web");
    assertThat(strato(nodeGroup)).isEmpty();
    assertThat(foreign(nodeGroup)).containsExactly("tcp/22<-10.0.0.0/8");
    assertThat(strato(otherGroup)).isEmpty();
  }

  /** AWS can neither add groups to an NLB created without any nor remove all from one with some. */
  @Test
  void switchingTheModeLeavesExistingNlbsInTheShapeTheyWereCreatedWith() throws Exception {
    mode(TargetIngress.LOAD_BALANCER_GROUP);
    create(service(ns, "old", port("http", 80, 30080)));
    settle("old");
    mode(TargetIngress.CLIENT_RANGES);
    create(service(ns, "new", port("http", 80, 30081)));
    settle("new");
    String oldGroup = nlbGroup("old");

    settle("old"); // a resync under the new mode
    mode(TargetIngress.LOAD_BALANCER_GROUP);
    settle("new"); // and back

    assertThat(AwsAccount.loadBalancer(lbName("old")).securityGroups()).containsExactly(oldGroup);
    assertThat(AwsAccount.loadBalancer(lbName("new")).securityGroups()).isEmpty();
    assertThat(strato(nodeGroup))
        .containsExactlyInAnyOrder("tcp/30080<-" + oldGroup, "tcp/30081<-0.0.0.0/0");
    assertThat(ServiceStatusWriter.current(get("old")).getStatus()).isEqualTo("True");
    assertThat(ServiceStatusWriter.current(get("new")).getStatus()).isEqualTo("True");
  }

  /**
   * A UDP-only Service with Cluster traffic: a TCP probe of its UDP NodePort would find every node
   * unhealthy, so the target group asks kube-proxy's health server over HTTP, and the nodes' group
   * admits the NLB there (TCP 10256) next to the UDP NodePort. Both read back from moto.
   */
  @Test
  void aUdpServiceWithClusterTrafficIsCheckedOnKubeProxysHealthzAndThatPortIsOpened()
      throws Exception {
    mode(TargetIngress.LOAD_BALANCER_GROUP);
    create(service(ns, "dns", port("dns", "UDP", 53, 30053)));
    settle("dns");

    var group =
        AwsAccount.targetGroups(AwsAccount.loadBalancer(lbName("dns")).loadBalancerArn()).get(0);
    assertThat(group.protocolAsString()).isEqualTo("UDP");
    assertThat(group.healthCheckProtocolAsString()).isEqualTo("HTTP");
    assertThat(group.healthCheckPort()).isEqualTo("10256");
    assertThat(group.healthCheckPath()).isEqualTo("/healthz");
    String nlbGroup = nlbGroup("dns");
    assertThat(strato(nodeGroup))
        .containsExactlyInAnyOrder("udp/30053<-" + nlbGroup, "tcp/10256<-" + nlbGroup);
    assertThat(foreign(nodeGroup)).containsExactly("tcp/22<-10.0.0.0/8");

    client.services().inNamespace(ns).withName("dns").delete();
    settle("dns");
    assertThat(strato(nodeGroup)).isEmpty();
    assertThat(foreign(nodeGroup)).containsExactly("tcp/22<-10.0.0.0/8");
  }

  @Test
  void twoServicesShareTheNodeGroupAndDeletingOneLeavesTheOthersRules() throws Exception {
    mode(TargetIngress.LOAD_BALANCER_GROUP);
    create(service(ns, "a", port("http", 80, 30080)));
    create(service(ns, "b", port("http", 80, 30081)));
    settle("a");
    settle("b");
    String groupB = nlbGroup("b");

    client.services().inNamespace(ns).withName("a").delete();
    settle("a");

    assertThat(strato(nodeGroup)).containsExactly("tcp/30081<-" + groupB);
  }

  @Test
  void rulesThatWouldPassTheGroupQuotaFailTheServiceVisiblyAndChangeNothing() throws Exception {
    mode(TargetIngress.LOAD_BALANCER_GROUP);
    fillNodeGroupToOneBelowTheDefaultQuota();
    create(service(ns, "web", port("http", 80, 30080), port("https", 443, 30443)));

    assertThatThrownBy(() -> reconciler.reconcile(ns + "/web"))
        .as("the engine tries again with backoff: the quota may be raised")
        .isInstanceOf(CloudException.InvalidRequest.class);

    Condition condition = ServiceStatusWriter.current(get("web"));
    assertThat(condition.getStatus()).isEqualTo("False");
    assertThat(condition.getReason()).isEqualTo("RulesPerSecurityGroupLimitExceeded");
    assertThat(condition.getMessage())
        .contains(nodeGroup, "61", "60", "Nothing was changed")
        .as("the user raising the quota must know to tell Strato")
        .contains("strato.ccm.security-group-rules-per-group");
    assertThat(strato(nodeGroup)).isEmpty();
  }

  /**
   * The quota is the account's, so Strato takes it from the setting: here an account whose quota is
   * 10 (moto itself enforces AWS's default of 60, so a raised quota cannot be shown on it).
   */
  @Test
  void theRulesPerGroupSettingIsTheQuotaCheckedAndTheRefusalNamesIt() throws Exception {
    StratoConfig config =
        new SmallRyeConfigBuilder()
            .withMapping(StratoConfig.class)
            .withSources(
                new PropertiesConfigSource(
                    Map.of("strato.ccm.security-group-rules-per-group", "10"), "test", 400))
            .build()
            .getConfigMapping(StratoConfig.class);
    mode(
        TargetIngress.LOAD_BALANCER_GROUP,
        new AwsLoadBalancers(AwsAccount.clients(), config.ccm().securityGroupRulesPerGroup()));
    fill(nodeGroup, 8); // 9 rules with the SSH one: room for one more, the Service needs two
    create(service(ns, "web", port("http", 80, 30080), port("https", 443, 30443)));

    assertThatThrownBy(() -> reconciler.reconcile(ns + "/web"))
        .isInstanceOf(CloudException.InvalidRequest.class);
    Condition condition = ServiceStatusWriter.current(get("web"));
    assertThat(condition.getReason()).isEqualTo("RulesPerSecurityGroupLimitExceeded");
    assertThat(condition.getMessage())
        .contains(
            nodeGroup, "would hold 11", "quota of 10", "strato.ccm.security-group-rules-per-group");
    assertThat(strato(nodeGroup)).isEmpty();

    mode(TargetIngress.LOAD_BALANCER_GROUP); // the default setting: 60
    settle("web");
    assertThat(ServiceStatusWriter.current(get("web")).getStatus()).isEqualTo("True");
    assertThat(strato(nodeGroup)).hasSize(2);
  }

  /** 59 rules with the SSH one: room for one more, a two-port Service needs two. */
  private void fillNodeGroupToOneBelowTheDefaultQuota() {
    fill(nodeGroup, 58);
  }

  private static void fill(String groupId, int rules) {
    List<IpPermission> filler = new ArrayList<>();
    for (int p = 1000; p < 1000 + rules; p++) {
      int port = p;
      filler.add(
          IpPermission.builder()
              .ipProtocol("tcp")
              .fromPort(port)
              .toPort(port)
              .ipRanges(c -> c.cidrIp("10.0.0.0/8"))
              .build());
    }
    AwsAccount.aws()
        .ec2()
        .authorizeSecurityGroupIngress(r -> r.groupId(groupId).ipPermissions(filler));
  }

  // --- the scene

  private static String group(Ec2Client ec2, String vpcId, String name, boolean clusterTag) {
    return ec2.createSecurityGroup(
            r -> {
              r.groupName(name).description(name).vpcId(vpcId);
              if (clusterTag) {
                r.tagSpecifications(
                    TagSpecification.builder()
                        .resourceType(ResourceType.SECURITY_GROUP)
                        .tags(t -> t.key("kubernetes.io/cluster/" + CLUSTER).value("owned"))
                        .build());
              }
            })
        .groupId();
  }

  private void create(Service s) {
    Service copy = new ServiceBuilder(s).editMetadata().withNamespace(ns).endMetadata().build();
    client.services().inNamespace(ns).resource(copy).create();
  }

  private Service get(String name) {
    return client.services().inNamespace(ns).withName(name).get();
  }

  private void settle(String name) throws Exception {
    for (int i = 0; i < 5; i++) {
      if (reconciler.reconcile(ns + "/" + name).requeue().isEmpty()) {
        return;
      }
    }
  }

  /** The UID the API server gave the Service: the owner the rules' description names. */
  private String uid(String name) {
    return get(name).getMetadata().getUid();
  }

  private String lbName(String name) {
    return ServiceLoadBalancerDesired.name(get(name));
  }

  private String nlbGroup(String name) {
    return AwsAccount.loadBalancer(lbName(name)).securityGroups().get(0);
  }

  private static SecurityGroup read(String groupId) {
    return AwsAccount.aws()
        .ec2()
        .describeSecurityGroups(r -> r.groupIds(groupId))
        .securityGroups()
        .get(0);
  }

  /** The group's inbound rules Strato wrote, as {@code proto/port<-source}. */
  private static Set<String> strato(String groupId) {
    return rules(groupId, true);
  }

  private static Set<String> foreign(String groupId) {
    return rules(groupId, false);
  }

  private static Set<String> rules(String groupId, boolean ours) {
    Set<String> out = new TreeSet<>();
    for (IpPermission p : read(groupId).ipPermissions()) {
      String prefix = p.ipProtocol() + "/" + p.fromPort() + "<-";
      p.ipRanges().stream()
          .filter(r -> isStrato(r.description()) == ours)
          .forEach(r -> out.add(prefix + r.cidrIp()));
      p.userIdGroupPairs().stream()
          .filter(g -> isStrato(g.description()) == ours)
          .forEach(g -> out.add(prefix + g.groupId()));
    }
    return out;
  }

  private static boolean isStrato(String description) {
    return description != null && description.startsWith("strato.io/owner=");
  }

  private static List<String> descriptions(String groupId) {
    List<String> out = new ArrayList<>();
    for (IpPermission p : read(groupId).ipPermissions()) {
      p.ipRanges().forEach(r -> out.add(r.description()));
      p.userIdGroupPairs().forEach(g -> out.add(g.description()));
    }
    return out.stream().filter(TargetSecurityGroupScenarioTest::isStrato).toList();
  }
}
