package io.strato.cloud.aws.cluster.ecs;

import io.strato.cloud.ChangeOutcome;
import io.strato.cloud.CloudException;
import io.strato.cloud.Deletion;
import io.strato.cloud.Ensured;
import io.strato.cloud.aws.ecs.CapacityProviders;
import io.strato.cloud.aws.ecs.CapacityProviders.ObservedProvider;
import io.strato.cloud.aws.ecs.EcsClusters;
import io.strato.cloud.aws.ecs.EcsClusters.ObservedEcsCluster;
import io.strato.cloud.cluster.ClusterContext;
import io.strato.cloud.cluster.ClusterNodeGroups;
import io.strato.cloud.cluster.ClusterOutputs.NodeGroupOutput;
import io.strato.cloud.cluster.ClusterProgress.ClusterEvent;
import io.strato.cloud.cluster.ClusterSpecDto.ClusterNodeGroupDto;
import io.strato.cloud.nodegroup.NodeGroupBatch;
import io.strato.cloud.nodegroup.NodeGroupSpec;
import io.strato.cloud.nodegroup.NodeGroupStatus;
import io.strato.cloud.nodegroup.NodeGroups;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The cluster's capacity: each node group an Auto Scaling group (the foundation's node groups)
 * behind a capacity provider of the same name, all attached to the cluster. Node groups gone from
 * the spec are pruned only after the services have moved off their providers: ECS refuses to detach
 * a provider a service's strategy still names.
 */
final class EcsCapacity {

  private final NodeGroups nodeGroups;
  private final CapacityProviders providers;
  private final EcsClusters clusters;

  EcsCapacity(NodeGroups nodeGroups, CapacityProviders providers, EcsClusters clusters) {
    this.nodeGroups = nodeGroups;
    this.providers = providers;
    this.clusters = clusters;
  }

  /**
   * @param providers the desired providers, in spec order: what services spread over
   * @param attached what the cluster has attached after this step
   * @param removed the names (group and provider) of node groups no longer in the spec
   * @param nodeGroups the cluster's node groups as this pass observed them
   * @param specs the node groups as ensured, in spec order: what a capacity rollout works on
   */
  record Result(
      List<String> providers,
      List<String> attached,
      List<String> removed,
      boolean settled,
      List<NodeGroupOutput> outputs,
      List<ClusterEvent> events,
      NodeGroupBatch nodeGroups,
      List<NodeGroupSpec> specs) {}

  /**
   * @param clusterCreated this reconcile created the ECS cluster: its node groups and providers
   *     (named after its node groups, which carry a hash of the cluster's UID) are made after it,
   *     so none is looked for before creating (see {@link #ensureProvider})
   */
  Result ensure(
      ClusterContext cluster,
      ObservedEcsCluster ecs,
      Map<String, String> tags,
      boolean clusterCreated) {
    List<String> desired = new ArrayList<>();
    List<NodeGroupOutput> outputs = new ArrayList<>();
    List<ClusterEvent> events = new ArrayList<>();
    boolean settled = true;
    // Every node group of the cluster in one observation, written and read back together. A
    // cluster this pass created has none to observe: its groups carry its name and are made after
    // it, and the teardown deletes it only once every group and template is gone. One left behind
    // anyway (the cluster deleted by hand) makes the create meet its name, and the create reads
    // it, checks it is ours and converges it; the next pass, which reads the cluster, observes all.
    NodeGroupBatch existing =
        clusterCreated
            ? nodeGroups.noneYet(cluster.owner())
            : nodeGroups.observeAll(cluster.owner());
    List<ClusterNodeGroupDto> wanted = ClusterNodeGroups.of(cluster.spec());
    List<NodeGroupSpec> specs =
        wanted.stream()
            .map(
                ng ->
                    EcsDesired.capacityGroup(
                        cluster,
                        ng,
                        ecs.name(),
                        existing
                            .groups()
                            .contains(ClusterNodeGroups.cloudName(cluster, ng.name()))))
            .toList();
    Map<String, Ensured<NodeGroupStatus>> ensured = existing.ensureAll(specs);
    for (int i = 0; i < wanted.size(); i++) {
      ClusterNodeGroupDto ng = wanted.get(i);
      Ensured<NodeGroupStatus> group = ensured.get(specs.get(i).name());
      if (group.outcome() != ChangeOutcome.UNCHANGED) {
        events.add(
            ClusterEvent.normal(
                verb(group.outcome()),
                "Node group " + ng.name() + " " + group.outcome().name().toLowerCase()));
      }
      settled &= group.settled();
      outputs.add(output(ng.name(), group.status()));
      String name = EcsNames.capacityProvider(cluster, ng.name());
      if (!ecs.capacityProviders().contains(name)) {
        // Attached to the cluster (which is ours) means it exists and is not being deleted (ECS
        // refuses to delete an attached provider): only an unattached one needs a look.
        ensureProvider(
            cluster, name, group.status().autoScalingGroupArn(), tags, events, clusterCreated);
      }
      desired.add(name);
    }

    List<String> removed = new ArrayList<>(existing.groups());
    removed.removeAll(desired);
    // Keep the leaving providers attached until prune(): services may still name them.
    Set<String> attach = new LinkedHashSet<>(desired);
    ecs.capacityProviders().stream().filter(removed::contains).forEach(attach::add);
    List<String> attached = putIfDifferent(ecs, List.copyOf(attach));
    return new Result(
        List.copyOf(desired), attached, removed, settled, outputs, events, existing, specs);
  }

  /**
   * Detaches, deletes and tears down the node groups no longer in the spec.
   *
   * @return GONE once nothing of them is left
   */
  Deletion prune(ClusterContext cluster, ObservedEcsCluster ecs, Result ensured) {
    if (ensured.removed().isEmpty()) {
      return Deletion.GONE;
    }
    if (ensured.attached().stream().anyMatch(ensured.removed()::contains)) {
      clusters.putCapacityProviders(ecs.name(), ensured.providers());
    }
    return deleteGroups(cluster, ensured.nodeGroups(), ensured.removed());
  }

  /**
   * Deletes each named provider (if ours), then its Auto Scaling group. The group goes in the same
   * call: a provider being deleted no longer scales it, and its instances must be gone before the
   * cluster can be.
   */
  Deletion deleteGroups(ClusterContext cluster, NodeGroupBatch existing, List<String> names) {
    return deleteGroups(cluster, existing, names, false, Set.of());
  }

  /**
   * @param providersDeleted an earlier call of this process deleted these providers: not read again
   * @param attachedToOurs providers this process just saw attached to the cluster it proved ours
   *     (and has detached since): deleted without a look, since ECS attaches only a live provider
   *     and refuses to delete an attached one, so none of them is being deleted yet, and each
   *     carries one of this cluster's own names
   */
  private Deletion deleteGroups(
      ClusterContext cluster,
      NodeGroupBatch existing,
      List<String> names,
      boolean providersDeleted,
      Set<String> attachedToOurs) {
    if (!providersDeleted) {
      List<String> unknown = new ArrayList<>();
      for (String name : names) {
        if (attachedToOurs.contains(name)) {
          deleteProvider(name);
        } else {
          unknown.add(name);
        }
      }
      providers
          .findAll(unknown)
          .forEach(
              (name, provider) -> {
                if (provider.ownedBy(cluster.owner()) && !provider.deleting()) {
                  providers.delete(name);
                }
              });
    }
    return existing.deleteAll(names).containsValue(Deletion.IN_PROGRESS)
        ? Deletion.IN_PROGRESS
        : Deletion.GONE;
  }

  /**
   * Deletes every node group the cluster has (group or template left) or wants (its provider may
   * outlive a group lost in a crash), with their providers.
   */
  Deletion deleteAll(
      ClusterContext cluster, boolean providersDeleted, Collection<String> attachedToOurs) {
    NodeGroupBatch existing = nodeGroups.observeAll(cluster.owner());
    // The launch templates are read only once no group is left: each goes after its group.
    Set<String> names =
        new LinkedHashSet<>(existing.groups().isEmpty() ? existing.names() : existing.groups());
    ClusterNodeGroups.of(cluster.spec())
        .forEach(ng -> names.add(EcsNames.capacityProvider(cluster, ng.name())));
    return deleteGroups(
        cluster, existing, List.copyOf(names), providersDeleted, Set.copyOf(attachedToOurs));
  }

  private void deleteProvider(String name) {
    try {
      providers.delete(name);
    } catch (CloudException.NotFound gone) {
      // deleted since it was seen attached: what this wanted
    }
  }

  private void ensureProvider(
      ClusterContext cluster,
      String name,
      String groupArn,
      Map<String, String> tags,
      List<ClusterEvent> events,
      boolean createFirst) {
    if (createFirst) {
      try {
        providers.create(name, groupArn, tags);
        events.add(ClusterEvent.normal("Created", "Capacity provider " + name + " created"));
        return;
      } catch (CloudException.Conflict | CloudException.InvalidRequest exists) {
        // ECS refuses a name in use (a provider left by an earlier cluster object of this UID,
        // deleted by hand): look at it as below, ownership first.
      }
    }
    var existing = providers.find(name);
    if (existing.isPresent()) {
      ObservedProvider p = existing.get();
      if (!p.ownedBy(cluster.owner())) {
        throw new CloudException.Conflict(
            "aws",
            "CreateCapacityProvider",
            "capacity provider " + name + " belongs to another owner",
            null);
      }
      if (p.deleting()) {
        // A node group removed and added back again: the name is free once AWS has finished.
        throw new CloudException.Conflict(
            "aws",
            "CreateCapacityProvider",
            "capacity provider " + name + " is being deleted; it is recreated once gone",
            null);
      }
      return;
    }
    providers.create(name, groupArn, tags);
    events.add(ClusterEvent.normal("Created", "Capacity provider " + name + " created"));
  }

  private List<String> putIfDifferent(ObservedEcsCluster ecs, List<String> attach) {
    Set<String> strategy = new HashSet<>();
    ecs.defaultStrategy().forEach(s -> strategy.add(s.capacityProvider()));
    if (new HashSet<>(ecs.capacityProviders()).equals(new HashSet<>(attach))
        && strategy.equals(new HashSet<>(attach))) {
      return ecs.capacityProviders();
    }
    clusters.putCapacityProviders(ecs.name(), attach);
    return attach;
  }

  private static NodeGroupOutput output(String name, NodeGroupStatus s) {
    return new NodeGroupOutput(
        name,
        s.name(),
        s.atCapacity() ? "InService" : "Scaling",
        s.minSize(),
        s.maxSize(),
        s.desiredCapacity(),
        s.instanceIds().size());
  }

  private static String verb(ChangeOutcome outcome) {
    return outcome == ChangeOutcome.CREATED ? "Created" : "Updated";
  }
}
