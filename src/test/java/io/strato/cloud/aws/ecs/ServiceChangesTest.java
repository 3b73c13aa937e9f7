package io.strato.cloud.aws.ecs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.CapacityProviderStrategyItem;
import software.amazon.awssdk.services.ecs.model.DeploymentConfiguration;
import software.amazon.awssdk.services.ecs.model.LoadBalancer;
import software.amazon.awssdk.services.ecs.model.Service;

/** What UpdateService must change, decided without any cloud. */
class ServiceChangesTest {

  private static final String TD = "arn:aws:ecs:us-east-1:123456789012:task-definition/";
  private static final String TG = "arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/web/1";
  private static final ServiceSpec.LoadBalancerTarget LB =
      new ServiceSpec.LoadBalancerTarget(TG, "web", 8080);

  @Test
  void nothingChangesWhenTheServiceIsAsDeclared() {
    ServiceChanges changes = ServiceChanges.between(spec("web:3", 2, false), running("web:3", 2));
    assertThat(changes.any()).isFalse();
  }

  @Test
  void theDesiredCountIsPutBackUnlessTheScalerOwnsIt() {
    assertThat(ServiceChanges.between(spec("web:3", 2, false), running("web:3", 5)).desiredCount())
        .isEqualTo(2);
    assertThat(ServiceChanges.between(spec("web:3", 2, true), running("web:3", 5)).any()).isFalse();
  }

  @Test
  void aFamilyIsSatisfiedByAnyOfItsRevisionsButAPinnedRevisionIsNot() {
    assertThat(ServiceChanges.between(spec("web", 2, false), running("web:7", 2)).any()).isFalse();
    assertThat(
            ServiceChanges.between(spec("web:6", 2, false), running("web:7", 2)).taskDefinition())
        .isEqualTo("web:6");
    assertThat(
            ServiceChanges.between(spec(TD + "web:8", 2, false), running("web:7", 2))
                .taskDefinition())
        .isEqualTo(TD + "web:8");
    assertThat(ServiceChanges.between(spec("other", 2, false), running("web:7", 2)).any()).isTrue();
  }

  @Test
  void theCircuitBreakerIsComparedOnlyWhereTheCloudReportsIt() {
    Service reported =
        running("web:3", 2).toBuilder()
            .deploymentConfiguration(
                DeploymentConfiguration.builder()
                    .deploymentCircuitBreaker(b -> b.enable(false).rollback(false))
                    .build())
            .build();
    assertThat(ServiceChanges.between(spec("web:3", 2, false), reported).circuitBreaker()).isTrue();
    // moto stores no deployment configuration: no endless updates against it.
    assertThat(ServiceChanges.between(spec("web:3", 2, false), running("web:3", 2)).any())
        .isFalse();
  }

  @Test
  void aNewProviderSetMovesTheServiceOnlyWhereTheCloudReportsItsStrategy() {
    Service onOld =
        running("web:3", 2).toBuilder()
            .capacityProviderStrategy(
                CapacityProviderStrategyItem.builder().capacityProvider("old").weight(1).build())
            .build();
    assertThat(ServiceChanges.between(spec("web:3", 2, false), onOld).capacityProviders())
        .containsExactly("general");
  }

  @Test
  void anotherTargetGroupIsAChange() {
    Service elsewhere =
        running("web:3", 2).toBuilder()
            .loadBalancers(
                LoadBalancer.builder()
                    .targetGroupArn(TG + "0")
                    .containerName("web")
                    .containerPort(8080)
                    .build())
            .build();
    assertThat(ServiceChanges.between(spec("web:3", 2, false), elsewhere).loadBalancer())
        .isEqualTo(LB);
  }

  private static ServiceSpec spec(String taskDefinition, int count, boolean scaled) {
    return new ServiceSpec(
        "c", "web", taskDefinition, count, List.of("general"), LB, true, scaled, Map.of(), "t");
  }

  private static Service running(String revision, int count) {
    return Service.builder()
        .serviceName("web")
        .status("ACTIVE")
        .taskDefinition(TD + revision)
        .desiredCount(count)
        .loadBalancers(
            LoadBalancer.builder()
                .targetGroupArn(TG)
                .containerName("web")
                .containerPort(8080)
                .build())
        .build();
  }
}
