package io.strato.cloud.aws.ecs;

import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.services.ecs.model.CapacityProviderStrategyItem;
import software.amazon.awssdk.services.ecs.model.DeploymentCircuitBreaker;
import software.amazon.awssdk.services.ecs.model.LoadBalancer;
import software.amazon.awssdk.services.ecs.model.Service;

/**
 * The differences between a desired and an existing service that UpdateService can fix; null fields
 * are left as they are. A pure function, so the decision is tested without any cloud.
 */
public record ServiceChanges(
    Integer desiredCount,
    String taskDefinition,
    Boolean circuitBreaker,
    List<String> capacityProviders,
    ServiceSpec.LoadBalancerTarget loadBalancer) {

  public static ServiceChanges between(ServiceSpec desired, Service observed) {
    Integer count =
        !desired.scalerOwnsCount() && observed.desiredCount() != desired.desiredCount()
            ? desired.desiredCount()
            : null;
    String taskDefinition =
        sameTaskDefinition(desired.taskDefinition(), observed.taskDefinition())
            ? null
            : desired.taskDefinition();
    Boolean breaker = null;
    DeploymentCircuitBreaker observedBreaker =
        observed.deploymentConfiguration() == null
            ? null
            : observed.deploymentConfiguration().deploymentCircuitBreaker();
    // AWS always reports the breaker; an emulator that does not store it (moto) reports none, and
    // then there is nothing to compare against: updating would repeat on every reconcile.
    if (observedBreaker != null
        && (observedBreaker.enable() != desired.circuitBreaker()
            || observedBreaker.rollback() != desired.circuitBreaker())) {
      breaker = desired.circuitBreaker();
    }
    List<String> providers = null;
    List<String> observedProviders =
        observed.capacityProviderStrategy().stream()
            .map(CapacityProviderStrategyItem::capacityProvider)
            .sorted()
            .toList();
    // Same reasoning: compare the strategy only where the cloud reports one.
    if (!observedProviders.isEmpty()
        && !observedProviders.equals(desired.capacityProviders().stream().sorted().toList())) {
      providers = desired.capacityProviders();
    }
    ServiceSpec.LoadBalancerTarget lb =
        sameLoadBalancer(desired.loadBalancer(), observed.loadBalancers())
            ? null
            : desired.loadBalancer();
    return new ServiceChanges(count, taskDefinition, breaker, providers, lb);
  }

  public boolean any() {
    return desiredCount != null
        || taskDefinition != null
        || circuitBreaker != null
        || capacityProviders != null
        || loadBalancer != null;
  }

  /** A family or family:revision matches the ARN of the revision it names or resolves to. */
  static boolean sameTaskDefinition(String desired, String observedArn) {
    if (observedArn == null) {
      return false;
    }
    if (desired.startsWith("arn:")) {
      return desired.equals(observedArn);
    }
    String tail = observedArn.substring(observedArn.lastIndexOf('/') + 1);
    // "family" alone is satisfied by whatever revision of the family runs: the user pinned none.
    return desired.contains(":")
        ? desired.equals(tail)
        : desired.equals(TaskDefinitions.familyOf(observedArn));
  }

  private static boolean sameLoadBalancer(
      ServiceSpec.LoadBalancerTarget desired, List<LoadBalancer> observed) {
    if (desired == null) {
      // Removing a load balancer is not something Strato does to a running service behind one.
      return true;
    }
    return observed.size() == 1
        && Objects.equals(observed.get(0).targetGroupArn(), desired.targetGroupArn())
        && Objects.equals(observed.get(0).containerName(), desired.containerName())
        && Objects.equals(observed.get(0).containerPort(), desired.containerPort());
  }
}
