package io.strato.cloud.aws.elb;

import static org.assertj.core.api.Assertions.assertThat;

import io.strato.cloud.loadbalancer.HealthCheckSpec;
import io.strato.cloud.loadbalancer.Target;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The pure diffs behind target group health checks, attributes and target registration. */
class TargetSettingsTest {

  @Test
  void aTcpHealthCheckIgnoresThePathAndProtocolCase() {
    HealthCheckSpec desired = new HealthCheckSpec("tcp", null, "/ignored", 3, 3, 30, 10);
    HealthCheckSpec observed = new HealthCheckSpec("TCP", null, null, 3, 3, 30, 10);

    assertThat(TargetGroupSettings.normalise(desired))
        .isEqualTo(TargetGroupSettings.normalise(observed));
  }

  @Test
  void anHttpHealthCheckComparesThePath() {
    assertThat(
            TargetGroupSettings.normalise(
                new HealthCheckSpec("HTTP", 10256, "/healthz", 2, 2, 10, 5)))
        .isNotEqualTo(
            TargetGroupSettings.normalise(new HealthCheckSpec("HTTP", 10256, "/", 2, 2, 10, 5)));
  }

  @Test
  void onlyDifferingAttributesAreWritten() {
    Map<String, String> changes =
        TargetGroupSettings.attributeChanges(
            Map.of(
                "proxy_protocol_v2.enabled", "true",
                "deregistration_delay.timeout_seconds", "300",
                "preserve_client_ip.enabled", "false"),
            Map.of(
                "proxy_protocol_v2.enabled", "false",
                "deregistration_delay.timeout_seconds", "300"));

    assertThat(changes)
        .containsOnly(
            Map.entry("proxy_protocol_v2.enabled", "true"),
            Map.entry("preserve_client_ip.enabled", "false"));
  }

  @Test
  void exactRegistrationAddsAndRemoves() {
    Set<TargetRegistrations.Registration> desired =
        TargetRegistrations.on(List.of(new Target("i-1"), new Target("i-2")), 30080);
    Set<TargetRegistrations.Registration> registered =
        Set.of(
            new TargetRegistrations.Registration("i-2", 30080),
            new TargetRegistrations.Registration("i-3", 30080),
            new TargetRegistrations.Registration("i-1", 31000));

    TargetRegistrations.Changes exact = TargetRegistrations.changes(desired, registered, true);
    TargetRegistrations.Changes additive = TargetRegistrations.changes(desired, registered, false);

    assertThat(exact.register())
        .containsExactly(new TargetRegistrations.Registration("i-1", 30080));
    assertThat(exact.deregister())
        .containsExactly(
            new TargetRegistrations.Registration("i-1", 31000),
            new TargetRegistrations.Registration("i-3", 30080));
    assertThat(additive.register()).isEqualTo(exact.register());
    assertThat(additive.deregister()).isEmpty();
  }
}
