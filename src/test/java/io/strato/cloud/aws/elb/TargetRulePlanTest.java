package io.strato.cloud.aws.elb;

import static io.strato.cloud.aws.elb.TargetRulePlan.Rule.port;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strato.cloud.loadbalancer.HealthCheckSpec;
import io.strato.cloud.loadbalancer.ListenerProtocol;
import io.strato.cloud.loadbalancer.ListenerSpec;
import io.strato.cloud.loadbalancer.TargetGroupAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.IpRange;
import software.amazon.awssdk.services.ec2.model.UserIdGroupPair;

class TargetRulePlanTest {

  private static final String OURS = TargetRulePlan.description("uid-1", "web-abc");
  private static final TargetRulePlan.Sources FROM_NLB_GROUP =
      new TargetRulePlan.Sources(List.of("sg-nlb"), List.of(), List.of());

  private static ListenerSpec listener(int nodePort, ListenerProtocol protocol, Integer hcPort) {
    HealthCheckSpec check =
        hcPort == null
            ? HealthCheckSpec.tcpDefault()
            : new HealthCheckSpec("HTTP", hcPort, "/healthz", 2, 2, 10, 6);
    return new ListenerSpec(
        nodePort - 30000, protocol, nodePort, null, null, check, TargetGroupAttributes.NONE);
  }

  @Test
  void theNlbGroupIsAdmittedOnEveryNodePortAndOnTheHealthCheckPort() {
    Set<TargetRulePlan.Rule> rules =
        TargetRulePlan.desired(
            List.of(
                listener(30080, ListenerProtocol.TCP, 31999),
                listener(30053, ListenerProtocol.UDP, 31999),
                listener(30500, ListenerProtocol.TCP_UDP, null)),
            FROM_NLB_GROUP);

    assertThat(rules)
        .containsExactlyInAnyOrder(
            port("tcp", 30080, "sg-nlb"),
            port("udp", 30053, "sg-nlb"),
            port("tcp", 30500, "sg-nlb"),
            port("udp", 30500, "sg-nlb"),
            port("tcp", 31999, "sg-nlb"));
  }

  @Test
  void withoutAnNlbGroupClientsReachTheNodePortsAndTheSubnetsTheHealthCheckPort() {
    TargetRulePlan.Sources sources =
        new TargetRulePlan.Sources(
            List.of(), List.of("203.0.113.0/24"), List.of("10.0.0.0/24", "10.0.1.0/24"));

    assertThat(
            TargetRulePlan.desired(List.of(listener(30080, ListenerProtocol.TCP, 31999)), sources))
        .containsExactlyInAnyOrder(
            port("tcp", 30080, "203.0.113.0/24"),
            port("tcp", 31999, "10.0.0.0/24"),
            port("tcp", 31999, "10.0.1.0/24"));
  }

  @Test
  void aHealthCheckOnATrafficPortOpenToEveryoneNeedsNoSubnetRule() {
    TargetRulePlan.Sources everywhere =
        new TargetRulePlan.Sources(List.of(), List.of("0.0.0.0/0"), List.of("10.0.0.0/24"));

    assertThat(
            TargetRulePlan.desired(
                List.of(
                    listener(30080, ListenerProtocol.TCP, null),
                    listener(30053, ListenerProtocol.UDP, null)),
                everywhere))
        .as("UDP from everywhere does not cover a TCP health check")
        .containsExactlyInAnyOrder(
            port("tcp", 30080, "0.0.0.0/0"),
            port("udp", 30053, "0.0.0.0/0"),
            port("tcp", 30053, "10.0.0.0/24"));
  }

  @Test
  void theClusterTaggedGroupIsPickedElseTheFirstAndSeveralTaggedAreRefused() {
    assertThat(TargetRulePlan.pick("i-1", List.of("sg-a", "sg-node", "sg-b"), Set.of("sg-node")))
        .contains("sg-node");
    assertThat(TargetRulePlan.pick("i-1", List.of("sg-a", "sg-b"), Set.of())).contains("sg-a");
    assertThat(TargetRulePlan.pick("i-1", List.of(), Set.of())).isEmpty();
    assertThatThrownBy(
            () -> TargetRulePlan.pick("i-1", List.of("sg-a", "sg-b"), Set.of("sg-a", "sg-b")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("i-1")
        .hasMessageContaining("sg-a");
  }

  @Test
  void onlyRulesWithOurDescriptionAreChangedAndOthersNeverCount() {
    List<IpPermission> node =
        List.of(
            permission(30443, group("sg-nlb", OURS)),
            // someone else's rule on a port we want: it is not ours, so ours is still added
            permission(30080, group("sg-nlb", "opened by hand")),
            permission(22, cidr("10.0.0.0/8", "ssh")),
            // another Service's rule in the same group
            permission(30999, group("sg-other", TargetRulePlan.description("uid-2", "db-x"))));

    TargetRulePlan.Plan plan =
        TargetRulePlan.plan(
            Set.of(port("tcp", 30080, "sg-nlb")),
            Set.of("sg-node"),
            Map.of("sg-node", node),
            OURS,
            60);

    assertThat(plan.overQuota()).isEmpty();
    assertThat(plan.changes())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.groupId()).isEqualTo("sg-node");
              assertThat(c.authorize()).containsExactly(port("tcp", 30080, "sg-nlb"));
              assertThat(c.revoke()).containsExactly(port("tcp", 30443, "sg-nlb"));
            });
  }

  @Test
  void aGroupNoTargetUsesAnyMoreLosesOurRulesAndAnUnchangedGroupCostsNothing() {
    Set<TargetRulePlan.Rule> desired = Set.of(port("tcp", 30080, "sg-nlb"));
    TargetRulePlan.Plan plan =
        TargetRulePlan.plan(
            desired,
            Set.of("sg-new"),
            Map.of(
                "sg-old", List.of(permission(30080, group("sg-nlb", OURS))),
                "sg-new", List.of(permission(30080, group("sg-nlb", OURS)))),
            OURS,
            60);

    assertThat(plan.changes())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.groupId()).isEqualTo("sg-old");
              assertThat(c.revoke()).containsExactly(port("tcp", 30080, "sg-nlb"));
              assertThat(c.authorize()).isEmpty();
            });
    assertThat(
            TargetRulePlan.plan(
                    desired,
                    Set.of("sg-new"),
                    Map.of("sg-new", List.of(permission(30080, group("sg-nlb", OURS)))),
                    OURS,
                    60)
                .isEmpty())
        .isTrue();
  }

  @Test
  void rulesThatWouldPassTheQuotaAreReportedAndCountedAsAwsCountsThem() {
    List<IpPermission> full = new ArrayList<>();
    for (int p = 1000; p < 1058; p++) {
      full.add(permission(p, cidr("10.0.0.0/8", "someone")));
    }
    Set<TargetRulePlan.Rule> three =
        Set.of(
            port("tcp", 30080, "sg-nlb"),
            port("tcp", 30443, "sg-nlb"),
            port("tcp", 31999, "sg-nlb"));

    TargetRulePlan.Plan over =
        TargetRulePlan.plan(three, Set.of("sg-node"), Map.of("sg-node", full), OURS, 60);
    assertThat(over.overQuota()).singleElement().asString().contains("sg-node", "61", "60");

    TargetRulePlan.Plan fits =
        TargetRulePlan.plan(
            Set.of(port("tcp", 30080, "sg-nlb"), port("tcp", 30443, "sg-nlb")),
            Set.of("sg-node"),
            Map.of("sg-node", full),
            OURS,
            60);
    assertThat(fits.overQuota()).as("58 + 2 is exactly the quota").isEmpty();
  }

  @Test
  void permissionsCarryTheDescriptionOnEverySource() {
    List<IpPermission> permissions =
        TargetRulePlan.permissions(
            List.of(port("tcp", 30080, "sg-nlb"), port("tcp", 30080, "10.0.0.0/24")), OURS);

    assertThat(permissions)
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.userIdGroupPairs())
                  .extracting(UserIdGroupPair::description)
                  .containsExactly(OURS);
              assertThat(p.ipRanges()).extracting(IpRange::description).containsExactly(OURS);
            });
    assertThat(TargetRulePlan.ours(permissions, OURS))
        .containsExactlyInAnyOrder(port("tcp", 30080, "sg-nlb"), port("tcp", 30080, "10.0.0.0/24"));
  }

  private static UserIdGroupPair group(String id, String description) {
    return UserIdGroupPair.builder().groupId(id).description(description).build();
  }

  private static IpRange cidr(String cidr, String description) {
    return IpRange.builder().cidrIp(cidr).description(description).build();
  }

  private static IpPermission permission(int port, Object source) {
    IpPermission.Builder p = IpPermission.builder().ipProtocol("tcp").fromPort(port).toPort(port);
    if (source instanceof UserIdGroupPair g) {
      p.userIdGroupPairs(g);
    } else {
      p.ipRanges((IpRange) source);
    }
    return p.build();
  }
}
