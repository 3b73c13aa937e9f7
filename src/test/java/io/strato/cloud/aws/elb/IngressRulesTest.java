package io.strato.cloud.aws.elb;

import static io.strato.cloud.aws.elb.IngressRules.Rule.port;
import static org.assertj.core.api.Assertions.assertThat;

import io.strato.cloud.loadbalancer.ListenerProtocol;
import io.strato.cloud.loadbalancer.ListenerSpec;
import io.strato.cloud.loadbalancer.TargetGroupAttributes;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.IpPermission;

class IngressRulesTest {

  private static ListenerSpec listener(int port, ListenerProtocol protocol) {
    return new ListenerSpec(
        port, protocol, 30000 + port, "arn", null, null, TargetGroupAttributes.NONE);
  }

  @Test
  void eachListenerOpensItsPortWithItsTransportProtocols() {
    Set<IngressRules.Rule> rules =
        IngressRules.desired(
            List.of(
                listener(80, ListenerProtocol.TCP),
                listener(443, ListenerProtocol.TLS),
                listener(53, ListenerProtocol.UDP),
                listener(5000, ListenerProtocol.TCP_UDP)),
            List.of());

    assertThat(rules)
        .containsExactlyInAnyOrder(
            port("tcp", 80, "0.0.0.0/0"),
            port("tcp", 443, "0.0.0.0/0"),
            port("udp", 53, "0.0.0.0/0"),
            port("tcp", 5000, "0.0.0.0/0"),
            port("udp", 5000, "0.0.0.0/0"));
  }

  @Test
  void sourceRangesReplaceEverywhere() {
    assertThat(
            IngressRules.desired(
                List.of(listener(80, ListenerProtocol.TCP)),
                List.of("10.0.0.0/8", "2001:db8::/32")))
        .containsExactlyInAnyOrder(port("tcp", 80, "10.0.0.0/8"), port("tcp", 80, "2001:db8::/32"));
  }

  @Test
  void changesAuthoriseWhatIsMissingAndRevokeWhatIsExtra() {
    IngressRules.Changes changes =
        IngressRules.changes(
            Set.of(port("tcp", 80, "10.0.0.0/8"), port("tcp", 443, "10.0.0.0/8")),
            Set.of(port("tcp", 80, "10.0.0.0/8"), port("tcp", 80, "0.0.0.0/0")));

    assertThat(changes.authorize()).containsExactly(port("tcp", 443, "10.0.0.0/8"));
    assertThat(changes.revoke()).containsExactly(port("tcp", 80, "0.0.0.0/0"));
    assertThat(
            IngressRules.changes(Set.of(port("tcp", 1, "a")), Set.of(port("tcp", 1, "a")))
                .isEmpty())
        .isTrue();
  }

  @Test
  void permissionsGroupRangesByProtocolAndPortAndRoundTrip() {
    Set<IngressRules.Rule> rules =
        Set.of(
            port("tcp", 80, "10.0.0.0/8"),
            port("tcp", 80, "2001:db8::/32"),
            port("udp", 53, "10.0.0.0/8"));

    List<IpPermission> permissions = IngressRules.permissions(rules);

    assertThat(permissions).hasSize(2);
    assertThat(IngressRules.actual(permissions)).isEqualTo(rules);
  }
}
