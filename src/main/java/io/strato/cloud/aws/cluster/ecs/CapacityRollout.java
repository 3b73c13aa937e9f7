package io.strato.cloud.aws.cluster.ecs;

import io.strato.cloud.aws.ecs.ContainerInstances;
import io.strato.cloud.cluster.GroupRollouts;
import io.strato.cloud.nodegroup.NodeGroupBatch;
import io.strato.cloud.nodegroup.NodeGroupSpec;
import io.strato.cloud.nodegroup.RolloutStep;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Rolls ECS capacity like any node group, with one more condition before an instance goes: its
 * container instance is set to DRAINING, and it is terminated only once ECS has moved its tasks
 * away (none running or pending). An instance whose agent never registered has nothing to drain.
 * The container instances are read only when some group has an instance to terminate.
 */
final class CapacityRollout {

  private final ContainerInstances containerInstances;

  CapacityRollout(ContainerInstances containerInstances) {
    this.containerInstances = containerInstances;
  }

  Map<String, RolloutStep> roll(NodeGroupBatch batch, List<NodeGroupSpec> specs, String cluster) {
    // Read once per reconcile, and only when some group has an instance to terminate.
    AtomicReference<Map<String, ContainerInstances.Observed>> read = new AtomicReference<>();
    return GroupRollouts.roll(
        batch,
        specs,
        (group, step) -> {
          RolloutStep ready = step;
          if (step instanceof RolloutStep.Terminate t) {
            if (read.get() == null) {
              read.set(containerInstances.byEc2Instance(cluster));
            }
            ready = drainFirst(cluster, t, read.get());
          }
          batch.take(group, ready);
          return ready;
        });
  }

  private RolloutStep drainFirst(
      String cluster, RolloutStep.Terminate step, Map<String, ContainerInstances.Observed> byEc2) {
    List<RolloutStep.Termination> drained = new ArrayList<>();
    List<String> toDrain = new ArrayList<>();
    List<String> busy = new ArrayList<>();
    for (RolloutStep.Termination t : step.instances()) {
      ContainerInstances.Observed ci = byEc2.get(t.instanceId());
      if (ci == null || (ci.draining() && ci.tasks() == 0)) {
        drained.add(t);
      } else if (!ci.draining()) {
        toDrain.add(ci.arn());
        busy.add(t.instanceId() + " (draining " + ci.tasks() + " tasks)");
      } else {
        busy.add(t.instanceId() + " (" + ci.tasks() + " tasks still to move)");
      }
    }
    if (!toDrain.isEmpty()) {
      containerInstances.drain(cluster, toDrain);
    }
    if (!drained.isEmpty()) {
      return new RolloutStep.Terminate(step.progress(), drained);
    }
    return new RolloutStep.Wait(step.progress(), "waiting for ECS to move tasks off " + busy);
  }
}
