package io.strato.cloud.aws.appscaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strato.cloud.CloudException;
import io.strato.cloud.aws.AwsClients;
import io.strato.testsupport.CalledActions;
import io.strato.testsupport.MotoServer;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The hand-written JSON 1.1 client against moto: what the emulator holds after each call. */
class ApplicationAutoScalingTest {

  private static final ScalableResource WEB = ScalableResource.ecsService("prod", "web");

  private AwsClients clients;
  private ApplicationAutoScaling scaling;

  @BeforeEach
  void freshAccount() {
    MotoServer moto = MotoServer.shared();
    moto.reset();
    clients = moto.clients();
    scaling = new ApplicationAutoScaling(clients);
    // moto checks that the ECS service being scaled exists, as AWS does.
    clients.ecs().createCluster(r -> r.clusterName("prod"));
    clients
        .ecs()
        .registerTaskDefinition(
            r ->
                r.family("web")
                    .containerDefinitions(c -> c.name("web").image("nginx:1").memory(128)));
    clients.ecs().createService(r -> r.cluster("prod").serviceName("web").taskDefinition("web"));
    clients.metrics().reset();
  }

  @AfterEach
  void close() {
    clients.close();
  }

  @Test
  void registersTargetAndTracksCpu() {
    assertThat(scaling.describeScalableTarget(WEB)).isEmpty();

    scaling.registerScalableTarget(new ScalableTarget(WEB, 2, 6), Map.of("team", "platform"));
    assertThat(scaling.describeScalableTarget(WEB)).contains(new ScalableTarget(WEB, 2, 6));

    TargetTrackingPolicy cpu =
        new TargetTrackingPolicy("cpu", WEB, "ECSServiceAverageCPUUtilization", 60, null);
    String arn = scaling.putScalingPolicy(cpu);
    assertThat(arn).contains("policyName/cpu");
    assertThat(scaling.describeScalingPolicies(WEB))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.sameAs(cpu)).isTrue();
              assertThat(p.arn()).isEqualTo(arn);
            });

    // Registering again changes the bounds in place.
    scaling.registerScalableTarget(new ScalableTarget(WEB, 1, 10), Map.of());
    assertThat(scaling.describeScalableTarget(WEB)).contains(new ScalableTarget(WEB, 1, 10));
    assertThat(scaling.describeScalableTarget(ScalableResource.ecsService("prod", "other")))
        .isEmpty();
    assertThat(scaling.describeScalableTarget(ScalableResource.ecsService("prod", "web")))
        .isPresent();

    scaling.deleteScalingPolicy("cpu", WEB);
    assertThat(scaling.describeScalingPolicies(WEB)).isEmpty();
    scaling.deregisterScalableTarget(WEB);
    assertThat(scaling.describeScalableTarget(WEB)).isEmpty();
  }

  @Test
  void countsEveryCallLikeTheSdkInterceptor() {
    scaling.registerScalableTarget(new ScalableTarget(WEB, 1, 3), Map.of());
    scaling.describeScalableTarget(WEB);
    scaling.describeScalableTarget(WEB);

    assertThat(clients.metrics().snapshot())
        .containsEntry("ApplicationAutoScaling:RegisterScalableTarget", 1L)
        .containsEntry("ApplicationAutoScaling:DescribeScalableTargets", 2L);
    assertThat(CalledActions.snapshot())
        .contains(
            "ApplicationAutoScaling:RegisterScalableTarget",
            "ApplicationAutoScaling:DescribeScalableTargets");
  }

  @Test
  void refusalsBecomeCloudExceptions() {
    ScalableResource bogus = new ScalableResource("bogus", "service/prod/web", "x:y:z");
    assertThatThrownBy(() -> scaling.describeScalableTarget(bogus))
        .isInstanceOfSatisfying(
            CloudException.InvalidRequest.class,
            e -> {
              assertThat(e.reason()).isEqualTo("ValidationException");
              assertThat(e.operation()).isEqualTo("DescribeScalableTargets");
              assertThat(e.getMessage()).contains("serviceNamespace");
            });
    // Failed calls are counted too.
    assertThat(clients.metrics().snapshot())
        .containsEntry("ApplicationAutoScaling:DescribeScalableTargets", 1L);
  }
}
