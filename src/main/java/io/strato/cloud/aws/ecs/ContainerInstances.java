package io.strato.cloud.aws.ecs;

import io.strato.cloud.aws.AwsErrors;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerInstance;
import software.amazon.awssdk.services.ecs.model.ContainerInstanceStatus;

/**
 * The container instances of an ECS cluster (the EC2 instances whose agent registered), for a
 * capacity rollout that must drain an instance's tasks before the instance goes.
 */
public final class ContainerInstances {

  /** DescribeContainerInstances takes at most 100 ARNs; UpdateContainerInstancesState 10. */
  static final int DESCRIBE_PER_CALL = 100;

  static final int UPDATE_PER_CALL = 10;

  /**
   * @param tasks running and pending tasks on it: DRAINING with none left means it may go
   */
  public record Observed(String arn, String ec2InstanceId, String status, int tasks) {
    public boolean draining() {
      return ContainerInstanceStatus.DRAINING.toString().equals(status);
    }
  }

  private final EcsClient ecs;

  public ContainerInstances(EcsClient ecs) {
    this.ecs = ecs;
  }

  /** Every container instance of the cluster, by its EC2 instance ID. */
  public Map<String, Observed> byEc2Instance(String cluster) {
    List<String> arns =
        AwsErrors.call(
            "ListContainerInstances",
            () ->
                ecs
                    .listContainerInstancesPaginator(r -> r.cluster(cluster))
                    .containerInstanceArns()
                    .stream()
                    .toList());
    Map<String, Observed> found = new TreeMap<>();
    for (int from = 0; from < arns.size(); from += DESCRIBE_PER_CALL) {
      List<String> chunk = arns.subList(from, Math.min(arns.size(), from + DESCRIBE_PER_CALL));
      for (ContainerInstance ci :
          AwsErrors.call(
                  "DescribeContainerInstances",
                  () ->
                      ecs.describeContainerInstances(
                          r -> r.cluster(cluster).containerInstances(chunk)))
              .containerInstances()) {
        found.put(
            ci.ec2InstanceId(),
            new Observed(
                ci.containerInstanceArn(),
                ci.ec2InstanceId(),
                ci.status(),
                orZero(ci.runningTasksCount()) + orZero(ci.pendingTasksCount())));
      }
    }
    return found;
  }

  /**
   * Sets the instances to DRAINING: ECS stops placing tasks on them and moves the tasks of its
   * services elsewhere (within each service's deployment bounds). Repeating it is harmless.
   */
  public void drain(String cluster, List<String> containerInstanceArns) {
    List<String> all = new ArrayList<>(containerInstanceArns);
    for (int from = 0; from < all.size(); from += UPDATE_PER_CALL) {
      List<String> chunk = all.subList(from, Math.min(all.size(), from + UPDATE_PER_CALL));
      AwsErrors.run(
          "UpdateContainerInstancesState",
          () ->
              ecs.updateContainerInstancesState(
                  r ->
                      r.cluster(cluster)
                          .containerInstances(chunk)
                          .status(ContainerInstanceStatus.DRAINING)));
    }
  }

  private static int orZero(Integer i) {
    return i == null ? 0 : i;
  }
}
