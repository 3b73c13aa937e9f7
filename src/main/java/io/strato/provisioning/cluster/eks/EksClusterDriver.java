package io.strato.provisioning.cluster.eks;

import io.strato.cloud.Deletion;
import io.strato.cloud.aws.AwsClients;
import io.strato.cloud.aws.eks.EksClusterConfig;
import io.strato.cloud.aws.eks.EksClusters;
import io.strato.cloud.aws.eks.EksNodegroups;
import io.strato.cloud.aws.eks.ObservedCluster;
import io.strato.provisioning.cluster.ClusterContext;
import io.strato.provisioning.cluster.ClusterDriver;
import io.strato.provisioning.cluster.ClusterOutputs;
import io.strato.provisioning.cluster.ClusterProgress;
import io.strato.provisioning.cluster.ClusterProgress.ClusterEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * EKS clusters: a managed control plane and managed node groups. Each reconcile is observe →
 * desired → one step → report: the control plane first, the node groups once it is ACTIVE. The
 * cluster and its node groups are found by deterministic name and claimed by the owner tag, so a
 * restart halfway makes no twins.
 */
public final class EksClusterDriver implements ClusterDriver {

  private final ControlPlaneStep controlPlane;
  private final NodegroupsStep nodegroups;
  private final EksTeardown teardown;

  public EksClusterDriver(AwsClients clients) {
    EksClusters clusters = new EksClusters(clients.eks());
    EksNodegroups groups = new EksNodegroups(clients.eks());
    this.controlPlane = new ControlPlaneStep(clusters);
    this.nodegroups = new NodegroupsStep(groups);
    this.teardown = new EksTeardown(clusters, groups);
  }

  @Override
  public String type() {
    return "eks";
  }

  @Override
  public ClusterProgress reconcile(ClusterContext cluster) {
    // Both computed first, so that a spec EKS would refuse fails before anything is created.
    EksClusterConfig desired = EksDesired.cluster(cluster);
    List<DesiredNodegroup> desiredGroups = EksDesired.nodegroups(cluster);

    ControlPlaneStep.Result plane = controlPlane.reconcile(cluster.owner(), desired);
    NodegroupsStep.Result groups =
        switch (plane.nodegroups()) {
          case CHANGE -> nodegroups.reconcile(desired.name(), cluster.owner(), desiredGroups, true);
          case OBSERVE ->
              nodegroups.reconcile(desired.name(), cluster.owner(), desiredGroups, false);
          case NONE -> NodegroupsStep.waitingForControlPlane();
        };

    List<ClusterEvent> events = new ArrayList<>(plane.events());
    events.addAll(groups.events());
    return new ClusterProgress(
        List.of(plane.condition(), groups.condition()), outputs(plane.cluster(), groups), events);
  }

  @Override
  public Deletion delete(ClusterContext cluster) {
    return teardown.delete(cluster.owner(), EksNames.cluster(cluster.name(), cluster.uid()));
  }

  private static ClusterOutputs outputs(ObservedCluster c, NodegroupsStep.Result groups) {
    return new ClusterOutputs(
        "eks",
        c.arn(),
        c.status(),
        c.version(),
        c.endpoint(),
        c.certificateAuthorityData(),
        null,
        null,
        groups.outputs());
  }
}
