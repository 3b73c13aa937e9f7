package io.strato.cloud.aws.cluster.ecs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServiceReadinessTest {

  @Test
  void readyWhenAsManyTasksRunAsAreDesired() {
    assertThat(ServiceReadiness.waiting("web", 2, 2)).isNull();
    assertThat(ServiceReadiness.waiting("web", 0, 0)).isNull();
  }

  @Test
  void fewerTasksThanDesiredAreStillStarting() {
    assertThat(ServiceReadiness.waiting("web", 2, 0)).isEqualTo("service web runs 0 of 2 task(s)");
  }

  @Test
  void moreTasksThanDesiredAreNotSettledEither() {
    assertThat(ServiceReadiness.waiting("web", 2, 3))
        .isEqualTo("service web runs 3 of 2 task(s); the rest are stopping");
  }
}
