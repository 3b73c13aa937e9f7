package io.strato.cloud.aws.elb;

import static io.strato.cloud.aws.elb.Specs.spec;
import static io.strato.cloud.aws.elb.Specs.tcp;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strato.cloud.CloudException;
import io.strato.cloud.loadbalancer.ListenerProtocol;
import io.strato.cloud.loadbalancer.ListenerSpec;
import io.strato.cloud.loadbalancer.Scheme;
import io.strato.cloud.loadbalancer.TargetGroupAttributes;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpecValidationTest {

  @Test
  void aValidSpecPasses() {
    assertThatCode(() -> SpecValidation.check(spec("web-1", Scheme.INTERNAL, List.of(tcp(80, 1)))))
        .doesNotThrowAnyException();
  }

  @Test
  void rejectsBadNames() {
    for (String name : List.of("-web", "web-", "internal-web", "a_b", "x".repeat(33), "")) {
      assertThatThrownBy(() -> SpecValidation.check(spec(name, Scheme.INTERNAL, List.of())))
          .isInstanceOfSatisfying(
              CloudException.InvalidRequest.class,
              e -> org.assertj.core.api.Assertions.assertThat(e.reason()).isEqualTo("InvalidName"));
    }
  }

  @Test
  void aTlsListenerNeedsACertificate() {
    ListenerSpec tls =
        new ListenerSpec(
            443, ListenerProtocol.TLS, 1, null, null, null, TargetGroupAttributes.NONE);

    assertThatThrownBy(() -> SpecValidation.check(spec("web", Scheme.INTERNAL, List.of(tls))))
        .isInstanceOf(CloudException.InvalidRequest.class)
        .hasMessageContaining("443");
  }

  @Test
  void aPortMayAppearOnce() {
    assertThatThrownBy(
            () ->
                SpecValidation.check(spec("web", Scheme.INTERNAL, List.of(tcp(80, 1), tcp(80, 2)))))
        .isInstanceOf(CloudException.InvalidRequest.class)
        .hasMessageContaining("twice");
  }
}
