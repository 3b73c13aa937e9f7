package io.strato.cloud.aws.elb;

import static io.strato.cloud.aws.elb.Specs.tcp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strato.cloud.ChangeOutcome;
import io.strato.cloud.CloudException;
import io.strato.cloud.Ownership;
import io.strato.cloud.aws.AwsTags;
import io.strato.cloud.loadbalancer.LoadBalancerSpec;
import io.strato.cloud.loadbalancer.Scheme;
import io.strato.testsupport.AwsAccount;
import io.strato.testsupport.AwsFixtures;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;

/**
 * The target groups of a load balancer that does not exist yet are created directly, without
 * listing the account's groups; a group of the same name is adopted only when Strato owns it.
 */
class NewLoadBalancerTargetGroupsTest {

  private static final Ownership OWNER = LoadBalancerLifecycleTest.OWNER;

  private AwsFixtures network;
  private AwsLoadBalancers loadBalancers;

  @BeforeEach
  void freshAccount() {
    network = AwsAccount.freshAccount("c1");
    loadBalancers = new AwsLoadBalancers(AwsAccount.clients());
  }

  private static LoadBalancerSpec api() {
    return Specs.spec("api", Scheme.INTERNET_FACING, List.of(tcp(80, 30080), tcp(443, 30443)));
  }

  private static String groupName(int port, int targetPort) {
    return TargetGroupNames.of("api", tcp(port, targetPort), TargetGroups.targetType(api()));
  }

  /** A group someone else made, with the name Strato wants for listener 80. */
  private String foreignGroup(Map<String, String> tags) {
    return AwsAccount.aws()
        .elb()
        .createTargetGroup(
            r ->
                r.name(groupName(80, 30080))
                    .protocol("TCP")
                    .port(30080)
                    .vpcId(network.vpcId())
                    .tags(AwsTags.toElbv2(tags)))
        .targetGroups()
        .get(0)
        .targetGroupArn();
  }

  @Test
  void createsTheGroupsOfANewLoadBalancerWithoutListingTheAccount() {
    // Groups of other load balancers: the listing this path avoids would grow with them.
    for (int i = 0; i < 3; i++) {
      int n = i;
      AwsAccount.aws()
          .elb()
          .createTargetGroup(
              r -> r.name("other-" + n).protocol("TCP").port(80).vpcId(network.vpcId()));
    }

    assertThat(loadBalancers.ensure(OWNER, api()).outcome()).isEqualTo(ChangeOutcome.CREATED);

    Map<String, Long> calls = AwsAccount.calls();
    System.out.println("calls to create an NLB with two listeners: " + calls);
    assertThat(calls).doesNotContainKey("DescribeTargetGroups");
    assertThat(calls)
        .as("the created groups' ownership is read in one batch")
        .containsEntry("CreateTargetGroup", 2L)
        .containsEntry("DescribeTags", 1L);
    List<TargetGroup> groups = ElbScenes.targetGroupsOf("api");
    assertThat(groups).hasSize(2);
    assertThat(groups)
        .allSatisfy(
            g ->
                assertThat(AwsAccount.tags(g.targetGroupArn()))
                    .containsEntry("strato.io/owner", "uid-web")
                    .containsEntry("strato.io/load-balancer", "api"));
  }

  @Test
  void refusesAndLeavesAloneAForeignGroupWithTheSameName() {
    String foreign = foreignGroup(Map.of("team", "payments"));

    assertThatThrownBy(() -> loadBalancers.ensure(OWNER, api()))
        .isInstanceOf(CloudException.Conflict.class)
        .hasMessageContaining(groupName(80, 30080));
    assertThat(AwsAccount.tags(foreign)).isEqualTo(Map.of("team", "payments"));
    assertThat(AwsAccount.listeners(AwsAccount.loadBalancer("api").loadBalancerArn())).isEmpty();

    // Another owner's group is refused the same way, and the teardown leaves both alone.
    assertThat(loadBalancers.ensureDeleted(OWNER, "api")).isNotNull();
    assertThat(loadBalancers.ensureDeleted(OWNER, "api")).isNotNull();
    assertThat(AwsAccount.allTargetGroups())
        .extracting(TargetGroup::targetGroupArn)
        .contains(foreign);
    assertThat(AwsAccount.tags(foreign)).isEqualTo(Map.of("team", "payments"));
  }

  @Test
  void refusesAGroupOfTheSameNameThatAnotherOwnerTagged() {
    Ownership other = new Ownership("uid-other", "Service", "shop/other", "c1");
    Map<String, String> theirs = TargetGroups.desiredTags(other, api());
    String foreign = foreignGroup(theirs);

    assertThatThrownBy(() -> loadBalancers.ensure(OWNER, api()))
        .isInstanceOf(CloudException.Conflict.class)
        .hasMessageContaining("uid-other");
    assertThat(AwsAccount.tags(foreign)).isEqualTo(theirs);
  }

  @Test
  void adoptsItsOwnGroupLeftWhenTheLoadBalancerWentAway() {
    loadBalancers.ensure(OWNER, api());
    List<String> before =
        ElbScenes.targetGroupsOf("api").stream().map(TargetGroup::targetGroupArn).sorted().toList();
    // Deleted behind Strato's back: the groups stay, and the next ensure is a fresh create.
    AwsAccount.aws()
        .elb()
        .deleteLoadBalancer(
            r -> r.loadBalancerArn(AwsAccount.loadBalancer("api").loadBalancerArn()));
    AwsAccount.clients().metrics().reset();

    assertThat(loadBalancers.ensure(OWNER, api()).outcome()).isEqualTo(ChangeOutcome.CREATED);

    assertThat(ElbScenes.targetGroupsOf("api"))
        .extracting(TargetGroup::targetGroupArn)
        .as("no twin: the refused names were looked up and the owned groups reused")
        .containsExactlyInAnyOrderElementsOf(before);
    assertThat(AwsAccount.calls())
        .as("looked up by name, one group each, never listed")
        .containsEntry("DescribeTargetGroups", 2L);
    String lb = AwsAccount.loadBalancer("api").loadBalancerArn();
    assertThat(AwsAccount.listeners(lb))
        .extracting(l -> l.defaultActions().get(0).targetGroupArn())
        .containsExactlyInAnyOrderElementsOf(before);
  }
}
