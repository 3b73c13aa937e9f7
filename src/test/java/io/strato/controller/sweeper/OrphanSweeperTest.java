package io.strato.controller.sweeper;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.strato.cloud.Ownership;
import io.strato.cloud.aws.AwsClients;
import io.strato.cloud.aws.AwsClusterInventory;
import io.strato.cloud.aws.elb.AwsLoadBalancers;
import io.strato.cloud.inventory.OrphanKind;
import io.strato.cloud.loadbalancer.ListenerProtocol;
import io.strato.cloud.loadbalancer.ListenerSpec;
import io.strato.cloud.loadbalancer.LoadBalancerSpec;
import io.strato.cloud.loadbalancer.Scheme;
import io.strato.cloud.loadbalancer.SubnetSelection;
import io.strato.cloud.loadbalancer.TargetGroupAttributes;
import io.strato.cloud.loadbalancer.TargetType;
import io.strato.testsupport.AwsFixtures;
import io.strato.testsupport.MotoServer;
import io.strato.testsupport.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Tag;

/** The sweeper against moto: Services come and go, their load balancers stay or leave. */
class OrphanSweeperTest {

  static final String CLUSTER = "c1";
  static final Duration GRACE = Duration.ofMinutes(10);
  static final Ownership WEB = new Ownership("uid-web", "Service", "shop/web", CLUSTER);

  /** The code under test (metered) and the test's own clients for scenery and looking. */
  private static AwsClients clients;

  private static AwsClients aws;

  private AwsFixtures network;
  private AwsLoadBalancers loadBalancers;
  private TestClock clock;
  private SimpleMeterRegistry registry;

  @BeforeAll
  static void clients() {
    clients = MotoServer.shared().clients();
    aws = MotoServer.shared().clients();
  }

  @AfterAll
  static void close() {
    clients.close();
    aws.close();
  }

  @BeforeEach
  void freshAccount() {
    MotoServer.shared().reset();
    network = AwsFixtures.network(aws.ec2(), CLUSTER);
    loadBalancers = new AwsLoadBalancers(clients);
    clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
    registry = new SimpleMeterRegistry();
  }

  @Test
  void aLoadBalancerOfALiveServiceIsNeverTouched() {
    loadBalancers.ensure(WEB, spec("web"));
    OrphanSweeper sweeper = sweeper();

    SweepReport first = sweeper.sweep(Set.of("uid-web"));
    clock.advance(GRACE.multipliedBy(2));
    SweepReport second = sweeper.sweep(Set.of("uid-web"));

    assertThat(first.found()).isEmpty();
    assertThat(second.found()).isEmpty();
    assertThat(second.deleted()).isEmpty();
    assertWebStillExists();
  }

  @Test
  void anOrphanedLoadBalancerGoesWithItsGroupsOnlyAfterTheGracePeriodAndTwoSweeps() {
    loadBalancers.ensure(WEB, spec("web"));
    OrphanSweeper sweeper = sweeper();

    SweepReport first = sweeper.sweep(Set.of());
    assertThat(first.found())
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.kind()).isEqualTo(OrphanKind.LOAD_BALANCER);
              assertThat(o.name()).isEqualTo("web");
              assertThat(o.ownerUid()).isEqualTo("uid-web");
              assertThat(o.resource()).isEqualTo("Service/shop/web");
            });
    assertThat(first.deleted()).isEmpty();

    clock.advance(GRACE.minusSeconds(1));
    assertThat(sweeper.sweep(Set.of()).deleted()).as("still within the grace period").isEmpty();
    assertWebStillExists();

    clock.advance(Duration.ofSeconds(1));
    SweepReport due = sweeper.sweep(Set.of());
    assertThat(due.deleted()).extracting(Orphan::name).containsExactly("web");
    assertThat(aws.elb().describeLoadBalancers().loadBalancers()).isEmpty();
    assertThat(aws.elb().describeTargetGroups().targetGroups()).isEmpty();
    assertThat(managedSecurityGroups()).isEmpty();
    assertThat(registry.counter("strato.orphans.deleted", "kind", "load-balancer").count())
        .isEqualTo(1.0);

    assertThat(sweeper.sweep(Set.of()).found()).as("nothing left").isEmpty();
  }

  @Test
  void aRestartForgetsFirstSightingsWhichDelaysButNeverHastensADeletion() {
    loadBalancers.ensure(WEB, spec("web"));
    sweeper().sweep(Set.of());
    clock.advance(GRACE);

    OrphanSweeper restarted = sweeper();
    assertThat(restarted.sweep(Set.of()).deleted()).isEmpty();
    clock.advance(GRACE);
    assertThat(restarted.sweep(Set.of()).deleted()).hasSize(1);
  }

  @Test
  void aServiceThatComesBackBeforeTheGracePeriodEndsKeepsItsLoadBalancer() {
    loadBalancers.ensure(WEB, spec("web"));
    OrphanSweeper sweeper = sweeper();
    sweeper.sweep(Set.of()); // e.g. the Service list was momentarily incomplete
    clock.advance(GRACE);
    assertThat(sweeper.sweep(Set.of("uid-web")).found()).isEmpty();
    clock.advance(GRACE);
    assertThat(sweeper.sweep(Set.of()).deleted()).as("its clock started again").isEmpty();
    assertWebStillExists();
  }

  @Test
  void resourcesWithoutStratosManagedByTagOrOfAnotherClusterAreLeftAlone() {
    loadBalancers.ensure(WEB, spec("web"));
    loadBalancers.ensure(
        new Ownership("uid-api", "Service", "shop/api", "other-cluster"), spec("api"));
    // "web" loses the managed-by tag everywhere: say, it was adopted by hand.
    String webArn = arn("web");
    aws.elb().removeTags(r -> r.resourceArns(webArn).tagKeys(Ownership.MANAGED_BY_TAG));
    aws.elb().describeTargetGroups().targetGroups().stream()
        .filter(g -> g.targetGroupName().startsWith("web-"))
        .forEach(
            g ->
                aws.elb()
                    .removeTags(
                        r -> r.resourceArns(g.targetGroupArn()).tagKeys(Ownership.MANAGED_BY_TAG)));
    managedSecurityGroups().stream()
        .filter(g -> g.groupName().equals("strato-nlb-web"))
        .forEach(
            g ->
                aws.ec2()
                    .deleteTags(
                        r -> r.resources(g.groupId()).tags(t -> t.key(Ownership.MANAGED_BY_TAG))));
    OrphanSweeper sweeper = sweeper();

    sweeper.sweep(Set.of());
    clock.advance(GRACE.multipliedBy(2));
    SweepReport report = sweeper.sweep(Set.of());

    assertThat(report.found()).isEmpty();
    assertThat(aws.elb().describeLoadBalancers().loadBalancers())
        .extracting(lb -> lb.loadBalancerName())
        .containsExactlyInAnyOrder("web", "api");
    assertThat(aws.elb().describeTargetGroups().targetGroups()).hasSize(2);
  }

  @Test
  void groupsLeftBehindByACrashAreSweptButALiveOwnersAreNot() {
    loadBalancers.ensure(WEB, spec("web"));
    Ownership api = new Ownership("uid-api", "Service", "shop/api", CLUSTER);
    loadBalancers.ensure(api, spec("api"));
    // A crash halfway through two deletes: each load balancer went, its groups stayed.
    aws.elb().deleteLoadBalancer(r -> r.loadBalancerArn(arn("web")));
    aws.elb().deleteLoadBalancer(r -> r.loadBalancerArn(arn("api")));
    OrphanSweeper sweeper = sweeper();

    SweepReport first = sweeper.sweep(Set.of("uid-api"));
    assertThat(first.found())
        .extracting(Orphan::kind, Orphan::name)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(OrphanKind.TARGET_GROUP, targetGroupName("web")),
            org.assertj.core.groups.Tuple.tuple(OrphanKind.SECURITY_GROUP, "strato-nlb-web"));
    clock.advance(GRACE);
    SweepReport due = sweeper.sweep(Set.of("uid-api"));

    assertThat(due.deleted()).hasSize(2);
    assertThat(aws.elb().describeTargetGroups().targetGroups())
        .extracting(g -> g.targetGroupName())
        .containsExactly(targetGroupName("api"));
    assertThat(managedSecurityGroups())
        .extracting(g -> g.groupName())
        .containsExactly("strato-nlb-api");
    assertThat(registry.counter("strato.orphans.deleted", "kind", "target-group").count())
        .isEqualTo(1.0);
    assertThat(registry.counter("strato.orphans.deleted", "kind", "security-group").count())
        .isEqualTo(1.0);
  }

  @Test
  void aSweepOf45LoadBalancersTakesSixListCalls() {
    loadBalancers.ensure(WEB, spec("web"));
    for (int i = 0; i < 44; i++) {
      String name = "plain-" + i;
      aws.elb()
          .createLoadBalancer(
              r ->
                  r.name(name)
                      .type(LoadBalancerTypeEnum.NETWORK)
                      .subnets(network.publicSubnets())
                      .tags(Tag.builder().key("team").value("other").build()));
    }
    OrphanSweeper sweeper = sweeper();
    clients.metrics().reset();

    sweeper.sweep(Set.of("uid-web"));

    System.out.println("calls for a sweep of 45 load balancers: " + clients.metrics().snapshot());
    assertThat(clients.metrics().snapshot())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "ElasticLoadBalancingV2:DescribeLoadBalancers", 1L,
                "ElasticLoadBalancingV2:DescribeTags", 3L,
                "ElasticLoadBalancingV2:DescribeTargetGroups", 1L,
                "Ec2:DescribeSecurityGroups", 1L));
  }

  private OrphanSweeper sweeper() {
    return new OrphanSweeper(
        new AwsClusterInventory(clients), loadBalancers, CLUSTER, GRACE, clock, registry);
  }

  private LoadBalancerSpec spec(String name) {
    ListenerSpec tcp =
        new ListenerSpec(
            80, ListenerProtocol.TCP, 30080, null, null, null, TargetGroupAttributes.NONE);
    return new LoadBalancerSpec(
        name,
        Scheme.INTERNET_FACING,
        SubnetSelection.ids(network.publicSubnets()),
        List.of(),
        List.of(),
        List.of(tcp),
        TargetType.INSTANCE,
        List.of(),
        null,
        Map.of());
  }

  private void assertWebStillExists() {
    assertThat(aws.elb().describeLoadBalancers().loadBalancers())
        .extracting(lb -> lb.loadBalancerName())
        .containsExactly("web");
    assertThat(aws.elb().describeTargetGroups().targetGroups()).hasSize(1);
    assertThat(managedSecurityGroups()).hasSize(1);
  }

  private String arn(String name) {
    return aws.elb()
        .describeLoadBalancers(r -> r.names(name))
        .loadBalancers()
        .get(0)
        .loadBalancerArn();
  }

  private String targetGroupName(String loadBalancerName) {
    return aws.elb().describeTargetGroups().targetGroups().stream()
        .map(g -> g.targetGroupName())
        .filter(n -> n.startsWith(loadBalancerName + "-"))
        .findFirst()
        .orElseThrow();
  }

  private List<software.amazon.awssdk.services.ec2.model.SecurityGroup> managedSecurityGroups() {
    return aws.ec2()
        .describeSecurityGroups(r -> r.filters(f -> f.name("group-name").values("strato-nlb-*")))
        .securityGroups();
  }
}
