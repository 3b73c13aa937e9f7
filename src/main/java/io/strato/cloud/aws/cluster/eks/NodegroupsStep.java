package io.strato.cloud.aws.cluster.eks;

import static io.strato.cloud.cluster.ClusterProgress.NODE_GROUPS_READY;

import io.strato.cloud.CloudException;
import io.strato.cloud.Ownership;
import io.strato.cloud.aws.OwnershipGuard;
import io.strato.cloud.aws.eks.EksNodegroupConfig;
import io.strato.cloud.aws.eks.EksNodegroups;
import io.strato.cloud.aws.eks.NodegroupUpdate;
import io.strato.cloud.aws.eks.ObservedCluster;
import io.strato.cloud.aws.eks.ObservedNodegroup;
import io.strato.cloud.cluster.ClusterOutputs.NodeGroupOutput;
import io.strato.cloud.cluster.ClusterProgress.ClusterEvent;
import io.strato.cloud.cluster.EksAmiTypes;
import io.strato.reconcile.Condition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Brings a cluster's managed node groups one step closer to the spec: creates the missing ones,
 * updates what EKS changes in place, deletes Strato's node groups that left the spec, and reports
 * what needs a replacement instead. Each call issues the calls and returns; EKS does the rest.
 */
final class NodegroupsStep {

  private static final Logger LOG = Logger.getLogger(NodegroupsStep.class);

  record Result(Condition condition, List<NodeGroupOutput> outputs, List<ClusterEvent> events) {}

  private final EksNodegroups nodegroups;

  NodegroupsStep(EksNodegroups nodegroups) {
    this.nodegroups = nodegroups;
  }

  /** While the control plane cannot take node groups: nothing observed, nothing done. */
  static Result waitingForControlPlane() {
    return new Result(
        Condition.of(
            NODE_GROUPS_READY,
            false,
            "WaitingForControlPlane",
            "Node groups are made once the control plane is ACTIVE"),
        List.of(),
        List.of());
  }

  /**
   * @param mayChange false while a control-plane update runs: observe and report only
   */
  Result reconcile(
      ObservedCluster controlPlane,
      Ownership owner,
      List<DesiredNodegroup> desired,
      NodegroupSnapshot snapshot,
      boolean mayChange) {
    String cluster = controlPlane.name();
    Map<String, ObservedNodegroup> observed = new LinkedHashMap<>(snapshot.all());
    NodegroupProgress progress = new NodegroupProgress();
    List<NodeGroupOutput> outputs = new ArrayList<>();
    List<ClusterEvent> events = new ArrayList<>();
    for (DesiredNodegroup want : desired) {
      ObservedNodegroup have = observed.remove(want.name());
      if (have == null) {
        if (!mayChange) {
          progress.waiting.add(want.specName());
          continue;
        }
        have =
            nodegroups.create(
                cluster, withVersionToken(want, controlPlane), controlPlane.version());
        LOG.infof("EKS node group %s/%s: created", cluster, want.name());
        events.add(
            ClusterEvent.normal("NodeGroupCreated", "Creating node group " + want.specName()));
        progress.note(want.specName(), have.status(), "");
      } else {
        requireOwned(owner, have);
        ensureExisting(controlPlane, want, have, mayChange, progress, events);
      }
      outputs.add(output(want.specName(), have));
    }
    for (ObservedNodegroup leftover : observed.values()) {
      if (!owner.owns(leftover.tags())) {
        continue;
      }
      if ("DELETING".equals(leftover.status())) {
        progress.deleting.add(leftover.name());
      } else if (mayChange) {
        nodegroups.delete(cluster, leftover.name());
        LOG.infof(
            "EKS node group %s/%s: deleting, no longer in the spec", cluster, leftover.name());
        events.add(
            ClusterEvent.normal("NodeGroupDeleted", "Deleting node group " + leftover.name()));
        progress.deleting.add(leftover.name());
      } else {
        progress.waiting.add(leftover.name());
      }
    }
    return new Result(progress.condition(desired.size()), outputs, events);
  }

  private void ensureExisting(
      ObservedCluster controlPlane,
      DesiredNodegroup want,
      ObservedNodegroup have,
      boolean mayChange,
      NodegroupProgress progress,
      List<ClusterEvent> events) {
    List<String> replace = NodegroupDiff.replacementFields(want.config(), have);
    if (!replace.isEmpty()) {
      progress.replacement.add(want.specName() + " (" + String.join(", ", replace) + ")");
    }
    String cluster = controlPlane.name();
    if (have.active() && NodegroupSnapshot.isOlder(have.version(), controlPlane.version())) {
      // EKS runs one update per node group at a time: the version first, other changes after.
      if (!mayChange) {
        progress.waiting.add(want.specName());
        return;
      }
      upgrade(cluster, want, controlPlane.version(), progress, events);
      return;
    }
    NodegroupUpdate update = NodegroupDiff.update(want, have);
    if (update.isEmpty() || !have.active()) {
      // EKS refuses updates of a node group that is not ACTIVE; the next reconcile sends them.
      progress.note(want.specName(), have.status(), have.health());
      return;
    }
    if (!mayChange) {
      progress.waiting.add(want.specName());
      return;
    }
    try {
      nodegroups.update(cluster, want.name(), update);
      String parts = String.join(", ", update.parts());
      LOG.infof("EKS node group %s/%s: updating %s", cluster, want.name(), parts);
      events.add(
          ClusterEvent.normal(
              "NodeGroupUpdated", "Updating node group " + want.specName() + ": " + parts));
      progress.updating.add(want.specName());
    } catch (CloudException.Conflict busy) {
      // ResourceInUseException: another update of this node group still runs.
      progress.updating.add(want.specName());
    }
  }

  private void upgrade(
      String cluster,
      DesiredNodegroup want,
      String version,
      NodegroupProgress progress,
      List<ClusterEvent> events) {
    try {
      nodegroups.updateVersion(cluster, want.name(), version);
      LOG.infof("EKS node group %s/%s: upgrading to %s", cluster, want.name(), version);
      events.add(
          ClusterEvent.normal(
              "NodeGroupUpdated",
              "Upgrading node group " + want.specName() + " to Kubernetes " + version));
    } catch (CloudException.Conflict busy) {
      // ResourceInUseException: another update of this node group still runs.
    }
    progress.upgrading.add(want.specName());
  }

  /**
   * The create's token also covers the version it asks for, so another version is a new request. A
   * spec without an AMI type is created with AL2023 (see {@link EksAmiTypes}); the default is not
   * part of the desired config, so an existing group EKS created with another default is not
   * replaced for it.
   */
  private static EksNodegroupConfig withVersionToken(DesiredNodegroup want, ObservedCluster plane) {
    EksNodegroupConfig c = want.config();
    return new EksNodegroupConfig(
        c.name(),
        c.nodeRole(),
        c.subnetIds(),
        c.scaling(),
        c.instanceTypes(),
        c.capacityType(),
        EksAmiTypes.forCreate(c.amiType(), c.instanceTypes()),
        c.diskSize(),
        c.labels(),
        c.taints(),
        c.updateConfig(),
        c.tags(),
        EksNames.token(c.clientRequestToken(), String.valueOf(plane.version())));
  }

  private static void requireOwned(Ownership owner, ObservedNodegroup ng) {
    OwnershipGuard.requireOwned(
        owner, "DescribeNodegroup", "EKS node group " + ng.name(), ng.tags());
  }

  private static NodeGroupOutput output(String specName, ObservedNodegroup ng) {
    return new NodeGroupOutput(
        specName,
        ng.name(),
        ng.status(),
        ng.scaling().minSize(),
        ng.scaling().maxSize(),
        ng.scaling().desiredSize(),
        null);
  }
}
