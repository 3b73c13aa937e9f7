package io.strato.cloud.aws.cluster.eks;

import io.strato.cloud.Deletion;
import io.strato.cloud.aws.AwsClients;
import io.strato.cloud.aws.eks.EksAccessEntries;
import io.strato.cloud.aws.eks.EksClusterConfig;
import io.strato.cloud.aws.eks.EksClusters;
import io.strato.cloud.aws.eks.EksNodegroups;
import io.strato.cloud.aws.eks.ObservedCluster;
import io.strato.cloud.cluster.ClusterContext;
import io.strato.cloud.cluster.ClusterDriver;
import io.strato.cloud.cluster.ClusterOutputs;
import io.strato.cloud.cluster.ClusterProgress;
import io.strato.cloud.cluster.ClusterProgress.ClusterEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * EKS clusters: a managed control plane and managed node groups. Each reconcile is observe →
 * desired → one step → report: the control plane first, the node groups once it is ACTIVE. The
 * cluster and its node groups are found by deterministic name and claimed by the owner tag, so a
 * restart halfway makes no twins.
 */
public final class EksClusterDriver implements ClusterDriver {

  private final EksNodegroups groups;
  private final ControlPlaneStep controlPlane;
  private final NodegroupsStep nodegroups;
  private final AccessEntriesStep access;
  private final EksTeardown teardown;

  public EksClusterDriver(AwsClients clients) {
    EksClusters clusters = new EksClusters(clients.eks());
    this.groups = new EksNodegroups(clients.eks());
    this.controlPlane = new ControlPlaneStep(clusters);
    this.nodegroups = new NodegroupsStep(groups);
    this.access = new AccessEntriesStep(clusters, new EksAccessEntries(clients.eks()));
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

    NodegroupSnapshot snapshot = new NodegroupSnapshot(groups, desired.name());
    ControlPlaneStep.Result plane =
        controlPlane.reconcile(
            cluster.owner(), desired, version -> snapshot.behind(cluster.owner(), version));
    NodegroupsStep.Result workers =
        switch (plane.nodegroups()) {
          case CHANGE ->
              nodegroups.reconcile(plane.cluster(), cluster.owner(), desiredGroups, snapshot, true);
          case OBSERVE ->
              nodegroups.reconcile(
                  plane.cluster(), cluster.owner(), desiredGroups, snapshot, false);
          case NONE -> NodegroupsStep.waitingForControlPlane();
        };

    List<ClusterEvent> events = new ArrayList<>(plane.events());
    events.addAll(access.reconcile(plane.cluster(), cluster.owner(), principals(cluster)));
    events.addAll(workers.events());
    return new ClusterProgress(
        List.of(plane.condition(), workers.condition()), outputs(plane.cluster(), workers), events);
  }

  @Override
  public Deletion delete(ClusterContext cluster) {
    return teardown.delete(cluster.owner(), EksNames.cluster(cluster.name(), cluster.uid()));
  }

  private static List<String> principals(ClusterContext cluster) {
    var eks = cluster.spec().eks();
    return eks == null || eks.adminPrincipals() == null ? List.of() : eks.adminPrincipals();
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
        groups.outputs(),
        c.oidcIssuer());
  }
}
