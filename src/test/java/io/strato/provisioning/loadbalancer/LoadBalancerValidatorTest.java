package io.strato.provisioning.loadbalancer;

import static org.assertj.core.api.Assertions.assertThat;

import io.strato.provisioning.loadbalancer.LoadBalancerSpecDto.AttributesDto;
import io.strato.provisioning.loadbalancer.LoadBalancerSpecDto.HealthCheckDto;
import io.strato.provisioning.loadbalancer.LoadBalancerSpecDto.ListenerDto;
import io.strato.provisioning.loadbalancer.LoadBalancerSpecDto.TargetsDto;
import io.strato.provisioning.validation.FieldError;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LoadBalancerValidatorTest {

  static ListenerDto tcp(int port) {
    return new ListenerDto(port, null, null, null, null, null, null);
  }

  static LoadBalancerSpecDto spec(List<ListenerDto> listeners) {
    return new LoadBalancerSpecDto(null, null, null, null, null, null, listeners, null, null);
  }

  private static List<String> fields(List<FieldError> errors) {
    return errors.stream().map(FieldError::field).toList();
  }

  @Test
  void aMinimalSpecIsValid() {
    assertThat(LoadBalancerValidator.validate("web", spec(List.of(tcp(80))))).isEmpty();
  }

  @Test
  void aPortUsedTwiceIsNamed() {
    List<FieldError> errors =
        LoadBalancerValidator.validate("web", spec(List.of(tcp(80), tcp(443), tcp(80))));
    assertThat(errors)
        .containsExactly(new FieldError("spec.listeners[2].port", "port 80 is used twice"));
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    ListenerDto tlsWithoutCert = new ListenerDto(443, "TLS", 70000, null, null, null, null);
    ListenerDto badHealth =
        new ListenerDto(
            80,
            "TCP",
            null,
            null,
            null,
            new HealthCheckDto("TCP", null, "/x", 1, 11, 30, 30),
            null);
    ListenerDto udpProxy =
        new ListenerDto(53, "UDP", null, null, null, null, new AttributesDto(true, null, 4000));
    LoadBalancerSpecDto s =
        new LoadBalancerSpecDto(
            "public",
            List.of("subnet-xyz"),
            null,
            null,
            null,
            List.of("10.0.0.0/33"),
            List.of(
                tlsWithoutCert,
                badHealth,
                udpProxy,
                new ListenerDto(0, "HTTP", null, null, null, null, null)),
            new TargetsDto("instance", List.of("10.0.0.1"), null),
            Map.of("aws:owner", "me"));
    assertThat(fields(LoadBalancerValidator.validate("Web_1", s)))
        .contains(
            "metadata.name",
            "spec.scheme",
            "spec.subnetIds[0]",
            "spec.sourceRanges[0]",
            "spec.listeners[0].certificateArn",
            "spec.listeners[0].targetPort",
            "spec.listeners[1].healthCheck.path",
            "spec.listeners[1].healthCheck.healthyThreshold",
            "spec.listeners[1].healthCheck.unhealthyThreshold",
            "spec.listeners[1].healthCheck.timeoutSeconds",
            "spec.listeners[2].attributes.proxyProtocolV2",
            "spec.listeners[2].attributes.deregistrationDelaySeconds",
            "spec.listeners[3].port",
            "spec.listeners[3].protocol",
            "spec.targets.ids[0]",
            "spec.tags.aws:owner");
  }

  @Test
  void namesAwsOrKubernetesWouldRejectAreRefused() {
    for (String bad : List.of("", "UPPER", "-lead", "trail-", "a_b", "x".repeat(64), "dot.ted")) {
      assertThat(fields(LoadBalancerValidator.validate(bad, spec(List.of(tcp(80))))))
          .as(bad)
          .contains("metadata.name");
    }
    assertThat(LoadBalancerValidator.validate("x".repeat(63), spec(List.of(tcp(80))))).isEmpty();
  }

  @Test
  void tooManyListenersAreRefusedBeforeLookingAtEach() {
    List<ListenerDto> many = new ArrayList<>();
    for (int i = 1; i <= 1000; i++) {
      many.add(tcp(i));
    }
    assertThat(fields(LoadBalancerValidator.validate("web", spec(many))))
        .containsExactly("spec.listeners");
  }

  @Test
  void ownershipTagsCannotBeForged() {
    LoadBalancerSpecDto s =
        new LoadBalancerSpecDto(
            null,
            null,
            null,
            null,
            null,
            null,
            List.of(tcp(80)),
            null,
            Map.of("strato.io/owner", "x", "kubernetes.io/cluster/prod", "owned"));
    assertThat(fields(LoadBalancerValidator.validate("web", s)))
        .containsExactlyInAnyOrder(
            "spec.tags.strato.io/owner", "spec.tags.kubernetes.io/cluster/prod");
  }

  @Test
  void nullEntriesAreNamedNotThrown() {
    assertThat(fields(LoadBalancerValidator.validate("web", spec(Collections.singletonList(null)))))
        .containsExactly("spec.listeners[0]");
    assertThat(fields(LoadBalancerValidator.validate("web", null))).containsExactly("spec");
  }
}
