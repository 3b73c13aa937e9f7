package io.strato.cloud.aws.cluster.ecs;

import static org.assertj.core.api.Assertions.assertThat;

import io.strato.cloud.aws.AwsClients;
import io.strato.cloud.aws.asg.AwsNodeGroups;
import io.strato.cloud.cluster.ClusterContext;
import io.strato.cloud.cluster.ClusterNodeGroups;
import io.strato.cloud.cluster.ClusterProgress;
import io.strato.cloud.cluster.ClusterSpecDto.ClusterNodeGroupDto;
import io.strato.cloud.cluster.RolloutConditions;
import io.strato.testsupport.CalledActions;
import io.strato.testsupport.EcsScheduler;
import io.strato.testsupport.MotoServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.TerminateInstanceInAutoScalingGroupRequest;
import software.amazon.awssdk.services.ecs.model.ContainerInstance;

/**
 * A launch template change of ECS capacity on moto: each old instance is drained through ECS
 * (DRAINING, tasks moved) before Auto Scaling terminates it. moto runs no ECS agent, so the test
 * registers each new instance as a container instance, as the agent would at boot.
 */
class EcsCapacityRolloutTest {

  private AwsClients clients;
  private AwsClients ecsItself;
  private EcsClusterFixture aws;
  private final Map<String, String> stateAtTermination = new TreeMap<>();

  @BeforeEach
  void freshAccount() {
    MotoServer moto = MotoServer.shared();
    moto.reset();
    ecsItself = moto.clients();
    clients = moto.clients(List.of(new TerminationWatch()));
    aws = new EcsClusterFixture(clients);
  }

  @AfterEach
  void close() {
    clients.close();
    ecsItself.close();
  }

  @Test
  void everyOldInstanceIsDrainedBeforeItIsReplaced() {
    EcsClusterDriver driver = new EcsClusterDriver(clients, new AwsNodeGroups(clients));
    ClusterContext before = aws.context(aws.spec(List.of(aws.nodeGroup("general", 3)), List.of()));
    untilReady(driver, before);
    String group = ClusterNodeGroups.cloudName(before, "general");
    Set<String> oldInstances = instances(group);
    assertThat(oldInstances).hasSize(3);

    ClusterContext after =
        aws.context(aws.spec(List.of(bigger(aws.nodeGroup("general", 3))), List.of()));
    List<ClusterProgress> steps = untilReady(driver, after);

    Set<String> now = instances(group);
    assertThat(now).hasSize(3).doesNotContainAnyElementsOf(oldInstances);
    // Every old instance was terminated only once ECS showed it DRAINING with no task left.
    assertThat(stateAtTermination).containsOnlyKeys(oldInstances);
    assertThat(stateAtTermination.values()).containsOnly("DRAINING");
    AutoScalingGroup g = groupOf(group);
    assertThat(g.desiredCapacity()).isEqualTo(3);
    assertThat(g.tags().stream().map(t -> t.key())).doesNotContain("strato.io/rollout-base");
    assertThat(steps.stream().flatMap(p -> p.events().stream()).map(e -> e.reason()))
        .contains("RolloutStarted", "ReplacingInstances", "RolloutFinished");
    assertThat(
            steps.get(0).conditions().stream()
                .filter(c -> c.type().equals(RolloutConditions.UP_TO_DATE))
                .findFirst()
                .orElseThrow()
                .reason())
        .isEqualTo("RollingOut");
  }

  private List<ClusterProgress> untilReady(EcsClusterDriver driver, ClusterContext cluster) {
    List<ClusterProgress> all = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      ClusterProgress p = driver.reconcile(cluster);
      all.add(p);
      if (p.ready()) {
        return all;
      }
      // What ECS and its agents would do between polls: start tasks, register new instances.
      EcsScheduler.placeTasks(ecsItself.ecs());
      registerAgents(EcsNames.cluster(cluster));
    }
    throw new AssertionError("not ready after 30 reconciles: " + all.get(all.size() - 1));
  }

  private void registerAgents(String cluster) {
    Set<String> registered = new TreeSet<>();
    containerInstances(cluster).forEach(ci -> registered.add(ci.ec2InstanceId()));
    for (AutoScalingGroup g :
        ecsItself.autoScaling().describeAutoScalingGroups().autoScalingGroups()) {
      g.instances().stream()
          .map(i -> i.instanceId())
          .filter(id -> !registered.contains(id))
          .forEach(
              id ->
                  ecsItself
                      .ecs()
                      .registerContainerInstance(
                          r ->
                              r.cluster(cluster)
                                  .instanceIdentityDocument("{\"instanceId\": \"" + id + "\"}")));
    }
  }

  private List<ContainerInstance> containerInstances(String cluster) {
    List<String> arns =
        ecsItself.ecs().listContainerInstances(r -> r.cluster(cluster)).containerInstanceArns();
    return arns.isEmpty()
        ? List.of()
        : ecsItself
            .ecs()
            .describeContainerInstances(r -> r.cluster(cluster).containerInstances(arns))
            .containerInstances();
  }

  private Set<String> instances(String group) {
    Set<String> ids = new TreeSet<>();
    groupOf(group).instances().forEach(i -> ids.add(i.instanceId()));
    return ids;
  }

  private AutoScalingGroup groupOf(String name) {
    return ecsItself
        .autoScaling()
        .describeAutoScalingGroups(r -> r.autoScalingGroupNames(name))
        .autoScalingGroups()
        .get(0);
  }

  private static ClusterNodeGroupDto bigger(ClusterNodeGroupDto ng) {
    return new ClusterNodeGroupDto(
        ng.name(),
        ng.imageId(),
        "m5.xlarge",
        ng.instanceTypes(),
        ng.capacityType(),
        ng.amiType(),
        ng.diskSize(),
        ng.nodeRole(),
        ng.instanceProfile(),
        ng.keyName(),
        ng.securityGroups(),
        ng.userData(),
        ng.subnetIds(),
        ng.minSize(),
        ng.maxSize(),
        ng.desiredCapacity(),
        ng.scaling(),
        ng.nodeLabels(),
        ng.nodeTaints(),
        ng.updateConfig(),
        ng.tags());
  }

  /** Before each termination the driver asks for, what ECS says of that instance. */
  private final class TerminationWatch implements ExecutionInterceptor {
    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
      SdkRequest request = context.request();
      if (request instanceof TerminateInstanceInAutoScalingGroupRequest t) {
        // The test's look, though it runs inside Strato's call: not an action Strato needs.
        CalledActions.asTheTest(() -> recordStateOf(t.instanceId()));
      }
    }

    private void recordStateOf(String instanceId) {
      for (String cluster : ecsItself.ecs().listClusters().clusterArns()) {
        for (ContainerInstance ci : containerInstances(cluster)) {
          if (ci.ec2InstanceId().equals(instanceId)) {
            int tasks = ci.runningTasksCount() + ci.pendingTasksCount();
            stateAtTermination.put(instanceId, tasks == 0 ? ci.status() : "BUSY");
          }
        }
      }
    }
  }
}
