package io.strato.testsupport;

import java.util.List;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Service;

/**
 * Stands in for the ECS scheduler, which moto does not run: moto reports a created service with
 * {@code runningCount} 0 (or {@code MOTO_ECS_SERVICE_RUNNING}) until an UpdateService sets its
 * {@code desiredCount}, and from then on reports as many running tasks as desired. Re-sending each
 * service's own desiredCount is therefore "the tasks were placed and started".
 */
public final class EcsScheduler {

  private EcsScheduler() {}

  /**
   * Starts the tasks of every active service of every cluster that runs fewer or more than desired.
   *
   * @return how many services it changed
   */
  public static int placeTasks(EcsClient ecs) {
    int placed = 0;
    for (String cluster : ecs.listClusters().clusterArns()) {
      List<String> arns = ecs.listServices(r -> r.cluster(cluster)).serviceArns();
      if (arns.isEmpty()) {
        continue;
      }
      for (Service s : ecs.describeServices(r -> r.cluster(cluster).services(arns)).services()) {
        if ("ACTIVE".equals(s.status()) && !s.runningCount().equals(s.desiredCount())) {
          ecs.updateService(
              r -> r.cluster(cluster).service(s.serviceName()).desiredCount(s.desiredCount()));
          placed++;
        }
      }
    }
    return placed;
  }
}
