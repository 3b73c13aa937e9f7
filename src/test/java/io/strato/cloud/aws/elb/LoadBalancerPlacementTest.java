package io.strato.cloud.aws.elb;

import static io.strato.cloud.aws.elb.Specs.tcp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strato.cloud.ChangeOutcome;
import io.strato.cloud.CloudException;
import io.strato.cloud.Deletion;
import io.strato.cloud.Ensured;
import io.strato.cloud.Ownership;
import io.strato.cloud.loadbalancer.ListenerProtocol;
import io.strato.cloud.loadbalancer.ListenerSpec;
import io.strato.cloud.loadbalancer.LoadBalancerSpec;
import io.strato.cloud.loadbalancer.LoadBalancerStatus;
import io.strato.cloud.loadbalancer.Scheme;
import io.strato.cloud.loadbalancer.SubnetSelection;
import io.strato.testsupport.AwsAccount;
import io.strato.testsupport.AwsFixtures;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;

/** Where a load balancer goes (scheme, subnets, security groups) and who may touch it. */
class LoadBalancerPlacementTest {

  private static final Ownership OWNER = new Ownership("uid-api", "LoadBalancer", "api", "c1");
  private static final Ownership STRANGER = new Ownership("uid-other", "LoadBalancer", "api", "c1");

  private AwsFixtures network;
  private AwsLoadBalancers loadBalancers;

  @BeforeEach
  void freshAccount() {
    network = AwsAccount.freshAccount("c1");
    loadBalancers = new AwsLoadBalancers(AwsAccount.clients());
  }

  private static LoadBalancerSpec api(Scheme scheme, SubnetSelection subnets, List<String> groups) {
    return Specs.with(
        Specs.spec("api", scheme, List.of(tcp(443, 30443))),
        subnets,
        groups,
        List.of(),
        List.of(),
        null,
        Map.of());
  }

  @Test
  void anInternalLoadBalancerUsesTheSubnetsItIsGiven() {
    List<String> two = network.privateSubnets().subList(0, 2);

    Ensured<LoadBalancerStatus> ensured =
        loadBalancers.ensure(OWNER, api(Scheme.INTERNAL, SubnetSelection.ids(two), List.of()));

    LoadBalancer lb = AwsAccount.loadBalancer("api");
    assertThat(lb.schemeAsString()).isEqualTo("internal");
    assertThat(lb.availabilityZones())
        .extracting(z -> z.subnetId())
        .containsExactlyInAnyOrderElementsOf(two);
    assertThat(ensured.status().vpcId()).isEqualTo(network.vpcId());
  }

  @Test
  void discoveryForAnInternalSchemePicksThePrivateSubnets() {
    loadBalancers.ensure(
        OWNER, api(Scheme.INTERNAL, SubnetSelection.discover(network.vpcId()), List.of()));

    assertThat(AwsAccount.loadBalancer("api").availabilityZones())
        .extracting(z -> z.subnetId())
        .containsExactlyInAnyOrderElementsOf(network.privateSubnets());
  }

  @Test
  void anUnknownSubnetIsAnInvalidRequestAndCreatesNothing() {
    LoadBalancerSpec spec =
        api(
            Scheme.INTERNAL,
            SubnetSelection.ids(List.of(network.privateSubnets().get(0), "subnet-0000dead")),
            List.of());

    assertThatThrownBy(() -> loadBalancers.ensure(OWNER, spec))
        .isInstanceOfSatisfying(
            CloudException.InvalidRequest.class,
            e -> assertThat(e.reason()).isEqualTo("SubnetNotFound"));
    assertThat(AwsAccount.loadBalancersNamed("api")).isEmpty();
    assertThat(AwsAccount.securityGroupsNamed("strato-nlb-api")).isEmpty();
  }

  @Test
  void noTaggedSubnetForTheClusterIsAnInvalidRequestThatNamesTheTags() {
    Ownership otherCluster = new Ownership("uid-api", "LoadBalancer", "api", "c2");

    assertThatThrownBy(
            () ->
                loadBalancers.ensure(
                    otherCluster,
                    api(Scheme.INTERNET_FACING, SubnetSelection.discover(null), List.of())))
        .isInstanceOfSatisfying(
            CloudException.InvalidRequest.class,
            e -> {
              assertThat(e.reason()).isEqualTo("NoSuitableSubnets");
              assertThat(e.getMessage())
                  .contains("kubernetes.io/role/elb")
                  .contains("kubernetes.io/cluster/c2");
            });
  }

  @Test
  void anUnknownCertificateIsAnInvalidRequestNotANotFound() {
    String missing = "arn:aws:acm:us-east-1:123456789012:certificate/00000000-dead";
    LoadBalancerSpec spec =
        Specs.withListeners(
            api(Scheme.INTERNAL, SubnetSelection.discover(null), List.of()),
            List.of(new ListenerSpec(443, ListenerProtocol.TLS, 30443, missing, null, null, null)));

    assertThatThrownBy(() -> loadBalancers.ensure(OWNER, spec))
        .isInstanceOfSatisfying(
            CloudException.InvalidRequest.class,
            e -> {
              assertThat(e.reason()).isEqualTo("CertificateNotFound");
              assertThat(e.getMessage()).contains("port 443");
            });
  }

  @Test
  void aNameHeldByAnotherOwnerIsAConflictAndIsLeftAlone() {
    loadBalancers.ensure(
        OWNER, api(Scheme.INTERNET_FACING, SubnetSelection.discover(null), List.of()));
    AwsAccount.clients().metrics().reset();

    assertThatThrownBy(
            () ->
                loadBalancers.ensure(
                    STRANGER, api(Scheme.INTERNAL, SubnetSelection.discover(null), List.of())))
        .isInstanceOf(CloudException.Conflict.class)
        .hasMessageContaining("uid-api")
        .hasMessageContaining("will not adopt");
    assertThatThrownBy(() -> loadBalancers.get(STRANGER, "api"))
        .isInstanceOf(CloudException.Conflict.class);
    assertThat(AwsAccount.writeCalls()).isEmpty();

    assertThat(loadBalancers.ensureDeleted(STRANGER, "api")).isEqualTo(Deletion.GONE);
    assertThat(AwsAccount.loadBalancersNamed("api")).hasSize(1);
    assertThat(ElbScenes.targetGroupsOf("api")).hasSize(1);
    assertThat(AwsAccount.securityGroupsNamed("strato-nlb-api")).hasSize(1);
  }

  @Test
  void aSchemeChangeReplacesTheLoadBalancerAndKeepsItsTargetGroups() {
    String before =
        loadBalancers
            .ensure(OWNER, api(Scheme.INTERNET_FACING, SubnetSelection.discover(null), List.of()))
            .status()
            .arn();
    String group = ElbScenes.targetGroupsOf("api").get(0).targetGroupArn();

    Ensured<LoadBalancerStatus> ensured =
        loadBalancers.ensure(
            OWNER, api(Scheme.INTERNAL, SubnetSelection.discover(null), List.of()));

    assertThat(ensured.outcome()).isEqualTo(ChangeOutcome.CREATED);
    LoadBalancer lb = AwsAccount.loadBalancer("api");
    assertThat(lb.loadBalancerArn()).isNotEqualTo(before);
    assertThat(lb.schemeAsString()).isEqualTo("internal");
    assertThat(lb.availabilityZones())
        .extracting(z -> z.subnetId())
        .containsExactlyInAnyOrderElementsOf(network.privateSubnets());
    assertThat(ElbScenes.targetGroupsOf("api"))
        .extracting(g -> g.targetGroupArn())
        .containsExactly(group);
    assertThat(AwsAccount.listeners(lb.loadBalancerArn()))
        .singleElement()
        .satisfies(l -> assertThat(l.defaultActions().get(0).targetGroupArn()).isEqualTo(group));
  }

  @Test
  void movingToUserSecurityGroupsSwapsThemInBeforeDeletingTheManagedOne() {
    loadBalancers.ensure(
        OWNER, api(Scheme.INTERNET_FACING, SubnetSelection.discover(null), List.of()));
    String mine =
        AwsAccount.aws()
            .ec2()
            .createSecurityGroup(
                r -> r.groupName("user-lb").description("user").vpcId(network.vpcId()))
            .groupId();

    Ensured<LoadBalancerStatus> ensured =
        loadBalancers.ensure(
            OWNER, api(Scheme.INTERNET_FACING, SubnetSelection.discover(null), List.of(mine)));

    assertThat(ensured.outcome()).isEqualTo(ChangeOutcome.UPDATED);
    assertThat(AwsAccount.loadBalancer("api").securityGroups()).containsExactly(mine);
    assertThat(AwsAccount.securityGroupsNamed("strato-nlb-api")).isEmpty();

    loadBalancers.ensure(
        OWNER, api(Scheme.INTERNET_FACING, SubnetSelection.discover(null), List.of()));
    String managed = AwsAccount.securityGroupsNamed("strato-nlb-api").get(0).groupId();
    assertThat(AwsAccount.loadBalancer("api").securityGroups()).containsExactly(managed);
  }

  @Test
  void explicitSubnetsChangeInPlace() {
    loadBalancers.ensure(
        OWNER,
        api(
            Scheme.INTERNAL,
            SubnetSelection.ids(network.privateSubnets().subList(0, 2)),
            List.of()));
    String arn = AwsAccount.loadBalancer("api").loadBalancerArn();

    loadBalancers.ensure(
        OWNER, api(Scheme.INTERNAL, SubnetSelection.ids(network.privateSubnets()), List.of()));

    LoadBalancer lb = AwsAccount.loadBalancer("api");
    assertThat(lb.loadBalancerArn()).isEqualTo(arn);
    assertThat(lb.availabilityZones())
        .extracting(z -> z.subnetId())
        .containsExactlyInAnyOrderElementsOf(network.privateSubnets());
  }

  @Test
  void userTagsFollowTheSpecButOwnershipTagsStay() {
    LoadBalancerSpec tagged =
        Specs.with(
            api(Scheme.INTERNAL, SubnetSelection.discover(null), List.of()),
            SubnetSelection.discover(null),
            List.of(),
            List.of(),
            List.of(),
            null,
            Map.of("a", "1", "b", "2"));
    loadBalancers.ensure(OWNER, tagged);

    loadBalancers.ensure(
        OWNER,
        Specs.with(
            tagged, tagged.subnets(), List.of(), List.of(), List.of(), null, Map.of("a", "3")));

    String arn = AwsAccount.loadBalancer("api").loadBalancerArn();
    assertThat(AwsAccount.tags(arn))
        .containsEntry("a", "3")
        .doesNotContainKey("b")
        .containsEntry("strato.io/owner", "uid-api");
    assertThat(AwsAccount.tags(ElbScenes.targetGroupsOf("api").get(0).targetGroupArn()))
        .containsEntry("a", "3")
        .doesNotContainKey("b");
  }
}
