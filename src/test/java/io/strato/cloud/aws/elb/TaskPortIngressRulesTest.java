package io.strato.cloud.aws.elb;

import static org.assertj.core.api.Assertions.assertThat;

import io.strato.cloud.aws.elb.TargetRulePlan.Rule;
import io.strato.cloud.aws.elb.TaskPortIngress.ServiceTarget;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;

/** The rules one ECS service behind a target group needs in its container instances' group. */
class TaskPortIngressRulesTest {

  private static final String LB = "sg-0lb";

  private static TargetGroup group(String protocol, String healthPort) {
    return TargetGroup.builder().protocol(protocol).healthCheckPort(healthPort).build();
  }

  @Test
  void theDynamicRangeForTheTargetGroupsProtocolsAndTheTrafficPortHealthCheckInIt() {
    ServiceTarget web = ServiceTarget.dynamic("web", "tg");
    assertThat(TaskPortIngress.rules(web, group("TCP", "traffic-port"), List.of(LB)))
        .containsExactly(new Rule("tcp", 32768, 65535, LB));
    assertThat(TaskPortIngress.rules(web, group("TCP_UDP", "traffic-port"), List.of(LB)))
        .containsExactlyInAnyOrder(
            new Rule("tcp", 32768, 65535, LB), new Rule("udp", 32768, 65535, LB));
  }

  @Test
  void aSeparateHealthCheckPortOpensOverTcpUnlessTheTcpRangeCoversIt() {
    ServiceTarget api = ServiceTarget.fixed("api", "tg", 9000);
    assertThat(TaskPortIngress.rules(api, group("TCP", "9100"), List.of(LB)))
        .containsExactlyInAnyOrder(Rule.port("tcp", 9000, LB), Rule.port("tcp", 9100, LB));
    assertThat(TaskPortIngress.rules(api, group("UDP", "9000"), List.of(LB)))
        .as("a UDP rule does not carry a TCP health check")
        .containsExactlyInAnyOrder(Rule.port("udp", 9000, LB), Rule.port("tcp", 9000, LB));
    assertThat(
            TaskPortIngress.rules(
                ServiceTarget.dynamic("web", "tg"), group("HTTP", "40000"), List.of(LB)))
        .containsExactly(new Rule("tcp", 32768, 65535, LB));
  }

  @Test
  void withoutALoadBalancerGroupEverySubnetIsASource() {
    assertThat(
            TaskPortIngress.rules(
                ServiceTarget.fixed("api", "tg", 9000),
                group("TCP", "traffic-port"),
                List.of("10.0.0.0/24", "10.0.1.0/24")))
        .containsExactlyInAnyOrder(
            Rule.port("tcp", 9000, "10.0.0.0/24"), Rule.port("tcp", 9000, "10.0.1.0/24"));
  }
}
