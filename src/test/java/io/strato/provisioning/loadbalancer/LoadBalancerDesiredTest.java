package io.strato.provisioning.loadbalancer;

import static org.assertj.core.api.Assertions.assertThat;

import io.strato.cloud.loadbalancer.HealthCheckSpec;
import io.strato.cloud.loadbalancer.ListenerProtocol;
import io.strato.cloud.loadbalancer.LoadBalancerSpec;
import io.strato.cloud.loadbalancer.Scheme;
import io.strato.cloud.loadbalancer.TargetType;
import io.strato.provisioning.loadbalancer.LoadBalancerSpecDto.HealthCheckDto;
import io.strato.provisioning.loadbalancer.LoadBalancerSpecDto.ListenerDto;
import io.strato.provisioning.loadbalancer.LoadBalancerSpecDto.TargetsDto;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoadBalancerDesiredTest {

  @Test
  void defaultsAreAppliedInOnePlace() {
    LoadBalancerSpec d =
        LoadBalancerDesired.compute(
            "web",
            "uid-1",
            LoadBalancerValidatorTest.spec(List.of(LoadBalancerValidatorTest.tcp(80))),
            null);
    assertThat(d.scheme()).isEqualTo(Scheme.INTERNET_FACING);
    assertThat(d.subnets().discovered()).isTrue();
    assertThat(d.managesSecurityGroup()).isTrue();
    assertThat(d.targetType()).isEqualTo(TargetType.INSTANCE);
    assertThat(d.listeners())
        .singleElement()
        .satisfies(
            l -> {
              assertThat(l.protocol()).isEqualTo(ListenerProtocol.TCP);
              assertThat(l.targetPort()).isEqualTo(80);
              assertThat(l.healthCheck()).isEqualTo(HealthCheckSpec.tcpDefault());
              assertThat(l.sslPolicy()).isNull();
            });
  }

  @Test
  void tlsGetsTheDefaultPolicyAndHttpChecksGetAPath() {
    ListenerDto tls =
        new ListenerDto(
            443,
            "TLS",
            30443,
            "arn:aws:acm:us-east-1:123456789012:certificate/abc",
            null,
            new HealthCheckDto("HTTP", 10256, null, null, null, null, null),
            null);
    LoadBalancerSpecDto spec =
        new LoadBalancerSpecDto(
            "internal",
            List.of("subnet-0123456789abcdef0"),
            null,
            null,
            null,
            null,
            List.of(tls),
            new TargetsDto("instance", null, "workers"),
            null);
    LoadBalancerSpec d = LoadBalancerDesired.compute("api", "u", spec, "strato-workers-1234");
    assertThat(d.scheme()).isEqualTo(Scheme.INTERNAL);
    assertThat(d.subnets().subnetIds()).containsExactly("subnet-0123456789abcdef0");
    assertThat(d.attachToAutoScalingGroup()).isEqualTo("strato-workers-1234");
    assertThat(d.listeners().get(0).sslPolicy()).isEqualTo(LoadBalancerDesired.DEFAULT_SSL_POLICY);
    assertThat(d.listeners().get(0).healthCheck().path()).isEqualTo("/");
    assertThat(d.listeners().get(0).healthCheck().port()).isEqualTo(10256);
  }
}
