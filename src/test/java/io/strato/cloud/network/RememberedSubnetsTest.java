package io.strato.cloud.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.strato.cloud.network.Subnets.SubnetInfo;
import io.strato.testsupport.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RememberedSubnetsTest {

  /** A cloud with two subnets that records what it was asked. */
  private static final class Cloud implements Subnets {
    final List<List<String>> asked = new ArrayList<>();
    int tagLookups;

    @Override
    public List<SubnetInfo> byIds(List<String> ids) {
      asked.add(List.copyOf(ids));
      return ids.stream()
          .filter(id -> !id.equals("subnet-gone"))
          .map(id -> new SubnetInfo(id, "us-east-1a", "vpc-1"))
          .toList();
    }

    @Override
    public List<SubnetInfo> byTags(String vpcId, Map<String, String> tags) {
      tagLookups++;
      return List.of();
    }
  }

  private final Cloud cloud = new Cloud();
  private final TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final RememberedSubnets subnets =
      new RememberedSubnets(cloud, Duration.ofMinutes(5), clock);

  @Test
  void aClusterPolledAgainAsksTheCloudOnlyForSubnetsItHasNotSeenRecently() {
    subnets.byIds(List.of("subnet-a", "subnet-b"));
    clock.advance(Duration.ofSeconds(10));
    assertThat(subnets.byIds(List.of("subnet-a", "subnet-b")))
        .extracting(SubnetInfo::id)
        .containsExactlyInAnyOrder("subnet-a", "subnet-b");
    subnets.byIds(List.of("subnet-a", "subnet-c"));

    assertThat(cloud.asked).containsExactly(List.of("subnet-a", "subnet-b"), List.of("subnet-c"));
  }

  @Test
  void theMemoryLapsesAndAMissingSubnetIsNeverRemembered() {
    subnets.byIds(List.of("subnet-a", "subnet-gone"));
    assertThat(subnets.byIds(List.of("subnet-gone"))).isEmpty();
    clock.advance(Duration.ofMinutes(5));
    subnets.byIds(List.of("subnet-a"));

    assertThat(cloud.asked)
        .containsExactly(
            List.of("subnet-a", "subnet-gone"), List.of("subnet-gone"), List.of("subnet-a"));
  }

  @Test
  void lookUpsByTagAlwaysGoToTheCloud() {
    subnets.byTags("vpc-1", Map.of("kubernetes.io/role/elb", ""));
    subnets.byTags("vpc-1", Map.of("kubernetes.io/role/elb", ""));
    assertThat(cloud.tagLookups).isEqualTo(2);
  }
}
