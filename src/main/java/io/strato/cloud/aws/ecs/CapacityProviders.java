package io.strato.cloud.aws.ecs;

import io.strato.cloud.Ownership;
import io.strato.cloud.aws.AwsErrors;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.CapacityProvider;
import software.amazon.awssdk.services.ecs.model.CapacityProviderField;
import software.amazon.awssdk.services.ecs.model.ManagedScalingStatus;
import software.amazon.awssdk.services.ecs.model.ManagedTerminationProtection;

/**
 * ECS capacity providers backed by Auto Scaling groups. Managed scaling lets ECS size the group to
 * the tasks it must place; termination protection stays off because Strato's node groups do not
 * protect instances from scale-in, which AWS requires for it.
 */
public final class CapacityProviders {

  /** ECS keeps the group at exactly the capacity its tasks need. */
  static final int TARGET_CAPACITY = 100;

  private final EcsClient ecs;

  public CapacityProviders(EcsClient ecs) {
    this.ecs = ecs;
  }

  /** The live provider of that name; INACTIVE (deleted, still listed) counts as absent. */
  public Optional<ObservedProvider> find(String name) {
    return AwsErrors.call(
            "DescribeCapacityProviders",
            () ->
                ecs.describeCapacityProviders(
                    r -> r.capacityProviders(name).include(CapacityProviderField.TAGS)))
        .capacityProviders()
        .stream()
        .filter(p -> name.equals(p.name()) && !"INACTIVE".equals(p.statusAsString()))
        .findFirst()
        .map(ObservedProvider::of);
  }

  /**
   * The live providers of those names, by name, in one call (DescribeCapacityProviders takes up to
   * a hundred names; a cluster has far fewer node groups).
   */
  public Map<String, ObservedProvider> findAll(Collection<String> names) {
    if (names.isEmpty()) {
      return Map.of();
    }
    List<String> wanted = List.copyOf(names);
    Map<String, ObservedProvider> found = new TreeMap<>();
    AwsErrors.call(
            "DescribeCapacityProviders",
            () ->
                ecs.describeCapacityProviders(
                    r -> r.capacityProviders(wanted).include(CapacityProviderField.TAGS)))
        .capacityProviders()
        .stream()
        .filter(p -> wanted.contains(p.name()) && !"INACTIVE".equals(p.statusAsString()))
        .forEach(p -> found.put(p.name(), ObservedProvider.of(p)));
    return found;
  }

  public ObservedProvider create(String name, String groupArn, Map<String, String> tags) {
    CapacityProvider created =
        AwsErrors.call(
                "CreateCapacityProvider",
                () ->
                    ecs.createCapacityProvider(
                        r ->
                            r.name(name)
                                .tags(EcsTags.of(tags))
                                .autoScalingGroupProvider(
                                    g ->
                                        g.autoScalingGroupArn(groupArn)
                                            .managedScaling(
                                                m ->
                                                    m.status(ManagedScalingStatus.ENABLED)
                                                        .targetCapacity(TARGET_CAPACITY))
                                            .managedTerminationProtection(
                                                ManagedTerminationProtection.DISABLED))))
            .capacityProvider();
    return ObservedProvider.of(created);
  }

  public void delete(String name) {
    AwsErrors.run(
        "DeleteCapacityProvider", () -> ecs.deleteCapacityProvider(r -> r.capacityProvider(name)));
  }

  /** What Strato reads of a capacity provider. */
  public record ObservedProvider(
      String name,
      String arn,
      String groupArn,
      String managedScaling,
      String updateStatus,
      Map<String, String> tags) {

    static ObservedProvider of(CapacityProvider p) {
      var g = p.autoScalingGroupProvider();
      return new ObservedProvider(
          p.name(),
          p.capacityProviderArn(),
          g == null ? null : g.autoScalingGroupArn(),
          g == null || g.managedScaling() == null ? null : g.managedScaling().statusAsString(),
          p.updateStatusAsString(),
          EcsTags.toMap(p.tags()));
    }

    /** AWS keeps a deleted provider ACTIVE while it deletes it; asking again would fail. */
    public boolean deleting() {
      return "DELETE_IN_PROGRESS".equals(updateStatus) || "DELETE_COMPLETE".equals(updateStatus);
    }

    public boolean ownedBy(Ownership owner) {
      return owner.owns(tags);
    }
  }
}
