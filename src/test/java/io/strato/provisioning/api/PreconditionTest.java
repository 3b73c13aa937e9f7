package io.strato.provisioning.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PreconditionTest {

  @Test
  void ifMatchWinsAndAnswers412() {
    assertThat(Precondition.of("\"7\"", "3")).isEqualTo(new Precondition(7L, 412));
    assertThat(Precondition.of("W/\"7\"", null)).isEqualTo(new Precondition(7L, 412));
    assertThat(Precondition.of("*", null)).isEqualTo(new Precondition(null, 412));
    assertThat(Precondition.of("garbage", null).version()).isEqualTo(-1L);
  }

  @Test
  void aBodyVersionAnswers409AndNoneIsUnconditional() {
    assertThat(Precondition.of(null, "3")).isEqualTo(new Precondition(3L, 409));
    assertThat(Precondition.of(" ", null).version()).isNull();
  }
}
