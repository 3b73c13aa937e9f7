package io.strato.cloud.aws.elb;

import static io.strato.cloud.aws.elb.Specs.tcp;
import static io.strato.cloud.aws.elb.Specs.tls;
import static io.strato.cloud.aws.elb.Specs.udp;
import static org.assertj.core.api.Assertions.assertThat;

import io.strato.cloud.loadbalancer.HealthCheckSpec;
import io.strato.cloud.loadbalancer.TargetType;
import org.junit.jupiter.api.Test;

class TargetGroupNamesTest {

  @Test
  void aShortNameKeepsItsPrefixAndGetsAnEightHexHash() {
    String name = TargetGroupNames.of("web", tcp(80, 30080), TargetType.INSTANCE);

    assertThat(name).matches("web-[0-9a-f]{8}");
    assertThat(TargetGroupNames.matches(name, "web")).isTrue();
  }

  @Test
  void aLongNameIsCutToFitThirtyTwoCharactersWithoutADoubleHyphen() {
    String lb = "abcdefghijklmnopqrstuvw-xyz-0123456"; // character 24 is a hyphen

    String name = TargetGroupNames.of(lb, tcp(80, 30080), TargetType.INSTANCE);

    assertThat(name).hasSizeLessThanOrEqualTo(32).doesNotContain("--");
    assertThat(name).startsWith("abcdefghijklmnopqrstuvw-");
    assertThat(TargetGroupNames.matches(name, lb)).isTrue();
  }

  @Test
  void theNameIsStableAndChangesOnlyWithWhatAwsCannotModify() {
    String base = TargetGroupNames.of("web", tcp(80, 30080), TargetType.INSTANCE);

    assertThat(TargetGroupNames.of("web", tcp(80, 30080), TargetType.INSTANCE)).isEqualTo(base);
    assertThat(
            TargetGroupNames.of(
                "web",
                Specs.withHealthCheck(tcp(80, 30080), HealthCheckSpec.tcpDefault()),
                TargetType.INSTANCE))
        .as("health checks are modifiable in place")
        .isEqualTo(base);
    assertThat(TargetGroupNames.of("web", tcp(80, 30081), TargetType.INSTANCE)).isNotEqualTo(base);
    assertThat(TargetGroupNames.of("web", udp(80, 30080), TargetType.INSTANCE)).isNotEqualTo(base);
    assertThat(TargetGroupNames.of("web", tcp(80, 30080), TargetType.IP)).isNotEqualTo(base);
    assertThat(TargetGroupNames.of("web", tcp(81, 30080), TargetType.INSTANCE)).isNotEqualTo(base);
    assertThat(TargetGroupNames.of("web2", tcp(80, 30080), TargetType.INSTANCE)).isNotEqualTo(base);
  }

  @Test
  void tlsAndTcpShareTheTargetProtocolSoTheGroupSurvivesTerminationChanges() {
    assertThat(TargetGroupNames.of("web", tls(443, 30443), TargetType.INSTANCE))
        .isEqualTo(TargetGroupNames.of("web", tcp(443, 30443), TargetType.INSTANCE));
  }

  @Test
  void matchingRejectsOtherLoadBalancersNames() {
    assertThat(TargetGroupNames.matches("web-1234abcd", "web")).isTrue();
    assertThat(TargetGroupNames.matches("web-1234abcd-99999999", "web")).isFalse();
    assertThat(TargetGroupNames.matches("webx-1234abcd", "web")).isFalse();
    assertThat(TargetGroupNames.matches("web-1234ABCD", "web")).isFalse();
    assertThat(TargetGroupNames.matches("web-1234abc", "web")).isFalse();
  }
}
