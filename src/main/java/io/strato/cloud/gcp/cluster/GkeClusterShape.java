package io.strato.cloud.gcp.cluster;

import com.google.container.v1.Cluster;
import com.google.container.v1.DailyMaintenanceWindow;
import com.google.container.v1.IPAllocationPolicy;
import com.google.container.v1.MaintenancePolicy;
import com.google.container.v1.MaintenanceWindow;
import com.google.container.v1.MasterAuthorizedNetworksConfig;
import com.google.container.v1.NodeConfig;
import com.google.container.v1.NodeManagement;
import com.google.container.v1.NodePool;
import com.google.container.v1.NodePoolAutoscaling;
import com.google.container.v1.NodeTaint;
import com.google.container.v1.PrivateClusterConfig;
import com.google.container.v1.ReleaseChannel;
import com.google.container.v1.WorkloadIdentityConfig;
import com.google.container.v1.WorkloadMetadataConfig;
import io.strato.cloud.cluster.ClusterContext;
import io.strato.cloud.cluster.ClusterSpecDto.ClusterNodeGroupDto;
import io.strato.cloud.cluster.ClusterSpecDto.GkeDto;
import io.strato.cloud.nodegroup.NodeGroupSpecDto.TaintDto;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a cluster's GKE objects should look like: pure functions from the spec to the GKE protos, so
 * the "compute desired" step is testable without GKE.
 */
public final class GkeClusterShape {

  /** Nodes need the cloud-platform scope; IAM, not scopes, then limits what they may do. */
  static final String CLOUD_PLATFORM = "https://www.googleapis.com/auth/cloud-platform";

  static final String PER_ZONE = "per-zone";
  static final String TOTAL = "total";

  private GkeClusterShape() {}

  /** The cluster to create, node pools included: GKE Standard creates them with it. */
  public static Cluster cluster(ClusterContext ctx, String project, String clusterName) {
    GkeDto gke = ctx.spec().gke();
    Cluster.Builder b =
        Cluster.newBuilder()
            .setName(clusterName)
            .setDescription("Strato cluster " + ctx.name())
            .putAllResourceLabels(GkeNames.labels(ctx, null))
            .setNetwork(gke.network() == null ? "default" : gke.network())
            // VPC-native: required for private clusters and GKE's default for new ones.
            .setIpAllocationPolicy(IPAllocationPolicy.newBuilder().setUseIpAliases(true));
    if (gke.subnetwork() != null) {
      b.setSubnetwork(gke.subnetwork());
    }
    // "No channel" is closed to new clusters (GKE's release-channel docs: only existing customers
    // may keep it, and it is removed in 2027), so a spec without a channel gets GKE's own default,
    // REGULAR, named explicitly. An exact version is still honoured: it is the initial version,
    // which GKE accepts inside a channel when the channel offers it.
    b.setReleaseChannel(ReleaseChannel.newBuilder().setChannel(channel(gke)));
    if (gke.releaseChannel() == null && ctx.spec().version() != null) {
      b.setInitialClusterVersion(ctx.spec().version());
    }
    var priv = gke.privateCluster();
    if (priv != null && Boolean.TRUE.equals(priv.privateNodes())) {
      PrivateClusterConfig.Builder p =
          PrivateClusterConfig.newBuilder()
              .setEnablePrivateNodes(true)
              .setEnablePrivateEndpoint(Boolean.TRUE.equals(priv.privateEndpoint()));
      if (priv.masterCidr() != null) {
        p.setMasterIpv4CidrBlock(priv.masterCidr());
      }
      b.setPrivateClusterConfig(p);
    }
    if (gke.masterAuthorizedNetworks() != null && !gke.masterAuthorizedNetworks().isEmpty()) {
      MasterAuthorizedNetworksConfig.Builder m =
          MasterAuthorizedNetworksConfig.newBuilder().setEnabled(true);
      for (String cidr : gke.masterAuthorizedNetworks()) {
        m.addCidrBlocks(
            MasterAuthorizedNetworksConfig.CidrBlock.newBuilder()
                .setCidrBlock(cidr)
                .setDisplayName("strato-" + cidr.replace('/', '-')));
      }
      b.setMasterAuthorizedNetworksConfig(m);
    }
    if (Boolean.TRUE.equals(gke.workloadIdentity())) {
      b.setWorkloadIdentityConfig(
          WorkloadIdentityConfig.newBuilder().setWorkloadPool(project + ".svc.id.goog"));
    }
    if (gke.maintenanceWindowStart() != null) {
      b.setMaintenancePolicy(
          MaintenancePolicy.newBuilder()
              .setWindow(
                  MaintenanceWindow.newBuilder()
                      .setDailyMaintenanceWindow(
                          DailyMaintenanceWindow.newBuilder()
                              .setStartTime(gke.maintenanceWindowStart()))));
    }
    for (ClusterNodeGroupDto ng :
        ctx.spec().nodeGroups() == null
            ? List.<ClusterNodeGroupDto>of()
            : ctx.spec().nodeGroups()) {
      b.addNodePools(nodePool(ctx, ng));
    }
    return b.build();
  }

  /** The channel the spec names, else REGULAR (GKE's default for new Standard clusters). */
  static ReleaseChannel.Channel channel(GkeDto gke) {
    return gke.releaseChannel() == null
        ? ReleaseChannel.Channel.REGULAR
        : ReleaseChannel.Channel.valueOf(gke.releaseChannel());
  }

  /** A node pool as created. */
  public static NodePool nodePool(ClusterContext ctx, ClusterNodeGroupDto ng) {
    NodePool.Builder b =
        NodePool.newBuilder()
            .setName(ng.name())
            .setConfig(nodeConfig(ctx, ng))
            .setInitialNodeCount(initialNodeCount(ng))
            .setManagement(management(ng));
    autoscaling(ng).ifPresent(b::setAutoscaling);
    if (ng.locations() != null && !ng.locations().isEmpty()) {
      b.addAllLocations(ng.locations());
    }
    return b.build();
  }

  static NodeConfig nodeConfig(ClusterContext ctx, ClusterNodeGroupDto ng) {
    NodeConfig.Builder c =
        NodeConfig.newBuilder()
            .setMachineType(ng.instanceType())
            .addOauthScopes(CLOUD_PLATFORM)
            .setSpot(Boolean.TRUE.equals(ng.spot()))
            .putAllResourceLabels(resourceLabels(ctx, ng));
    if (ng.diskSize() != null) {
      c.setDiskSizeGb(ng.diskSize());
    }
    if (ng.imageType() != null) {
      c.setImageType(ng.imageType());
    }
    if (ng.nodeLabels() != null) {
      c.putAllLabels(ng.nodeLabels());
    }
    c.addAllTaints(taints(ng));
    if (Boolean.TRUE.equals(ctx.spec().gke().workloadIdentity())) {
      c.setWorkloadMetadataConfig(
          WorkloadMetadataConfig.newBuilder().setMode(WorkloadMetadataConfig.Mode.GKE_METADATA));
    }
    return c.build();
  }

  /**
   * Labels on the pool's VMs: ownership, the cluster's and the pool's tags, and on fixed-size pools
   * the node count Strato set (GKE keeps {@code initialNodeCount} at its creation value, so this is
   * where the size Strato asked for is remembered without memory).
   */
  static Map<String, String> resourceLabels(ClusterContext ctx, ClusterNodeGroupDto ng) {
    Map<String, String> labels = GkeNames.labels(ctx, ng.tags());
    fixedSize(ng).ifPresent(n -> labels.put(GkeNames.NODE_COUNT_LABEL, Integer.toString(n)));
    return labels;
  }

  static List<NodeTaint> taints(ClusterNodeGroupDto ng) {
    if (ng.nodeTaints() == null) {
      return List.of();
    }
    return ng.nodeTaints().stream().map(GkeClusterShape::taint).toList();
  }

  private static NodeTaint taint(TaintDto t) {
    NodeTaint.Effect effect =
        switch (t.effect()) {
          case "NoSchedule" -> NodeTaint.Effect.NO_SCHEDULE;
          case "PreferNoSchedule" -> NodeTaint.Effect.PREFER_NO_SCHEDULE;
          case "NoExecute" -> NodeTaint.Effect.NO_EXECUTE;
          default -> throw new IllegalArgumentException("taint effect " + t.effect());
        };
    return NodeTaint.newBuilder()
        .setKey(t.key())
        .setValue(t.value() == null ? "" : t.value())
        .setEffect(effect)
        .build();
  }

  /** A pool autoscales when its bounds differ; minSize == maxSize means a fixed size. */
  static boolean autoscaled(ClusterNodeGroupDto ng) {
    return ng.minSize() < ng.maxSize();
  }

  static boolean totalScope(ClusterNodeGroupDto ng) {
    return TOTAL.equals(ng.sizeScope());
  }

  /** The autoscaling to set; for a fixed-size pool, autoscaling off. */
  static Optional<NodePoolAutoscaling> autoscaling(ClusterNodeGroupDto ng) {
    if (!autoscaled(ng)) {
      return Optional.of(NodePoolAutoscaling.newBuilder().setEnabled(false).build());
    }
    NodePoolAutoscaling.Builder a = NodePoolAutoscaling.newBuilder().setEnabled(true);
    if (totalScope(ng)) {
      a.setTotalMinNodeCount(ng.minSize())
          .setTotalMaxNodeCount(ng.maxSize())
          .setLocationPolicy(NodePoolAutoscaling.LocationPolicy.BALANCED);
    } else {
      a.setMinNodeCount(ng.minSize()).setMaxNodeCount(ng.maxSize());
    }
    return Optional.of(a.build());
  }

  /** The per-zone node count of a fixed-size pool; empty when the autoscaler owns the size. */
  static Optional<Integer> fixedSize(ClusterNodeGroupDto ng) {
    if (autoscaled(ng)) {
      return Optional.empty();
    }
    return Optional.of(ng.desiredCapacity() != null ? ng.desiredCapacity() : ng.maxSize());
  }

  /**
   * GKE counts {@code initialNodeCount} per zone. With total bounds the autoscaler spreads nodes,
   * so the pool starts with one node per zone and is then brought within the bounds.
   */
  static int initialNodeCount(ClusterNodeGroupDto ng) {
    if (!autoscaled(ng)) {
      return fixedSize(ng).orElseThrow();
    }
    if (totalScope(ng)) {
      return ng.minSize() == 0 ? 0 : 1;
    }
    return ng.desiredCapacity() != null ? ng.desiredCapacity() : ng.minSize();
  }

  static NodeManagement management(ClusterNodeGroupDto ng) {
    return NodeManagement.newBuilder()
        .setAutoRepair(!Boolean.FALSE.equals(ng.autoRepair()))
        .setAutoUpgrade(!Boolean.FALSE.equals(ng.autoUpgrade()))
        .build();
  }
}
