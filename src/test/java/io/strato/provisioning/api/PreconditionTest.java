package io.strato.provisioning.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PreconditionTest {

  @Test
  void ifMatchWinsAndAnswers412() {
    assertThat(Precondition.of("\"7.ab12cd34\"", "3"))
        .isEqualTo(new Precondition(7L, "ab12cd34", 412));
    assertThat(Precondition.of("W/\"7\"", null)).isEqualTo(new Precondition(7L, null, 412));
    assertThat(Precondition.of("*", null)).isEqualTo(new Precondition(null, null, 412));
    assertThat(Precondition.of("garbage", null).version()).isEqualTo(-1L);
  }

  @Test
  void aBodyVersionAnswers409AndNoneIsUnconditional() {
    assertThat(Precondition.of(null, "3.ab12cd34"))
        .isEqualTo(new Precondition(3L, "ab12cd34", 409));
    assertThat(Precondition.of(" ", null).version()).isNull();
  }
}
