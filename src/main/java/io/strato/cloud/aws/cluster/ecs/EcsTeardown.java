package io.strato.cloud.aws.cluster.ecs;

import io.strato.cloud.CloudException;
import io.strato.cloud.Deletion;
import io.strato.cloud.aws.ecs.EcsClusters;
import io.strato.cloud.aws.ecs.EcsClusters.ObservedEcsCluster;
import io.strato.cloud.aws.ecs.EcsServices;
import io.strato.cloud.aws.ecs.EcsTags;
import io.strato.cloud.aws.ecs.TaskDefinitions;
import io.strato.cloud.cluster.ClusterContext;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.ecs.model.Service;

/**
 * Deletes an ECS cluster in dependency order, one step per call: services (with their scaling)
 * until none is left draining, then the rules that admitted their load balancers, then capacity
 * providers and their Auto Scaling groups until the instances are gone (ECS refuses to delete a
 * cluster with registered instances), then the cluster and the task definitions Strato registered.
 *
 * <p>A deletion takes several calls; what an earlier call of this process already finished or
 * proved (the cluster ours, no service of ours left, the ingress rules closed, the capacity
 * providers deleted) is not looked at again in the later ones. During a deletion nothing of
 * Strato's recreates those, and a restart starts with nothing remembered, so it observes everything
 * once more.
 */
final class EcsTeardown {

  private static final Logger LOG = Logger.getLogger(EcsTeardown.class);

  private final EcsClusters clusters;
  private final EcsServices services;
  private final EcsServicesStep serviceStep;
  private final EcsCapacity capacity;
  private final TaskDefinitions taskDefinitions;

  /** The steps this process finished, by cluster UID, while that cluster's deletion runs. */
  private final Map<String, Done> done = new ConcurrentHashMap<>();

  /**
   * What an earlier call of this deletion finished.
   *
   * @param cluster the cluster as proved ours, with no capacity provider attached; null: look
   */
  private record Done(
      boolean services, boolean ingress, boolean providers, ObservedEcsCluster cluster) {
    static final Done NOTHING = new Done(false, false, false, null);
  }

  EcsTeardown(
      EcsClusters clusters,
      EcsServices services,
      EcsServicesStep serviceStep,
      EcsCapacity capacity,
      TaskDefinitions taskDefinitions) {
    this.clusters = clusters;
    this.services = services;
    this.serviceStep = serviceStep;
    this.capacity = capacity;
    this.taskDefinitions = taskDefinitions;
  }

  Deletion delete(ClusterContext cluster) {
    Deletion result = delete(cluster, done.getOrDefault(cluster.uid(), Done.NOTHING));
    if (result == Deletion.GONE) {
      done.remove(cluster.uid());
    }
    return result;
  }

  private Deletion delete(ClusterContext cluster, Done earlier) {
    String name = EcsNames.cluster(cluster);
    Optional<ObservedEcsCluster> found =
        earlier.cluster() != null ? Optional.of(earlier.cluster()) : clusters.find(name);
    Optional<ObservedEcsCluster> ecs = found.filter(c -> c.ownedBy(cluster.owner()));
    if (found.isPresent() && ecs.isEmpty()) {
      LOG.warnf("ECS cluster %s belongs to another owner; deleting only what is ours", name);
    }
    if (ecs.isPresent() && !earlier.services()) {
      List<Service> ours =
          services.list(name).stream()
              .filter(s -> cluster.owner().owns(EcsTags.toMap(s.tags())))
              .toList();
      if (!ours.isEmpty()) {
        ours.stream()
            .filter(s -> "ACTIVE".equals(s.status()))
            .forEach(s -> serviceStep.remove(name, s));
        // DRAINING until their tasks stop; look again later (at the services, not the cluster).
        done.put(cluster.uid(), new Done(false, false, false, ecs.get()));
        return Deletion.IN_PROGRESS;
      }
    }
    // Every service is gone: no load balancer needs the container instances any more.
    if (!earlier.ingress()) {
      serviceStep.admit(cluster, List.of());
    }
    done.put(cluster.uid(), new Done(true, true, earlier.providers(), null));
    ObservedEcsCluster detached = null;
    List<String> attached = List.of();
    if (ecs.isPresent()) {
      attached = ecs.get().capacityProviders();
      if (!ecs.get().capacityProviders().isEmpty()) {
        clusters.putCapacityProviders(name, List.of());
      }
      detached = withoutProviders(ecs.get());
    }
    if (capacity.deleteAll(cluster, earlier.providers(), attached) == Deletion.IN_PROGRESS) {
      done.put(cluster.uid(), new Done(true, true, true, detached));
      return Deletion.IN_PROGRESS;
    }
    if (ecs.isPresent()) {
      try {
        clusters.delete(name);
      } catch (CloudException.NotFound gone) {
        // Deleted since this process proved it ours: what this step wanted.
      } catch (RuntimeException e) {
        // ECS refuses while something still runs in the cluster: look at everything again.
        done.remove(cluster.uid());
        throw e;
      }
    }
    for (String family : taskDefinitions.families(EcsNames.familyPrefix(name))) {
      taskDefinitions.deregisterFamily(family);
    }
    return Deletion.GONE;
  }

  private static ObservedEcsCluster withoutProviders(ObservedEcsCluster c) {
    return new ObservedEcsCluster(
        c.name(), c.arn(), c.status(), c.tags(), c.containerInsights(), List.of(), List.of());
  }
}
