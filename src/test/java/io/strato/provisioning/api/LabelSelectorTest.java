package io.strato.provisioning.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strato.provisioning.validation.InvalidSpecException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelSelectorTest {

  private final Map<String, String> labels = Map.of("env", "prod", "team", "edge");

  @Test
  void equalityInequalityAndExistence() {
    assertThat(LabelSelector.parse("env=prod").matches(labels)).isTrue();
    assertThat(LabelSelector.parse("env==prod,team=edge").matches(labels)).isTrue();
    assertThat(LabelSelector.parse("env!=prod").matches(labels)).isFalse();
    assertThat(LabelSelector.parse("env!=dev").matches(labels)).isTrue();
    assertThat(LabelSelector.parse("team").matches(labels)).isTrue();
    assertThat(LabelSelector.parse("!team").matches(labels)).isFalse();
    assertThat(LabelSelector.parse("!owner").matches(labels)).isTrue();
    assertThat(LabelSelector.parse(null).matches(labels)).isTrue();
  }

  @Test
  void garbageIsAFieldError() {
    for (String bad :
        new String[] {"env=prod,", "=x", "a b=c", "env=pro d", "x=" + "y".repeat(64)}) {
      assertThatThrownBy(() -> LabelSelector.parse(bad))
          .as(bad)
          .isInstanceOf(InvalidSpecException.class)
          .satisfies(
              e ->
                  assertThat(((InvalidSpecException) e).errors().get(0).field())
                      .isEqualTo("labelSelector"));
    }
  }
}
