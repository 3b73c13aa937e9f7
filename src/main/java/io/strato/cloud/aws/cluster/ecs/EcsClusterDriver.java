package io.strato.cloud.aws.cluster.ecs;

import io.strato.cloud.CloudException;
import io.strato.cloud.Deletion;
import io.strato.cloud.aws.AwsClients;
import io.strato.cloud.aws.RecentlyUsed;
import io.strato.cloud.aws.appscaling.ApplicationAutoScaling;
import io.strato.cloud.aws.ecs.CapacityProviders;
import io.strato.cloud.aws.ecs.ContainerInstances;
import io.strato.cloud.aws.ecs.EcsClusters;
import io.strato.cloud.aws.ecs.EcsClusters.ObservedEcsCluster;
import io.strato.cloud.aws.ecs.EcsServices;
import io.strato.cloud.aws.ecs.ServiceScaling;
import io.strato.cloud.aws.ecs.TaskDefinitions;
import io.strato.cloud.aws.elb.TaskPortIngress;
import io.strato.cloud.cluster.ClusterContext;
import io.strato.cloud.cluster.ClusterDriver;
import io.strato.cloud.cluster.ClusterOutputs;
import io.strato.cloud.cluster.ClusterOutputs.EcsOutputs;
import io.strato.cloud.cluster.ClusterProgress;
import io.strato.cloud.cluster.ClusterProgress.ClusterEvent;
import io.strato.cloud.cluster.RolloutConditions;
import io.strato.cloud.nodegroup.NodeGroups;
import io.strato.cloud.nodegroup.RolloutStep;
import io.strato.reconcile.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ecs.model.CapacityProviderStrategyItem;

/**
 * An ECS cluster on EC2 capacity: the cluster, one Auto Scaling group and capacity provider per
 * node group, and the declared services with their task definitions and autoscaling. Each call
 * observes, takes every step nothing blocks, and answers; it never waits for AWS to settle.
 */
public final class EcsClusterDriver implements ClusterDriver {

  private final EcsClusters clusters;
  private final EcsServices ecsServices;
  private final TaskDefinitions taskDefinitions;

  /**
   * A pass reads the cluster (its status, tags, attached providers and strategy) at least once in
   * this many passes. Between reads it works from what the last pass of this process proved and
   * wrote: nothing of Strato's changes the cluster meanwhile, a restart starts empty and reads, and
   * any failure drops the memory. The price: a cluster changed by hand (providers detached,
   * insights toggled) is put back by the next read, up to that many passes later; one deleted by
   * hand fails the next call that names it, and the pass after reads and recreates it.
   */
  static final int CLUSTER_READ_EVERY = 10;

  private final Map<String, Proven> proven = RecentlyUsed.synchronizedMap(1_000);
  private final EcsCapacity capacity;
  private final CapacityRollout rollout;
  private final EcsServicesStep services;
  private final EcsTeardown teardown;

  public EcsClusterDriver(AwsClients clients, NodeGroups nodeGroups) {
    this.clusters = new EcsClusters(clients.ecs());
    this.ecsServices = new EcsServices(clients.ecs());
    this.taskDefinitions = new TaskDefinitions(clients.ecs());
    this.capacity = new EcsCapacity(nodeGroups, new CapacityProviders(clients.ecs()), clusters);
    this.rollout = new CapacityRollout(new ContainerInstances(clients.ecs()));
    this.services =
        new EcsServicesStep(
            taskDefinitions,
            ecsServices,
            new ServiceScaling(new ApplicationAutoScaling(clients)),
            new TaskPortIngress(clients));
    this.teardown = new EcsTeardown(clusters, ecsServices, services, capacity, taskDefinitions);
  }

  @Override
  public String type() {
    return "ecs";
  }

  @Override
  public ClusterProgress reconcile(ClusterContext cluster) {
    String name = EcsNames.cluster(cluster);
    Map<String, String> tags = EcsDesired.tags(cluster);
    List<ClusterEvent> events = new ArrayList<>();
    EnsuredCluster ensured = ensureCluster(cluster, name, tags, events);
    ObservedEcsCluster ecs = ensured.cluster();
    if (!ecs.active()) {
      String waiting = "ECS cluster " + name + " is " + ecs.status();
      return new ClusterProgress(
          List.of(
              Condition.of(ClusterProgress.CONTROL_PLANE_READY, false, "Provisioning", waiting),
              Condition.of(ClusterProgress.NODE_GROUPS_READY, false, "WaitingForCluster", waiting),
              Condition.of(ClusterProgress.SERVICES_READY, false, "WaitingForCluster", waiting)),
          outputs(ecs, List.of(), List.of(), List.of()),
          events);
    }
    EcsCapacity.Result cap = capacity.ensure(cluster, ecs, tags, ensured.created());
    events.addAll(cap.events());
    EcsServicesStep.Result svc = services.ensure(cluster, name, cap.providers(), tags);
    events.addAll(svc.events());
    // After the services: an instance drains only once its replacement can take the tasks.
    Map<String, RolloutStep> rolled = rollout.roll(cap.nodeGroups(), cap.specs(), name);
    events.addAll(RolloutConditions.events(rolled));
    Deletion pruned = capacity.prune(cluster, ecs, cap);
    if (!cap.removed().isEmpty()) {
      events.add(ClusterEvent.normal("Updated", "removing node groups " + cap.removed()));
    } else {
      remember(cluster, ecs, cap.attached(), ensured.passes());
    }

    Condition nodeGroupsReady =
        pruned == Deletion.IN_PROGRESS
            ? Condition.of(
                ClusterProgress.NODE_GROUPS_READY,
                false,
                "Removing",
                "node groups " + cap.removed() + " are being removed")
            : cap.settled()
                ? Condition.of(
                    ClusterProgress.NODE_GROUPS_READY,
                    true,
                    "Ready",
                    cap.providers().size() + " capacity provider(s) attached")
                : Condition.of(
                    ClusterProgress.NODE_GROUPS_READY,
                    false,
                    "Scaling",
                    "node groups are below their desired capacity");
    List<Condition> conditions =
        new ArrayList<>(
            List.of(
                Condition.of(
                    ClusterProgress.CONTROL_PLANE_READY,
                    true,
                    "Active",
                    "ECS cluster " + name + " is ACTIVE"),
                nodeGroupsReady,
                svc.condition()));
    conditions.addAll(RolloutConditions.of(rolled));
    return new ClusterProgress(
        conditions, outputs(ecs, cap.providers(), svc.outputs(), cap.outputs()), events);
  }

  @Override
  public Deletion delete(ClusterContext cluster) {
    proven.remove(cluster.uid());
    return teardown.delete(cluster);
  }

  /**
   * What this pass left the cluster as, for the next passes: its own writes (the providers it
   * attached, with the even strategy that attachment sets) applied to what it read or created.
   */
  private void remember(
      ClusterContext cluster, ObservedEcsCluster ecs, List<String> attached, int passes) {
    List<CapacityProviderStrategyItem> strategy =
        attached.equals(ecs.capacityProviders())
            ? ecs.defaultStrategy()
            : EcsClusters.evenly(attached);
    proven.put(
        cluster.uid(),
        new Proven(
            new ObservedEcsCluster(
                ecs.name(),
                ecs.arn(),
                ecs.status(),
                ecs.tags(),
                ecs.containerInsights(),
                attached,
                strategy),
            passes));
  }

  /**
   * The cluster, whether this call created it, and the passes answered from memory since it was
   * last read (0: read or created now).
   */
  private record EnsuredCluster(ObservedEcsCluster cluster, boolean created, int passes) {}

  /** The cluster as a pass of this process left it, and the passes since it was read. */
  private record Proven(ObservedEcsCluster cluster, int passes) {}

  private EnsuredCluster ensureCluster(
      ClusterContext cluster, String name, Map<String, String> tags, List<ClusterEvent> events) {
    boolean insights = EcsDesired.containerInsights(cluster);
    Proven last = proven.remove(cluster.uid());
    if (last != null
        && last.passes() + 1 < CLUSTER_READ_EVERY
        && last.cluster().active()
        && last.cluster().name().equals(name)
        && last.cluster().containerInsights() == insights) {
      // Put back at the end of a pass that succeeds; a failed pass reads it again.
      return new EnsuredCluster(last.cluster(), false, last.passes() + 1);
    }
    var existing = clusters.find(name);
    if (existing.isEmpty()) {
      ObservedEcsCluster created = clusters.create(name, tags, insights);
      ecsServices.clusterCreated(name);
      // Its task definition families carry its name (with the UID's hash): none exist yet.
      taskDefinitions.prefixCreated(EcsNames.familyPrefix(name));
      events.add(ClusterEvent.normal("Created", "ECS cluster " + name + " created"));
      return new EnsuredCluster(created, true, 0);
    }
    ObservedEcsCluster ecs = existing.get();
    if (!ecs.ownedBy(cluster.owner())) {
      throw new CloudException.Conflict(
          "aws",
          "CreateCluster",
          "ECS cluster " + name + " exists and is not owned by " + cluster.owner().ownerUid(),
          null);
    }
    if (ecs.containerInsights() != insights) {
      clusters.setContainerInsights(name, insights);
      events.add(
          ClusterEvent.normal(
              "Updated",
              "ECS cluster " + name + " container insights " + (insights ? "on" : "off")));
    }
    return new EnsuredCluster(ecs, false, 0);
  }

  private static ClusterOutputs outputs(
      ObservedEcsCluster ecs,
      List<String> providers,
      List<ClusterOutputs.EcsServiceOutput> services,
      List<ClusterOutputs.NodeGroupOutput> nodeGroups) {
    return new ClusterOutputs(
        "ecs",
        ecs.arn(),
        ecs.status(),
        null,
        null,
        null,
        null,
        new EcsOutputs(providers, services),
        nodeGroups);
  }
}
