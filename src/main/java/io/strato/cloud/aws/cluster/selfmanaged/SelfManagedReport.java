package io.strato.cloud.aws.cluster.selfmanaged;

import io.strato.cloud.ChangeOutcome;
import io.strato.cloud.Deletion;
import io.strato.cloud.Ensured;
import io.strato.cloud.aws.ec2.ClusterNetworkTags;
import io.strato.cloud.cluster.ClusterContext;
import io.strato.cloud.cluster.ClusterOutputs;
import io.strato.cloud.cluster.ClusterOutputs.NodeGroupOutput;
import io.strato.cloud.cluster.ClusterOutputs.SelfManagedOutputs;
import io.strato.cloud.cluster.ClusterProgress;
import io.strato.cloud.cluster.ClusterProgress.ClusterEvent;
import io.strato.cloud.cluster.ClusterSpecDto.ClusterNodeGroupDto;
import io.strato.cloud.cluster.NodeBootstrap;
import io.strato.cloud.cluster.RolloutConditions;
import io.strato.cloud.loadbalancer.LoadBalancerStatus;
import io.strato.cloud.nodegroup.NodeGroupStatus;
import io.strato.cloud.nodegroup.RolloutStep;
import io.strato.reconcile.Condition;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * What one reconcile of a self-managed cluster found and did, turned into conditions, outputs and
 * events as the steps report in. Knows nothing about the cloud calls.
 */
final class SelfManagedReport {

  private final ClusterContext cluster;
  private final ControlPlaneSettings settings;
  private final List<ClusterEvent> events = new ArrayList<>();
  private final List<String> controlPlaneGroups = new ArrayList<>();
  private final List<String> zones = new ArrayList<>();
  private final List<NodeGroupOutput> workers = new ArrayList<>();
  private Condition network;
  private Condition loadBalancer;
  private Condition image;
  private LoadBalancerStatus api;
  private List<String> attachedGroups = List.of();
  private int running;
  private int desiredMembers;
  private boolean controlPlaneSettled = true;
  private int workersNotReady;
  private int removing;
  private ApiTargetHealth.Health apiHealth;
  private Map<String, RolloutStep> rollouts = Map.of();
  private EtcdBackups.State backup;

  SelfManagedReport(ClusterContext cluster, ControlPlaneSettings settings) {
    this.cluster = cluster;
    this.settings = settings;
  }

  static ClusterProgress insufficientZones(ClusterContext cluster, ControlPlaneSettings settings) {
    String message =
        "a self-managed control plane needs subnets in "
            + ControlPlaneLayout.ZONES
            + " zones; the cluster has "
            + cluster.zones();
    return new ClusterProgress(
        List.of(
            Condition.of(ClusterProgress.NETWORK_READY, false, "InsufficientZones", message),
            Condition.of(ClusterProgress.LOAD_BALANCER_READY, false, "InsufficientZones", message),
            Condition.of(ClusterProgress.CONTROL_PLANE_READY, false, "InsufficientZones", message),
            Condition.of(ClusterProgress.NODE_GROUPS_READY, false, "InsufficientZones", message)),
        outputs(settings, null, null, List.of(), List.of()),
        List.of(ClusterEvent.warning("InsufficientZones", message)));
  }

  void network(ClusterNetworkTags.Tagged tagged) {
    String message =
        tagged.subnetIds().size()
            + " subnets and "
            + tagged.routeTableIds().size()
            + " route tables tagged "
            + ClusterNetworkTags.clusterTag(cluster.name());
    network = Condition.of(ClusterProgress.NETWORK_READY, true, "Tagged", message);
    if (tagged.changed()) {
      events.add(ClusterEvent.normal("NetworkTagged", message));
    }
  }

  /**
   * @param attached the control-plane groups the load balancer was attached to in this call
   */
  void loadBalancer(Ensured<LoadBalancerStatus> lb, List<String> attached) {
    api = lb.status();
    attachedGroups = List.copyOf(attached);
    event(lb.outcome(), "API load balancer " + api.name());
    loadBalancer =
        lb.settled()
            ? Condition.of(
                ClusterProgress.LOAD_BALANCER_READY,
                true,
                "Active",
                "API load balancer " + api.dnsName() + " is active")
            : Condition.of(
                ClusterProgress.LOAD_BALANCER_READY,
                false,
                "Provisioning",
                "API load balancer " + api.name() + " is " + api.state());
  }

  ClusterProgress waitingForEndpoint() {
    return new ClusterProgress(
        List.of(
            network,
            Condition.of(
                ClusterProgress.LOAD_BALANCER_READY,
                false,
                "WaitingForDnsName",
                "the API load balancer has no DNS name yet"),
            Condition.of(
                ClusterProgress.CONTROL_PLANE_READY,
                false,
                "WaitingForEndpoint",
                "the control plane is rendered once the API endpoint is known"),
            Condition.of(
                ClusterProgress.NODE_GROUPS_READY,
                false,
                "WaitingForEndpoint",
                "node groups are rendered once the API endpoint is known")),
        outputs(settings, api, null, List.of(), List.of()),
        events);
  }

  /**
   * An internet-facing API load balancer asked for, and some control-plane zone has no public
   * subnet.
   */
  ClusterProgress noPublicSubnets(String vpcId, List<String> zonesWithout) {
    String message =
        "an internet-facing API load balancer needs a public subnet (its route table sends"
            + " 0.0.0.0/0 to an internet gateway) in every control-plane zone; "
            + vpcId
            + " has none in "
            + zonesWithout
            + ". Add one per zone (tagged "
            + PublicSubnets.PUBLIC_ROLE_TAG
            + "=1 to choose among several), or use an internal API load balancer";
    events.add(ClusterEvent.warning("NoPublicSubnets", message));
    return new ClusterProgress(
        List.of(
            network,
            Condition.of(ClusterProgress.LOAD_BALANCER_READY, false, "NoPublicSubnets", message),
            Condition.of(
                ClusterProgress.CONTROL_PLANE_READY,
                false,
                "WaitingForEndpoint",
                "the control plane is rendered once the API endpoint is known"),
            Condition.of(
                ClusterProgress.NODE_GROUPS_READY,
                false,
                "WaitingForEndpoint",
                "node groups are rendered once the API endpoint is known")),
        outputs(settings, null, null, List.of(), List.of()),
        events);
  }

  void controlPlane(ControlPlaneLayout.Group group, Ensured<NodeGroupStatus> ensured) {
    NodeGroupStatus status = ensured.status();
    controlPlaneGroups.add(group.name());
    if (!zones.contains(group.zone())) {
      zones.add(group.zone());
    }
    running += Math.min(status.instanceIds().size(), group.size());
    desiredMembers += group.size();
    controlPlaneSettled &= ensured.settled();
    event(
        ensured.outcome(),
        "control-plane group "
            + group.name()
            + " ("
            + group.zone()
            + ", "
            + group.size()
            + (group.size() == 1 ? " member" : " members")
            + ", launch template version "
            + status.launchTemplateVersion()
            + ")");
  }

  void worker(ClusterNodeGroupDto group, Ensured<NodeGroupStatus> ensured) {
    NodeGroupStatus s = ensured.status();
    workers.add(
        new NodeGroupOutput(
            group.name(),
            s.name(),
            ensured.settled() ? "InService" : "Scaling",
            s.minSize(),
            s.maxSize(),
            s.desiredCapacity(),
            s.instanceIds().size()));
    workersNotReady += ensured.settled() ? 0 : 1;
    event(
        ensured.outcome(),
        "node group "
            + group.name()
            + " ("
            + s.name()
            + ", launch template version "
            + s.launchTemplateVersion()
            + ")");
  }

  /** What the API load balancer says of the members, once they are all in service. */
  void apiHealth(ApiTargetHealth.Health health) {
    apiHealth = health;
  }

  void removed(Map<String, Deletion> removed) {
    removed.forEach(
        (name, deletion) -> {
          if (deletion == Deletion.IN_PROGRESS) {
            removing++;
            events.add(
                ClusterEvent.normal(
                    "Deleting", "node group " + name + " is no longer in the spec; deleting it"));
          }
        });
  }

  /** The snapshot bucket and the newest snapshot in it. */
  void backup(EtcdBackups.State state) {
    backup = state;
    event(state.bucketOutcome(), "etcd snapshot bucket " + state.bucket());
  }

  /** The rollout step of each group, by a name a person knows it by. */
  void rollouts(Map<String, RolloutStep> steps) {
    rollouts = steps;
    events.addAll(RolloutConditions.events(steps));
  }

  /** What the images' names and tags say about the bootstrap choice (see {@link ImageChoice}). */
  void images(NodeBootstrap bootstrap, List<String> doubts) {
    image =
        doubts.isEmpty()
            ? Condition.of(
                ClusterProgress.IMAGE_MATCHES_BOOTSTRAP,
                true,
                "ImagesFit",
                "the images fit selfManaged.bootstrap: " + bootstrap.value())
            : Condition.of(
                ClusterProgress.IMAGE_MATCHES_BOOTSTRAP,
                false,
                "ImageDoubtful",
                String.join("; ", doubts));
  }

  ClusterProgress progress() {
    // Ready only once every control-plane group was attached: on the first pass the groups are
    // created after the load balancer, and the next reconcile attaches them.
    boolean allAttached = new HashSet<>(attachedGroups).containsAll(controlPlaneGroups);
    Condition lb =
        loadBalancer.isTrue() && !allAttached
            ? Condition.of(
                ClusterProgress.LOAD_BALANCER_READY,
                false,
                "AttachingControlPlane",
                "attaching the API target group to the control-plane groups")
            : loadBalancer;
    Condition controlPlane = controlPlane();
    Condition nodes;
    if (workersNotReady > 0 || removing > 0) {
      nodes =
          Condition.of(
              ClusterProgress.NODE_GROUPS_READY,
              false,
              removing > 0 ? "Removing" : "ScalingUp",
              workersNotReady
                  + " node groups below their desired capacity, "
                  + removing
                  + " being removed");
    } else {
      nodes =
          Condition.of(
              ClusterProgress.NODE_GROUPS_READY,
              true,
              workers.isEmpty() ? "NoNodeGroups" : "InService",
              workers.size() + " node groups in service");
    }
    List<Condition> conditions = new ArrayList<>(List.of(network, lb, controlPlane, nodes));
    conditions.addAll(RolloutConditions.of(rollouts));
    if (image != null) {
      conditions.add(image);
    }
    ClusterOutputs outputs = outputs(settings, api, controlPlaneGroups, zones, workers);
    if (backup == null) {
      return new ClusterProgress(conditions, outputs, events);
    }
    conditions.add(EtcdBackupReport.condition(backup));
    // A ready cluster is looked at again once per backup interval, so BackupCurrent stays true
    // to the bucket (one listing per interval; see EtcdBackups).
    return new ClusterProgress(
        conditions,
        EtcdBackupReport.withOutputs(outputs, backup),
        events,
        backup.settings().interval());
  }

  /**
   * Ready when every member answers on 6443 through the API load balancer (its target is healthy):
   * an instance in service may still be installing, or may have an API server that never started.
   */
  private Condition controlPlane() {
    if (!controlPlaneSettled) {
      return Condition.of(
          ClusterProgress.CONTROL_PLANE_READY,
          false,
          "ScalingUp",
          running
              + " of "
              + desiredMembers
              + " control-plane instances running, not all in service yet");
    }
    if (apiHealth == null) {
      return Condition.of(
          ClusterProgress.CONTROL_PLANE_READY,
          false,
          "WaitingForApiLoadBalancer",
          desiredMembers
              + " control-plane members in service; waiting for them to be targets of the API"
              + " load balancer");
    }
    String through = " on " + BootstrapUserData.API_PORT + " through the API load balancer";
    if (apiHealth.problems().isEmpty() && apiHealth.healthy() >= desiredMembers) {
      return Condition.of(
          ClusterProgress.CONTROL_PLANE_READY,
          true,
          "ApiAnswering",
          apiHealth.healthy() + " control-plane members answer" + through + " over zones " + zones);
    }
    return Condition.of(
        ClusterProgress.CONTROL_PLANE_READY,
        false,
        apiHealth.healthy() == 0 ? "ApiNotAnswering" : "MembersNotAnswering",
        apiHealth.healthy()
            + " of "
            + desiredMembers
            + " control-plane members answer"
            + through
            + "; not healthy: "
            + apiHealth.problems());
  }

  private void event(ChangeOutcome outcome, String what) {
    switch (outcome) {
      case CREATED -> events.add(ClusterEvent.normal("Created", what + " created"));
      case UPDATED -> events.add(ClusterEvent.normal("Updated", what + " updated"));
      case UNCHANGED -> {}
    }
  }

  private static ClusterOutputs outputs(
      ControlPlaneSettings settings,
      LoadBalancerStatus api,
      List<String> groups,
      List<String> zones,
      List<NodeGroupOutput> workers) {
    String endpoint =
        api == null || api.dnsName() == null
            ? null
            : "https://" + api.dnsName() + ":" + BootstrapUserData.API_PORT;
    SelfManagedOutputs selfManaged =
        new SelfManagedOutputs(
            groups == null || groups.isEmpty() ? null : List.copyOf(groups),
            zones.isEmpty() ? null : List.copyOf(zones),
            api == null ? null : api.arn(),
            api == null ? null : api.dnsName());
    return new ClusterOutputs(
        SelfManagedClusterDriver.TYPE,
        null,
        null,
        settings.version(),
        endpoint,
        null,
        selfManaged,
        null,
        workers);
  }
}
