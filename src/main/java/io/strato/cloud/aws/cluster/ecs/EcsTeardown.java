package io.strato.cloud.aws.cluster.ecs;

import io.strato.cloud.Deletion;
import io.strato.cloud.aws.ecs.EcsClusters;
import io.strato.cloud.aws.ecs.EcsClusters.ObservedCluster;
import io.strato.cloud.aws.ecs.EcsServices;
import io.strato.cloud.aws.ecs.EcsTags;
import io.strato.cloud.aws.ecs.TaskDefinitions;
import io.strato.cloud.cluster.ClusterContext;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.ecs.model.Service;

/**
 * Deletes an ECS cluster in dependency order, one step per call: services (with their scaling)
 * until none is left draining, then the rules that admitted their load balancers, then capacity
 * providers and their Auto Scaling groups until the instances are gone (ECS refuses to delete a
 * cluster with registered instances), then the cluster and the task definitions Strato registered.
 */
final class EcsTeardown {

  private static final Logger LOG = Logger.getLogger(EcsTeardown.class);

  private final EcsClusters clusters;
  private final EcsServices services;
  private final EcsServicesStep serviceStep;
  private final EcsCapacity capacity;
  private final TaskDefinitions taskDefinitions;

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
    String name = EcsNames.cluster(cluster);
    Optional<ObservedCluster> found = clusters.find(name);
    Optional<ObservedCluster> ecs = found.filter(c -> c.ownedBy(cluster.owner()));
    if (found.isPresent() && ecs.isEmpty()) {
      LOG.warnf("ECS cluster %s belongs to another owner; deleting only what is ours", name);
    }
    if (ecs.isPresent()) {
      List<Service> ours =
          services.list(name).stream()
              .filter(s -> cluster.owner().owns(EcsTags.toMap(s.tags())))
              .toList();
      if (!ours.isEmpty()) {
        ours.stream()
            .filter(s -> "ACTIVE".equals(s.status()))
            .forEach(s -> serviceStep.remove(name, s));
        // DRAINING until their tasks stop; look again later.
        return Deletion.IN_PROGRESS;
      }
    }
    // Every service is gone: no load balancer needs the container instances any more.
    serviceStep.admit(cluster, List.of());
    if (ecs.isPresent()) {
      if (!ecs.get().capacityProviders().isEmpty()) {
        clusters.putCapacityProviders(name, List.of());
      }
    }
    if (capacity.deleteAll(cluster) == Deletion.IN_PROGRESS) {
      return Deletion.IN_PROGRESS;
    }
    if (ecs.isPresent()) {
      clusters.delete(name);
    }
    for (String family : taskDefinitions.families(EcsNames.familyPrefix(name))) {
      taskDefinitions.deregisterFamily(family);
    }
    return Deletion.GONE;
  }
}
