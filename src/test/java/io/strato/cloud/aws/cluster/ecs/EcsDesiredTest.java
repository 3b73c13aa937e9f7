package io.strato.cloud.aws.cluster.ecs;

import static org.assertj.core.api.Assertions.assertThat;

import io.strato.cloud.Ownership;
import io.strato.cloud.aws.ecs.ServiceScaling;
import io.strato.cloud.aws.ecs.TaskDefinitionSpec;
import io.strato.cloud.cluster.ClusterContext;
import io.strato.cloud.cluster.ClusterSpecDto;
import io.strato.cloud.cluster.ClusterSpecDto.ContainerDto;
import io.strato.cloud.cluster.ClusterSpecDto.EcsDto;
import io.strato.cloud.cluster.ClusterSpecDto.EcsServiceDto;
import io.strato.cloud.cluster.ClusterSpecDto.ServiceScalingDto;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The defaults and names of an ECS cluster, computed without any cloud. */
class EcsDesiredTest {

  private static final Ownership OWNER = new Ownership("uid-1", "Cluster", "shop", "shop");

  @Test
  void anInlineContainerGetsTheDefaultSizes() {
    EcsServiceDto web =
        new EcsServiceDto(
            "web",
            null,
            new ContainerDto("web", "nginx", null, null, null, null),
            1,
            null,
            null,
            null);
    TaskDefinitionSpec td = EcsDesired.taskDefinition("strato-shop-1", web);
    assertThat(td.family()).isEqualTo("strato-shop-1-web");
    assertThat(td.cpu()).isEqualTo(256);
    assertThat(td.memory()).isEqualTo(512);
    assertThat(td.port()).isNull();
    assertThat(td.environment()).isEmpty();
    assertThat(EcsDesired.circuitBreaker(web)).isTrue();
  }

  @Test
  void scalingNamesTheEcsPredefinedMetrics() {
    assertThat(EcsDesired.scaling(new ServiceScalingDto(1, 4, "memory", 70.0)))
        .isEqualTo(new ServiceScaling.Desired(1, 4, "ECSServiceAverageMemoryUtilization", 70.0));
    assertThat(EcsDesired.scaling(new ServiceScalingDto(1, 4, "cpu", 50.0)).predefinedMetric())
        .isEqualTo("ECSServiceAverageCPUUtilization");
    assertThat(EcsDesired.scaling(null)).isNull();
  }

  @Test
  void noUserTagCanDisownWhatTheClusterCreates() {
    ClusterContext cluster =
        context("uid-1", Map.of("team", "shop", Ownership.OWNER_TAG, "someone-else"));
    assertThat(EcsDesired.tags(cluster))
        .containsEntry("team", "shop")
        .containsEntry(Ownership.OWNER_TAG, "uid-1");
  }

  @Test
  void namesArePureFunctionsOfNameAndUid() {
    ClusterContext first = context("uid-1", Map.of());
    ClusterContext again = context("uid-1", Map.of());
    ClusterContext recreated = context("uid-2", Map.of());
    assertThat(EcsNames.cluster(first))
        .isEqualTo(EcsNames.cluster(again))
        .startsWith("strato-shop-");
    assertThat(EcsNames.cluster(recreated)).isNotEqualTo(EcsNames.cluster(first));
    assertThat(EcsNames.capacityProvider(first, "general"))
        .isEqualTo(io.strato.cloud.cluster.ClusterNodeGroups.cloudName(first, "general"))
        .doesNotStartWith("aws")
        .doesNotStartWith("ecs");
    assertThat(EcsNames.clientToken("uid-1", "web"))
        .hasSizeLessThanOrEqualTo(36)
        .isEqualTo(EcsNames.clientToken("uid-1", "web"))
        .isNotEqualTo(EcsNames.clientToken("uid-1", "api"));
  }

  private static ClusterContext context(String uid, Map<String, String> tags) {
    ClusterSpecDto spec =
        new ClusterSpecDto(
            "aws", "ecs", null, null, null, null, new EcsDto(null, List.of()), List.of(), tags);
    return new ClusterContext(
        "shop",
        uid,
        spec,
        new Ownership(uid, "Cluster", "shop", "shop"),
        "vpc-1",
        List.of(),
        (lb, port) -> Optional.empty());
  }
}
