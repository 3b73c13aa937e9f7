package io.strato.cloud.aws.cluster.ecs;

import static org.assertj.core.api.Assertions.assertThat;

import io.strato.cloud.aws.elb.TaskPortIngress.ServiceTarget;
import org.junit.jupiter.api.Test;

/** The host ports a load balancer reaches tasks on, per network mode, as ECS documents them. */
class TaskHostPortsTest {

  private static final String TG = "arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/t/1";

  @Test
  void bridgeWithoutAHostPortIsDockersWholeDynamicRange() {
    assertThat(TaskHostPorts.of("web", TG, "bridge", null, 8080))
        .contains(new ServiceTarget("web", TG, 32768, 65535));
    assertThat(TaskHostPorts.of("web", TG, "bridge", 0, 8080))
        .as("0 asks for a dynamic port too")
        .contains(new ServiceTarget("web", TG, 32768, 65535));
    assertThat(TaskHostPorts.of("web", TG, null, null, 8080))
        .as("no mode is bridge on Linux instances")
        .contains(new ServiceTarget("web", TG, 32768, 65535));
  }

  @Test
  void aNamedHostPortOrHostNetworkingIsOnePort() {
    assertThat(TaskHostPorts.of("web", TG, "bridge", 8081, 8080))
        .contains(ServiceTarget.fixed("web", TG, 8081));
    assertThat(TaskHostPorts.of("web", TG, "host", null, 9000))
        .contains(ServiceTarget.fixed("web", TG, 9000));
    assertThat(TaskHostPorts.of("web", TG, "host", 9000, 9000))
        .contains(ServiceTarget.fixed("web", TG, 9000));
  }

  @Test
  void awsvpcAndNoneListenOnNoInstancePort() {
    assertThat(TaskHostPorts.of("web", TG, "awsvpc", null, 8080)).isEmpty();
    assertThat(TaskHostPorts.of("web", TG, "none", null, 8080)).isEmpty();
  }
}
