package io.strato.cloud.aws.ecs;

import io.strato.cloud.aws.AwsErrors;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.DeploymentConfiguration;
import software.amazon.awssdk.services.ecs.model.LoadBalancer;
import software.amazon.awssdk.services.ecs.model.PlacementStrategy;
import software.amazon.awssdk.services.ecs.model.PlacementStrategyType;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceField;
import software.amazon.awssdk.services.ecs.model.UpdateServiceRequest;

/** ECS services of one cluster, found by name. */
public final class EcsServices {

  /** DescribeServices takes at most ten names per call. */
  private static final int DESCRIBE_BATCH = 10;

  private final EcsClient ecs;

  public EcsServices(EcsClient ecs) {
    this.ecs = ecs;
  }

  /**
   * The service of that name, ACTIVE or DRAINING. An INACTIVE one is deleted (AWS lists it for a
   * while) and counts as absent: CreateService may reuse the name.
   */
  public Optional<Service> find(String cluster, String name) {
    return describe(cluster, List.of(name)).stream().findFirst();
  }

  /** Every ACTIVE or DRAINING service of the cluster, with its tags. */
  public List<Service> list(String cluster) {
    List<String> arns =
        AwsErrors.call(
            "ListServices",
            () ->
                ecs.listServicesPaginator(r -> r.cluster(cluster)).serviceArns().stream().toList());
    List<Service> out = new ArrayList<>();
    for (int i = 0; i < arns.size(); i += DESCRIBE_BATCH) {
      out.addAll(describe(cluster, arns.subList(i, Math.min(arns.size(), i + DESCRIBE_BATCH))));
    }
    return out;
  }

  public Service create(ServiceSpec spec) {
    return AwsErrors.call(
            "CreateService",
            () ->
                ecs.createService(
                    r -> {
                      r.cluster(spec.cluster())
                          .serviceName(spec.name())
                          .taskDefinition(spec.taskDefinition())
                          .desiredCount(spec.desiredCount())
                          .clientToken(spec.clientToken())
                          .capacityProviderStrategy(EcsClusters.evenly(spec.capacityProviders()))
                          .placementStrategy(spreadOverZonesThenInstances())
                          .deploymentConfiguration(deployment(spec.circuitBreaker()))
                          .tags(EcsTags.of(spec.tags()));
                      if (spec.loadBalancer() != null) {
                        r.loadBalancers(loadBalancer(spec.loadBalancer()));
                      }
                    }))
        .service();
  }

  public Service update(ServiceSpec spec, ServiceChanges changes) {
    UpdateServiceRequest.Builder r =
        UpdateServiceRequest.builder().cluster(spec.cluster()).service(spec.name());
    if (changes.desiredCount() != null) {
      r.desiredCount(changes.desiredCount());
    }
    if (changes.taskDefinition() != null) {
      r.taskDefinition(changes.taskDefinition());
    }
    if (changes.circuitBreaker() != null) {
      r.deploymentConfiguration(deployment(changes.circuitBreaker()));
    }
    if (changes.capacityProviders() != null) {
      // AWS requires a new deployment to move running tasks onto another strategy.
      r.capacityProviderStrategy(EcsClusters.evenly(changes.capacityProviders()))
          .forceNewDeployment(true);
    }
    if (changes.loadBalancer() != null) {
      r.loadBalancers(loadBalancer(changes.loadBalancer()));
    }
    return AwsErrors.call("UpdateService", () -> ecs.updateService(r.build())).service();
  }

  /**
   * Stops the service's tasks first, so the deletion does not race running tasks' deregistration.
   */
  public void scaleToZero(String cluster, String name) {
    AwsErrors.run(
        "UpdateService",
        () -> ecs.updateService(r -> r.cluster(cluster).service(name).desiredCount(0)));
  }

  public void delete(String cluster, String name) {
    AwsErrors.run(
        "DeleteService",
        () -> ecs.deleteService(r -> r.cluster(cluster).service(name).force(true)));
  }

  private List<Service> describe(String cluster, List<String> names) {
    return AwsErrors.call(
            "DescribeServices",
            () ->
                ecs.describeServices(
                    r -> r.cluster(cluster).services(names).include(ServiceField.TAGS)))
        .services()
        .stream()
        .filter(s -> !"INACTIVE".equals(s.status()))
        .toList();
  }

  /** Zones first for availability, then instances so one host's loss takes few tasks. */
  static List<PlacementStrategy> spreadOverZonesThenInstances() {
    return List.of(
        PlacementStrategy.builder()
            .type(PlacementStrategyType.SPREAD)
            .field("attribute:ecs.availability-zone")
            .build(),
        PlacementStrategy.builder().type(PlacementStrategyType.SPREAD).field("instanceId").build());
  }

  private static DeploymentConfiguration deployment(boolean circuitBreaker) {
    return DeploymentConfiguration.builder()
        .deploymentCircuitBreaker(b -> b.enable(circuitBreaker).rollback(circuitBreaker))
        .build();
  }

  private static LoadBalancer loadBalancer(ServiceSpec.LoadBalancerTarget lb) {
    return LoadBalancer.builder()
        .targetGroupArn(lb.targetGroupArn())
        .containerName(lb.containerName())
        .containerPort(lb.containerPort())
        .build();
  }
}
