package io.strato.controller.sweeper;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OrphanSightingsTest {

  static final Duration GRACE = Duration.ofMinutes(10);
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void dueOnlyAfterTwoSightingsAndAFullGracePeriod() {
    OrphanSightings sightings = new OrphanSightings(GRACE);
    assertThat(sightings.sighted("lb", T0)).isEqualTo(T0);
    assertThat(sightings.due("lb", T0.plus(GRACE))).as("one sighting is never enough").isFalse();

    sightings.sighted("lb", T0.plus(GRACE).minusSeconds(1));
    assertThat(sightings.due("lb", T0.plus(GRACE).minusSeconds(1))).isFalse();

    assertThat(sightings.sighted("lb", T0.plus(GRACE))).as("first sighting kept").isEqualTo(T0);
    assertThat(sightings.due("lb", T0.plus(GRACE))).isTrue();
  }

  @Test
  void somethingNoLongerOrphanedIsForgottenAndStartsAgain() {
    OrphanSightings sightings = new OrphanSightings(GRACE);
    sightings.sighted("lb", T0);
    sightings.retainOnly(Set.of());
    Instant later = T0.plus(GRACE.multipliedBy(3));
    assertThat(sightings.sighted("lb", later)).isEqualTo(later);
    assertThat(sightings.due("lb", later)).isFalse();
  }
}
