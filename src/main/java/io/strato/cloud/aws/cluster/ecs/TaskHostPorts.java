package io.strato.cloud.aws.cluster.ecs;

import io.strato.cloud.aws.elb.TaskPortIngress.ServiceTarget;
import java.util.Optional;

/**
 * Which ports of the container instance a load balancer reaches a service's tasks on, by the task
 * definition's network mode, as the ECS PortMapping documentation describes them.
 */
final class TaskHostPorts {

  private TaskHostPorts() {}

  /**
   * @param networkMode the task definition's mode; null is bridge, ECS's default on Linux instances
   *     (Windows' {@code default} mode maps ports the same way)
   * @param hostPort the port mapping's host port; null or 0 asks for a dynamic one
   * @return empty when the tasks do not listen on the instance's addresses: {@code awsvpc} gives
   *     each task its own network interface and security group (named in the service's network
   *     configuration, not the instance's), {@code none} has no network
   */
  static Optional<ServiceTarget> of(
      String service,
      String targetGroupArn,
      String networkMode,
      Integer hostPort,
      int containerPort) {
    boolean named = hostPort != null && hostPort > 0;
    String mode = networkMode == null ? "bridge" : networkMode;
    return switch (mode) {
      case "bridge", "default" ->
          Optional.of(
              named
                  ? ServiceTarget.fixed(service, targetGroupArn, hostPort)
                  : ServiceTarget.dynamic(service, targetGroupArn));
      case "host" ->
          Optional.of(
              ServiceTarget.fixed(service, targetGroupArn, named ? hostPort : containerPort));
      default -> Optional.empty();
    };
  }
}
