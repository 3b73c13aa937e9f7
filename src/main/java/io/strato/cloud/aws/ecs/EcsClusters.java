package io.strato.cloud.aws.ecs;

import io.strato.cloud.Ownership;
import io.strato.cloud.aws.AwsErrors;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.CapacityProviderStrategyItem;
import software.amazon.awssdk.services.ecs.model.Cluster;
import software.amazon.awssdk.services.ecs.model.ClusterField;
import software.amazon.awssdk.services.ecs.model.ClusterSetting;
import software.amazon.awssdk.services.ecs.model.ClusterSettingName;

/** ECS clusters, found by their deterministic name. */
public final class EcsClusters {

  private final EcsClient ecs;

  public EcsClusters(EcsClient ecs) {
    this.ecs = ecs;
  }

  /**
   * The live cluster of that name, with its tags and settings. An INACTIVE cluster is a deleted one
   * that AWS still lists for a while; it counts as absent (CreateCluster revives the name).
   */
  public Optional<ObservedEcsCluster> find(String name) {
    return AwsErrors.call(
            "DescribeClusters",
            () ->
                ecs.describeClusters(
                    r -> r.clusters(name).include(ClusterField.TAGS, ClusterField.SETTINGS)))
        .clusters()
        .stream()
        .filter(c -> name.equals(c.clusterName()) && !"INACTIVE".equals(c.status()))
        .findFirst()
        .map(ObservedEcsCluster::of);
  }

  public ObservedEcsCluster create(
      String name, Map<String, String> tags, boolean containerInsights) {
    Cluster created =
        AwsErrors.call(
                "CreateCluster",
                () ->
                    ecs.createCluster(
                        r ->
                            r.clusterName(name)
                                .tags(EcsTags.of(tags))
                                .settings(insights(containerInsights))))
            .cluster();
    return ObservedEcsCluster.of(created);
  }

  public void setContainerInsights(String name, boolean enabled) {
    AwsErrors.run(
        "UpdateClusterSettings",
        () -> ecs.updateClusterSettings(r -> r.cluster(name).settings(insights(enabled))));
  }

  /**
   * Attaches exactly these capacity providers, with a default strategy spreading evenly over them
   * (an empty list detaches all).
   */
  public void putCapacityProviders(String name, List<String> providers) {
    AwsErrors.run(
        "PutClusterCapacityProviders",
        () ->
            ecs.putClusterCapacityProviders(
                r ->
                    r.cluster(name)
                        .capacityProviders(providers)
                        .defaultCapacityProviderStrategy(evenly(providers))));
  }

  public void delete(String name) {
    AwsErrors.run("DeleteCluster", () -> ecs.deleteCluster(r -> r.cluster(name)));
  }

  /** One weight per provider, none favoured: tasks spread over all node groups. */
  public static List<CapacityProviderStrategyItem> evenly(List<String> providers) {
    return providers.stream()
        .map(p -> CapacityProviderStrategyItem.builder().capacityProvider(p).weight(1).build())
        .toList();
  }

  private static ClusterSetting insights(boolean enabled) {
    return ClusterSetting.builder()
        .name(ClusterSettingName.CONTAINER_INSIGHTS)
        .value(enabled ? "enabled" : "disabled")
        .build();
  }

  /** What Strato reads of a cluster. */
  public record ObservedEcsCluster(
      String name,
      String arn,
      String status,
      Map<String, String> tags,
      boolean containerInsights,
      List<String> capacityProviders,
      List<CapacityProviderStrategyItem> defaultStrategy) {

    static ObservedEcsCluster of(Cluster c) {
      boolean insights =
          c.settings().stream()
              .anyMatch(
                  s ->
                      s.name() == ClusterSettingName.CONTAINER_INSIGHTS
                          && !"disabled".equals(s.value()));
      return new ObservedEcsCluster(
          c.clusterName(),
          c.clusterArn(),
          c.status(),
          EcsTags.toMap(c.tags()),
          insights,
          List.copyOf(c.capacityProviders()),
          List.copyOf(c.defaultCapacityProviderStrategy()));
    }

    public boolean ownedBy(Ownership owner) {
      return owner.owns(tags);
    }

    public boolean active() {
      return "ACTIVE".equals(status);
    }
  }
}
