package io.strato.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionsTest {

  private final Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
  private final Instant t1 = t0.plusSeconds(60);

  @Test
  void theTransitionTimeMovesOnlyWhenTheStatusChanges() {
    List<Condition> first =
        Conditions.set(List.of(), Condition.of("Ready", false, "Provisioning", "creating"), t0);
    List<Condition> same =
        Conditions.set(first, Condition.of("Ready", false, "Provisioning", "still creating"), t1);
    assertThat(same.get(0).lastTransitionTime()).isEqualTo(t0);
    assertThat(same.get(0).message()).isEqualTo("still creating");

    List<Condition> flipped = Conditions.set(same, Condition.of("Ready", true, "Active", "ok"), t1);
    assertThat(flipped).hasSize(1);
    assertThat(flipped.get(0).lastTransitionTime()).isEqualTo(t1);
    assertThat(flipped.get(0).isTrue()).isTrue();
  }

  @Test
  void otherTypesAreKept() {
    List<Condition> both =
        Conditions.set(
            List.of(new Condition("A", "True", "X", "x", t0)),
            Condition.of("B", true, "Y", "y"),
            t1);
    assertThat(both).extracting(Condition::type).containsExactly("A", "B");
    assertThat(Conditions.find(both, "B").reason()).isEqualTo("Y");
    assertThat(Conditions.find(both, "C")).isNull();
  }
}
