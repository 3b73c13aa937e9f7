package io.strato.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Per-minute rates rebuilt from samples of running totals, as the console's chart reads them. */
class CloudCallHistoryTest {

  private static final CloudOperation CREATE =
      new CloudOperation("aws", "elasticloadbalancing", "CreateLoadBalancer");
  private static final CloudOperation DESCRIBE =
      new CloudOperation("aws", "ec2", "DescribeInstances");
  private static final Instant T0 = Instant.parse("2026-12-04T10:00:00Z");

  private final CloudCallHistory history = new CloudCallHistory();

  @Test
  void growthBetweenSamplesLandsInTheMinuteOfTheSample() {
    history.sample(T0.plusSeconds(5), Map.of(DESCRIBE, 3L));
    history.sample(T0.plusSeconds(50), Map.of(DESCRIBE, 7L, CREATE, 1L));
    history.sample(T0.plusSeconds(130), Map.of(DESCRIBE, 9L, CREATE, 1L));

    CloudCallRates rates = history.rates(T0.plusSeconds(150), 4);

    assertThat(rates.minutes())
        .containsExactly(T0.minusSeconds(60), T0, T0.plusSeconds(60), T0.plusSeconds(120));
    assertThat(rates.series())
        .as("the busiest operation first; quiet minutes are zero, not missing")
        .containsExactly(
            new CloudCallRates.Series(
                "aws", "ec2", "DescribeInstances", List.of(0L, 7L, 0L, 2L), 9),
            new CloudCallRates.Series(
                "aws", "elasticloadbalancing", "CreateLoadBalancer", List.of(0L, 1L, 0L, 0L), 1));
  }

  @Test
  void aCounterThatStartsAgainCountsFromItsNewTotal() {
    history.sample(T0, Map.of(DESCRIBE, 10L));
    history.sample(T0.plusSeconds(10), Map.of(DESCRIBE, 2L));
    history.sample(T0.plusSeconds(20), Map.of(DESCRIBE, 5L));

    assertThat(history.rates(T0.plusSeconds(30), 1).series().get(0).calls()).containsExactly(13L);
  }

  @Test
  void minutesOlderThanAnHourAreDropped() {
    history.sample(T0, Map.of(DESCRIBE, 4L));
    history.sample(T0.plusSeconds(61 * 60), Map.of(DESCRIBE, 5L));

    CloudCallRates rates = history.rates(T0.plusSeconds(61 * 60), CloudCallHistory.KEPT_MINUTES);
    assertThat(rates.minutes()).hasSize(60);
    assertThat(rates.series().get(0).total()).as("only the recent call is kept").isEqualTo(1);
  }

  @Test
  void nothingCalledIsAnEmptyChartWithItsMinutes() {
    CloudCallRates rates = history.rates(T0, 30);
    assertThat(rates.minutes()).hasSize(30).last().isEqualTo(T0);
    assertThat(rates.series()).isEmpty();
  }
}
