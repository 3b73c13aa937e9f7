package io.strato.cloud.aws.elb;

import static io.strato.cloud.aws.elb.Specs.CERT;
import static io.strato.cloud.aws.elb.Specs.tcp;
import static io.strato.cloud.aws.elb.Specs.tls;
import static io.strato.cloud.aws.elb.Specs.udp;
import static org.assertj.core.api.Assertions.assertThat;

import io.strato.cloud.ChangeOutcome;
import io.strato.cloud.Deletion;
import io.strato.cloud.Ensured;
import io.strato.cloud.Ownership;
import io.strato.cloud.loadbalancer.HealthCheckSpec;
import io.strato.cloud.loadbalancer.ListenerSpec;
import io.strato.cloud.loadbalancer.LoadBalancerSpec;
import io.strato.cloud.loadbalancer.LoadBalancerStatus;
import io.strato.cloud.loadbalancer.Scheme;
import io.strato.cloud.loadbalancer.SubnetSelection;
import io.strato.cloud.loadbalancer.TargetGroupAttributes;
import io.strato.testsupport.AwsAccount;
import io.strato.testsupport.AwsFixtures;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;

/** Create, leave alone, change and delete an internet-facing NLB, as the emulator sees it. */
class LoadBalancerLifecycleTest {

  static final Ownership OWNER = new Ownership("uid-web", "Service", "shop/web", "c1");
  static final HealthCheckSpec HTTP_CHECK =
      new HealthCheckSpec("HTTP", 10256, "/healthz", 2, 2, 10, 5);
  static final TargetGroupAttributes PROXY_V2 = new TargetGroupAttributes(true, null, 30);

  private AwsFixtures network;
  private AwsLoadBalancers loadBalancers;

  /** TCP 80 to 30080 with an HTTP health check, TLS 443 to 30443, proxy protocol v2 on both. */
  static LoadBalancerSpec web() {
    ListenerSpec http =
        Specs.withAttributes(Specs.withHealthCheck(tcp(80, 30080), HTTP_CHECK), PROXY_V2);
    ListenerSpec https = Specs.withAttributes(tls(443, 30443), PROXY_V2);
    return Specs.with(
        Specs.spec("web", Scheme.INTERNET_FACING, List.of(http, https)),
        SubnetSelection.discover(null),
        List.of(),
        List.of(),
        List.of(),
        null,
        Map.of("team", "shop"));
  }

  @BeforeEach
  void freshAccount() {
    network = AwsAccount.freshAccount("c1");
    loadBalancers = new AwsLoadBalancers(AwsAccount.clients());
  }

  @Test
  void createsAnInternetFacingNlbWithListenersTargetGroupsAndAManagedSecurityGroup() {
    Ensured<LoadBalancerStatus> ensured = loadBalancers.ensure(OWNER, web());
    System.out.println("calls to create an NLB with two listeners: " + AwsAccount.calls());

    assertThat(ensured.outcome()).isEqualTo(ChangeOutcome.CREATED);
    assertThat(ensured.settled()).as("a new NLB is still provisioning").isFalse();
    assertThat(AwsAccount.calls())
        .as(
            "12 calls; the groups of a new load balancer are created without listing the account's"
                + " groups (their tags are read in one batch), attributes of new groups are written without reading AWS defaults first,"
                + " and the security group of a new load balancer is created without a look-up")
        .containsExactlyInAnyOrderEntriesOf(
            Map.ofEntries(
                Map.entry("DescribeLoadBalancers", 1L),
                Map.entry("DescribeSubnets", 1L),
                Map.entry("CreateSecurityGroup", 1L),
                Map.entry("AuthorizeSecurityGroupIngress", 1L),
                Map.entry("CreateLoadBalancer", 1L),
                Map.entry("CreateTargetGroup", 2L),
                Map.entry("DescribeTags", 1L),
                Map.entry("ModifyTargetGroupAttributes", 2L),
                Map.entry("CreateListener", 2L)));

    LoadBalancer lb = AwsAccount.loadBalancer("web");
    assertThat(lb.typeAsString()).isEqualTo("network");
    assertThat(lb.schemeAsString()).isEqualTo("internet-facing");
    assertThat(lb.availabilityZones())
        .extracting(z -> z.subnetId())
        .as("one tagged public subnet per zone")
        .containsExactlyInAnyOrderElementsOf(network.publicSubnets());
    assertThat(AwsAccount.tags(lb.loadBalancerArn()))
        .containsEntry("strato.io/owner", "uid-web")
        .containsEntry("strato.io/resource", "Service/shop/web")
        .containsEntry("kubernetes.io/cluster/c1", "owned")
        .containsEntry("team", "shop");

    SecurityGroup group = AwsAccount.securityGroupsNamed("strato-nlb-web").get(0);
    assertThat(lb.securityGroups()).containsExactly(group.groupId());
    assertThat(group.vpcId()).isEqualTo(network.vpcId());
    assertThat(ElbScenes.ingress(group)).containsExactly("tcp/443/0.0.0.0/0", "tcp/80/0.0.0.0/0");

    List<Listener> listeners = AwsAccount.listeners(lb.loadBalancerArn());
    assertThat(listeners).extracting(Listener::port).containsExactlyInAnyOrder(80, 443);
    Listener https = listeners.stream().filter(l -> l.port() == 443).findFirst().orElseThrow();
    assertThat(https.protocolAsString()).isEqualTo("TLS");
    assertThat(https.certificates()).extracting(c -> c.certificateArn()).containsExactly(CERT);

    List<TargetGroup> groups = ElbScenes.targetGroupsOf("web");
    assertThat(groups)
        .hasSize(2)
        .allSatisfy(g -> assertThat(g.protocolAsString()).isEqualTo("TCP"));
    TargetGroup http = groups.stream().filter(g -> g.port() == 30080).findFirst().orElseThrow();
    assertThat(
            listeners.stream()
                .filter(l -> l.port() == 80)
                .findFirst()
                .orElseThrow()
                .defaultActions())
        .extracting(a -> a.targetGroupArn())
        .containsExactly(http.targetGroupArn());
    assertThat(http.healthCheckProtocolAsString()).isEqualTo("HTTP");
    assertThat(http.healthCheckPort()).isEqualTo("10256");
    assertThat(http.healthCheckPath()).isEqualTo("/healthz");
    assertThat(http.healthyThresholdCount()).isEqualTo(2);
    assertThat(http.healthCheckIntervalSeconds()).isEqualTo(10);
    assertThat(AwsAccount.attributes(http.targetGroupArn()))
        .containsEntry("proxy_protocol_v2.enabled", "true")
        .containsEntry("deregistration_delay.timeout_seconds", "30");
    assertThat(AwsAccount.tags(http.targetGroupArn()))
        .containsEntry("strato.io/owner", "uid-web")
        .containsEntry("strato.io/load-balancer", "web")
        .containsEntry("team", "shop");

    assertThat(ensured.status().dnsName()).isEqualTo(lb.dnsName());
    assertThat(ensured.status().listeners())
        .extracting(l -> l.port() + "->" + l.targetGroupName())
        .containsExactly(
            "80->" + http.targetGroupName(),
            "443->" + TargetGroupNames.of("web", tls(443, 30443), TargetGroups.targetType(web())));
  }

  @Test
  void anUnchangedLoadBalancerCostsOnlyReads() {
    loadBalancers.ensure(OWNER, web());
    AwsAccount.clients().metrics().reset();

    Ensured<LoadBalancerStatus> ensured = loadBalancers.ensure(OWNER, web());
    System.out.println("calls of an unchanged ensure: " + AwsAccount.calls());

    assertThat(ensured.outcome()).isEqualTo(ChangeOutcome.UNCHANGED);
    assertThat(ensured.settled()).isTrue();
    assertThat(AwsAccount.writeCalls()).isEmpty();
    assertThat(AwsAccount.calls())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "DescribeLoadBalancers", 1L,
                "DescribeListeners", 1L,
                "DescribeTargetGroups", 1L,
                "DescribeTags", 1L,
                "DescribeSubnets", 1L,
                "DescribeSecurityGroups", 1L,
                "DescribeTargetGroupAttributes", 2L,
                "DescribeTargetHealth", 2L));
  }

  @Test
  void updatesListenersHealthChecksAttributesAndSourceRangesInPlace() {
    String arn = loadBalancers.ensure(OWNER, web()).status().arn();
    LoadBalancerSpec base = web();
    HealthCheckSpec slower = new HealthCheckSpec("HTTP", 10256, "/ready", 3, 3, 30, 10);
    ListenerSpec http =
        Specs.withAttributes(
            Specs.withHealthCheck(tcp(80, 30080), slower),
            new TargetGroupAttributes(false, true, 5));
    LoadBalancerSpec changed =
        Specs.with(
            Specs.withListeners(base, List.of(http, base.listeners().get(1), udp(53, 30053))),
            base.subnets(),
            List.of(),
            List.of("10.1.0.0/16", "192.168.0.0/24"),
            List.of(),
            null,
            Map.of("team", "shop", "tier", "edge"));

    Ensured<LoadBalancerStatus> ensured = loadBalancers.ensure(OWNER, changed);

    assertThat(ensured.outcome()).isEqualTo(ChangeOutcome.UPDATED);
    assertThat(ensured.status().arn()).as("same load balancer").isEqualTo(arn);
    assertThat(AwsAccount.listeners(arn))
        .extracting(l -> l.port() + "/" + l.protocolAsString())
        .containsExactlyInAnyOrder("80/TCP", "443/TLS", "53/UDP");
    List<TargetGroup> groups = ElbScenes.targetGroupsOf("web");
    assertThat(groups).hasSize(3);
    TargetGroup dns = groups.stream().filter(g -> g.port() == 30053).findFirst().orElseThrow();
    assertThat(dns.protocolAsString()).isEqualTo("UDP");
    TargetGroup web = groups.stream().filter(g -> g.port() == 30080).findFirst().orElseThrow();
    assertThat(web.healthCheckPath()).isEqualTo("/ready");
    assertThat(web.healthCheckIntervalSeconds()).isEqualTo(30);
    assertThat(AwsAccount.attributes(web.targetGroupArn()))
        .containsEntry("proxy_protocol_v2.enabled", "false")
        .containsEntry("preserve_client_ip.enabled", "true")
        .containsEntry("deregistration_delay.timeout_seconds", "5");
    assertThat(ElbScenes.ingress(AwsAccount.securityGroupsNamed("strato-nlb-web").get(0)))
        .containsExactly(
            "tcp/443/10.1.0.0/16",
            "tcp/443/192.168.0.0/24",
            "tcp/80/10.1.0.0/16",
            "tcp/80/192.168.0.0/24",
            "udp/53/10.1.0.0/16",
            "udp/53/192.168.0.0/24");
    assertThat(AwsAccount.tags(arn)).containsEntry("tier", "edge");

    AwsAccount.clients().metrics().reset();
    assertThat(loadBalancers.ensure(OWNER, changed).outcome()).isEqualTo(ChangeOutcome.UNCHANGED);
    assertThat(AwsAccount.writeCalls()).isEmpty();
  }

  @Test
  void removingAListenerRemovesItsTargetGroupAndItsPort() {
    String arn = loadBalancers.ensure(OWNER, web()).status().arn();
    LoadBalancerSpec onlyTls = Specs.withListeners(web(), List.of(web().listeners().get(1)));
    AwsAccount.clients().metrics().reset();

    assertThat(loadBalancers.ensure(OWNER, onlyTls).outcome()).isEqualTo(ChangeOutcome.UPDATED);

    assertThat(AwsAccount.listeners(arn)).extracting(Listener::port).containsExactly(443);
    assertThat(ElbScenes.targetGroupsOf("web"))
        .extracting(TargetGroup::port)
        .containsExactly(30443);
    assertThat(ElbScenes.ingress(AwsAccount.securityGroupsNamed("strato-nlb-web").get(0)))
        .containsExactly("tcp/443/0.0.0.0/0");
    assertThat(AwsAccount.calls())
        .containsEntry("DeleteListener", 1L)
        .containsEntry("DeleteTargetGroup", 1L)
        .containsEntry("RevokeSecurityGroupIngress", 1L);
  }

  @Test
  void changingTheTargetPortReplacesTheTargetGroupAfterTheListenerMoved() {
    String arn = loadBalancers.ensure(OWNER, web()).status().arn();
    String before =
        ElbScenes.targetGroupsOf("web").stream()
            .filter(g -> g.port() == 30080)
            .findFirst()
            .orElseThrow()
            .targetGroupArn();
    ListenerSpec moved =
        Specs.withAttributes(Specs.withHealthCheck(tcp(80, 31080), HTTP_CHECK), PROXY_V2);
    LoadBalancerSpec changed = Specs.withListeners(web(), List.of(moved, web().listeners().get(1)));

    loadBalancers.ensure(OWNER, changed);

    assertThat(ElbScenes.targetGroupsOf("web"))
        .extracting(TargetGroup::port)
        .containsExactlyInAnyOrder(31080, 30443);
    assertThat(AwsAccount.allTargetGroups())
        .extracting(TargetGroup::targetGroupArn)
        .doesNotContain(before);
    Listener http =
        AwsAccount.listeners(arn).stream().filter(l -> l.port() == 80).findFirst().orElseThrow();
    assertThat(AwsAccount.tags(http.defaultActions().get(0).targetGroupArn()))
        .containsEntry("strato.io/owner", "uid-web");
  }

  @Test
  void aStricterTlsPolicyIsAppliedInPlace() {
    String arn = loadBalancers.ensure(OWNER, web()).status().arn();
    ListenerSpec strict =
        Specs.withSslPolicy(web().listeners().get(1), "ELBSecurityPolicy-TLS13-1-2-2021-06");
    LoadBalancerSpec stricter =
        Specs.withListeners(web(), List.of(web().listeners().get(0), strict));
    AwsAccount.clients().metrics().reset();

    assertThat(loadBalancers.ensure(OWNER, stricter).outcome()).isEqualTo(ChangeOutcome.UPDATED);

    assertThat(AwsAccount.writeCalls().keySet())
        .singleElement()
        .asString()
        .endsWith("ModifyListener");
    Listener https =
        AwsAccount.listeners(arn).stream().filter(l -> l.port() == 443).findFirst().orElseThrow();
    assertThat(https.sslPolicy()).isEqualTo("ELBSecurityPolicy-TLS13-1-2-2021-06");
    assertThat(https.certificates()).extracting(c -> c.certificateArn()).containsExactly(CERT);
    assertThat(loadBalancers.ensure(OWNER, stricter).outcome()).isEqualTo(ChangeOutcome.UNCHANGED);
  }

  @Test
  void deletionLeavesNothingBehind() {
    loadBalancers.ensure(OWNER, web());
    AwsAccount.clients().metrics().reset();

    assertThat(loadBalancers.ensureDeleted(OWNER, "web")).isEqualTo(Deletion.GONE);
    System.out.println("calls to delete an NLB with two listeners: " + AwsAccount.calls());

    assertThat(AwsAccount.calls())
        .as(
            "the listeners go with the load balancer, and one DescribeTags reads the ownership of"
                + " the load balancer and both groups")
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "DescribeLoadBalancers", 2L, // find it, then make sure no twin is left
                "DescribeTargetGroups", 1L,
                "DescribeTags", 1L,
                "DeleteLoadBalancer", 1L,
                "DeleteTargetGroup", 2L,
                "DescribeSecurityGroups", 1L,
                "DeleteSecurityGroup", 1L));

    assertThat(AwsAccount.loadBalancersNamed("web")).isEmpty();
    assertThat(AwsAccount.allTargetGroups()).isEmpty();
    assertThat(AwsAccount.securityGroupsNamed("strato-nlb-web")).isEmpty();
    assertThat(loadBalancers.get(OWNER, "web")).isEmpty();
    assertThat(loadBalancers.ensureDeleted(OWNER, "web"))
        .as("absent is success")
        .isEqualTo(Deletion.GONE);
  }

  @Test
  void getReportsWhatExists() {
    LoadBalancerStatus created = loadBalancers.ensure(OWNER, web()).status();

    LoadBalancerStatus seen = loadBalancers.get(OWNER, "web").orElseThrow();

    assertThat(seen.arn()).isEqualTo(created.arn());
    assertThat(seen.active()).isTrue();
    assertThat(seen.listeners()).isEqualTo(created.listeners());
    assertThat(seen.subnetIds()).containsExactlyInAnyOrderElementsOf(created.subnetIds());
  }
}
