package io.strato.cloud.aws.ecs;

import io.strato.cloud.aws.AwsErrors;
import io.strato.cloud.aws.RecentlyUsed;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
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

  /** Enough for every cluster of a large account; the eldest entry goes first. */
  private static final int REMEMBERED = 10_000;

  private final EcsClient ecs;

  /** The services of each cluster that this process has listed, seen since or created. */
  private final Map<String, Set<String>> known = RecentlyUsed.synchronizedMap(REMEMBERED);

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

  /**
   * Every ACTIVE or DRAINING service of the cluster, with its tags. Listed once per cluster and
   * process; after that the services this process has seen or created there are described by name
   * (one call for up to ten), which is what a poll needs: Strato's services of a cluster are
   * created only by Strato, and a restart lists again.
   */
  public List<Service> list(String cluster) {
    Set<String> names = known.get(cluster);
    List<Service> out = names == null ? listAll(cluster) : describeAll(cluster, names);
    Set<String> seen = new TreeSet<>();
    out.forEach(s -> seen.add(s.serviceName()));
    known.put(cluster, seen);
    return out;
  }

  /** A cluster this process has just created holds no service yet: nothing to list. */
  public void clusterCreated(String cluster) {
    known.put(cluster, new TreeSet<>());
  }

  private List<Service> describeAll(String cluster, Set<String> names) {
    List<String> all;
    synchronized (known) {
      all = List.copyOf(names);
    }
    List<Service> out = new ArrayList<>();
    for (int i = 0; i < all.size(); i += DESCRIBE_BATCH) {
      out.addAll(describe(cluster, all.subList(i, Math.min(all.size(), i + DESCRIBE_BATCH))));
    }
    return out;
  }

  private List<Service> listAll(String cluster) {
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
    Service created = createService(spec);
    synchronized (known) {
      Set<String> names = known.get(spec.cluster());
      if (names != null) {
        names.add(spec.name());
      }
    }
    return created;
  }

  private Service createService(ServiceSpec spec) {
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
