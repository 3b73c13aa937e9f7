package io.strato.cloud.gcp.cluster;

import com.google.container.v1.Cluster;
import com.google.container.v1.ClusterUpdate;
import com.google.container.v1.MasterAuthorizedNetworksConfig;
import com.google.container.v1.NodeConfig;
import com.google.container.v1.NodeLabels;
import com.google.container.v1.NodeManagement;
import com.google.container.v1.NodePool;
import com.google.container.v1.NodePoolAutoscaling;
import com.google.container.v1.NodeTaint;
import com.google.container.v1.NodeTaints;
import com.google.container.v1.Operation;
import com.google.container.v1.ResourceLabels;
import com.google.container.v1.UpdateNodePoolRequest;
import com.google.container.v1.WorkloadMetadataConfig;
import io.strato.cloud.cluster.ClusterContext;
import io.strato.cloud.cluster.ClusterProgress;
import io.strato.cloud.cluster.ClusterSpecDto.ClusterNodeGroupDto;
import io.strato.cloud.cluster.GkeVersions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Decides the next step for a RUNNING cluster: a pure function of the spec, the cluster GKE
 * describes and GKE's operation list. Changes come in a fixed order (control-plane version, node
 * pools to create, to delete, autoscaling, size, management, then labels, taints and the like), one
 * per reconcile, because GKE runs one operation per cluster at a time.
 */
public final class GkeChangePlan {

  /** What to do next. */
  public sealed interface Step {}

  public record Apply(GkeChange change) implements Step {}

  /** Nothing GKE can do until the spec changes. */
  public record Blocked(String condition, String reason, String message) implements Step {}

  public record UpToDate() implements Step {}

  private GkeChangePlan() {}

  /**
   * @param desired the cluster as {@link GkeClusterShape#cluster} would create it now
   */
  public static Step next(
      ClusterContext ctx, Cluster current, Cluster desired, List<Operation> ops) {
    List<ClusterNodeGroupDto> groups =
        ctx.spec().nodeGroups() == null ? List.of() : ctx.spec().nodeGroups();
    Map<String, NodePool> pools =
        current.getNodePoolsList().stream()
            .collect(Collectors.toMap(NodePool::getName, Function.identity()));

    String asked = ctx.spec().gke().releaseChannel() == null ? ctx.spec().version() : null;
    if (asked != null && !current.getCurrentMasterVersion().isEmpty()) {
      Optional<GkeChange> upgrade = upgrade(asked, current);
      if (upgrade.isPresent()) {
        return new Apply(upgrade.get());
      }
    }

    for (ClusterNodeGroupDto ng : groups) {
      if (!pools.containsKey(ng.name())) {
        return new Apply(new GkeChange.CreatePool(GkeClusterShape.nodePool(ctx, ng)));
      }
    }
    Set<String> wanted = groups.stream().map(ClusterNodeGroupDto::name).collect(Collectors.toSet());
    for (NodePool pool : current.getNodePoolsList()) {
      if (!wanted.contains(pool.getName())) {
        return new Apply(new GkeChange.DeletePool(pool.getName()));
      }
    }
    for (ClusterNodeGroupDto ng : groups) {
      NodePoolAutoscaling want = GkeClusterShape.autoscaling(ng).orElseThrow();
      if (!sameAutoscaling(want, pools.get(ng.name()).getAutoscaling())) {
        return new Apply(new GkeChange.SetAutoscaling(ng.name(), want));
      }
    }
    for (ClusterNodeGroupDto ng : groups) {
      Optional<GkeChange> resize = resize(ng, pools.get(ng.name()), current.getName(), ops);
      if (resize.isPresent()) {
        return new Apply(resize.get());
      }
    }
    for (ClusterNodeGroupDto ng : groups) {
      NodeManagement want = GkeClusterShape.management(ng);
      NodeManagement have = pools.get(ng.name()).getManagement();
      if (want.getAutoRepair() != have.getAutoRepair()
          || want.getAutoUpgrade() != have.getAutoUpgrade()) {
        return new Apply(new GkeChange.SetManagement(ng.name(), want));
      }
    }
    for (ClusterNodeGroupDto ng : groups) {
      Optional<GkeChange> update = update(ctx, ng, pools.get(ng.name()), current);
      if (update.isPresent()) {
        return new Apply(update.get());
      }
    }
    Optional<GkeChange> settings =
        clusterSettings(current, desired, ctx.spec().gke().releaseChannel() != null);
    if (settings.isPresent()) {
      return new Apply(settings.get());
    }
    List<String> fixed = immutableClusterFields(current, desired);
    if (!fixed.isEmpty()) {
      return new Blocked(
          ClusterProgress.CONTROL_PLANE_READY,
          "ReplacementRequired",
          "GKE cannot change "
              + String.join(", ", fixed)
              + " of an existing cluster: put the old values back, or delete the cluster and"
              + " create it again");
    }
    List<String> replace = new ArrayList<>();
    for (ClusterNodeGroupDto ng : groups) {
      replacementNeeded(ng, pools.get(ng.name()).getConfig())
          .ifPresent(f -> replace.add("spec.nodeGroups[" + groups.indexOf(ng) + "]." + f));
    }
    if (!replace.isEmpty()) {
      return new Blocked(
          ClusterProgress.NODE_GROUPS_READY,
          "ReplacementRequired",
          "GKE cannot change "
              + String.join(", ", replace)
              + " of an existing node pool: give the node group a new name (Strato then creates"
              + " the new pool and deletes the old one) or put the old values back");
    }
    return new UpToDate();
  }

  /**
   * The next version step toward {@code asked}. GKE upgrades control planes (and auto-upgrading
   * pools) by itself, so a control plane newer than asked is normal and satisfies the spec. The
   * control plane moves one minor at a time (GKE refuses to skip one), and before each step any
   * pool that would fall outside the node skew is brought up to the control plane first. Once the
   * control plane has the asked version, pools older than the asked minor follow it.
   */
  static Optional<GkeChange> upgrade(String asked, Cluster current) {
    String master = current.getCurrentMasterVersion();
    if (GkeVersions.compare(asked, master) > 0) {
      int next = GkeVersions.minor(master) + 1;
      String target = GkeVersions.minor(asked) > next ? "1." + next : asked;
      for (NodePool pool : current.getNodePoolsList()) {
        if (!pool.getVersion().isEmpty()
            && GkeVersions.minor(pool.getVersion())
                < GkeVersions.minor(target) - GkeVersions.NODE_SKEW) {
          return Optional.of(new GkeChange.UpgradePool(pool.getName(), pool.getVersion(), master));
        }
      }
      return Optional.of(new GkeChange.UpgradeMaster(master, target));
    }
    if (GkeVersions.FLOATING.contains(asked)) {
      return Optional.empty();
    }
    for (NodePool pool : current.getNodePoolsList()) {
      if (!pool.getVersion().isEmpty()
          && GkeVersions.minor(pool.getVersion()) < GkeVersions.minor(asked)) {
        return Optional.of(new GkeChange.UpgradePool(pool.getName(), pool.getVersion(), master));
      }
    }
    return Optional.empty();
  }

  /**
   * The cluster settings GKE changes in place, one per reconcile: labels (SetLabels), authorized
   * networks, workload identity and release channel (UpdateCluster), maintenance window.
   */
  static Optional<GkeChange> clusterSettings(
      Cluster current, Cluster desired, boolean channelAsked) {
    if (!desired
        .getResourceLabelsMap()
        .equals(GkeNames.withoutGoogle(current.getResourceLabelsMap()))) {
      Map<String, String> labels = new java.util.LinkedHashMap<>(desired.getResourceLabelsMap());
      labels.putAll(GkeNames.google(current.getResourceLabelsMap()));
      return Optional.of(new GkeChange.SetLabels(labels, current.getLabelFingerprint()));
    }
    var wantNets = desired.getMasterAuthorizedNetworksConfig();
    var haveNets = current.getMasterAuthorizedNetworksConfig();
    if (wantNets.getEnabled() != haveNets.getEnabled()
        || !cidrs(wantNets).equals(cidrs(haveNets))) {
      return Optional.of(
          new GkeChange.UpdateCluster(
              "authorized networks",
              ClusterUpdate.newBuilder()
                  .setDesiredMasterAuthorizedNetworksConfig(wantNets)
                  .build()));
    }
    String wantPool = desired.getWorkloadIdentityConfig().getWorkloadPool();
    if (!wantPool.equals(current.getWorkloadIdentityConfig().getWorkloadPool())) {
      return Optional.of(
          new GkeChange.UpdateCluster(
              "workload identity",
              ClusterUpdate.newBuilder()
                  .setDesiredWorkloadIdentityConfig(desired.getWorkloadIdentityConfig())
                  .build()));
    }
    // A channel the user did not name is GKE's to choose: GKE enrols and moves clusters itself.
    if (channelAsked
        && desired.getReleaseChannel().getChannel() != current.getReleaseChannel().getChannel()) {
      return Optional.of(
          new GkeChange.UpdateCluster(
              "release channel",
              ClusterUpdate.newBuilder()
                  .setDesiredReleaseChannel(desired.getReleaseChannel())
                  .build()));
    }
    String wantWindow =
        desired.getMaintenancePolicy().getWindow().getDailyMaintenanceWindow().getStartTime();
    String haveWindow =
        current.getMaintenancePolicy().getWindow().getDailyMaintenanceWindow().getStartTime();
    if (!wantWindow.equals(haveWindow)) {
      // GKE refuses a policy without the resource version it last gave (optimistic locking).
      return Optional.of(
          new GkeChange.SetMaintenancePolicy(
              desired.getMaintenancePolicy().toBuilder()
                  .setResourceVersion(current.getMaintenancePolicy().getResourceVersion())
                  .build()));
    }
    return Optional.empty();
  }

  private static Set<String> cidrs(MasterAuthorizedNetworksConfig config) {
    return config.getCidrBlocksList().stream()
        .map(MasterAuthorizedNetworksConfig.CidrBlock::getCidrBlock)
        .collect(Collectors.toSet());
  }

  /** Settings fixed at creation. */
  static List<String> immutableClusterFields(Cluster current, Cluster desired) {
    List<String> fields = new ArrayList<>();
    if (!desired.getNetwork().equals(current.getNetwork())) {
      fields.add("spec.gke.network");
    }
    if (!desired.getSubnetwork().isEmpty()
        && !current.getSubnetwork().endsWith(desired.getSubnetwork())) {
      fields.add("spec.gke.subnetwork");
    }
    var want = desired.getPrivateClusterConfig();
    var have = current.getPrivateClusterConfig();
    if (want.getEnablePrivateNodes() != have.getEnablePrivateNodes()) {
      fields.add("spec.gke.privateCluster.privateNodes");
    } else if (!want.getMasterIpv4CidrBlock().equals(have.getMasterIpv4CidrBlock())) {
      fields.add("spec.gke.privateCluster.masterCidr");
    }
    return fields;
  }

  static boolean sameAutoscaling(NodePoolAutoscaling want, NodePoolAutoscaling have) {
    if (!want.getEnabled()) {
      return !have.getEnabled();
    }
    return have.getEnabled()
        && want.getMinNodeCount() == have.getMinNodeCount()
        && want.getMaxNodeCount() == have.getMaxNodeCount()
        && want.getTotalMinNodeCount() == have.getTotalMinNodeCount()
        && want.getTotalMaxNodeCount() == have.getTotalMaxNodeCount();
  }

  /**
   * The node count Strato last set on a fixed-size pool: its label, or the creation size. GKE's
   * node pool shows no live size (that is the instance groups'), so the label is the record.
   */
  static int recordedSize(NodePool pool) {
    String label = pool.getConfig().getResourceLabelsMap().get(GkeNames.NODE_COUNT_LABEL);
    if (label != null && label.matches("\\d{1,6}")) {
      return Integer.parseInt(label);
    }
    return pool.getInitialNodeCount();
  }

  /**
   * A resize when the pool's size is Strato's to set and differs. Once the last operation on the
   * pool is a resize that succeeded, the size is done and only its record (the label, written by
   * the UpdateNodePool step) is behind: resizing again would loop.
   */
  private static Optional<GkeChange> resize(
      ClusterNodeGroupDto ng, NodePool pool, String clusterName, List<Operation> ops) {
    Optional<Integer> size = GkeClusterShape.fixedSize(ng);
    if (size.isEmpty() || recordedSize(pool) == size.get()) {
      return Optional.empty();
    }
    boolean resized =
        GkeOperations.lastOnPool(ops, clusterName, ng.name())
            .filter(op -> op.getOperationType() == Operation.Type.SET_NODE_POOL_SIZE)
            .filter(GkeOperations::succeeded)
            .isPresent();
    return resized
        ? Optional.empty()
        : Optional.of(new GkeChange.SetSize(ng.name(), recordedSize(pool), size.get()));
  }

  /**
   * The next in-place change to a pool's nodes, carrying only the fields that changed (GKE needs at
   * least one and no version echo: a version names an upgrade). Some changes go alone: new zones
   * (GKE does not take them together with label or taint changes) and the machine type or disk size
   * (a rolling migration of every node).
   */
  private static Optional<GkeChange> update(
      ClusterContext ctx, ClusterNodeGroupDto ng, NodePool pool, Cluster cluster) {
    NodeConfig want = GkeClusterShape.nodeConfig(ctx, ng);
    NodeConfig have = pool.getConfig();
    UpdateNodePoolRequest.Builder request = UpdateNodePoolRequest.newBuilder();
    if (ng.locations() != null
        && !ng.locations().isEmpty()
        && !new HashSet<>(ng.locations()).equals(new HashSet<>(pool.getLocationsList()))) {
      request.addAllLocations(ng.locations());
      return Optional.of(new GkeChange.UpdatePool(ng.name(), "zones", request));
    }
    if (!ng.instanceType().equals(have.getMachineType())) {
      request.setMachineType(ng.instanceType());
      return Optional.of(new GkeChange.UpdatePool(ng.name(), "machine type", request));
    }
    if (ng.diskSize() != null && ng.diskSize() != have.getDiskSizeGb()) {
      request.setDiskSizeGb(ng.diskSize());
      return Optional.of(new GkeChange.UpdatePool(ng.name(), "disk size", request));
    }
    // Enabling Workload Identity on the cluster leaves existing pools on the GCE metadata server:
    // each pool is switched to the GKE metadata server once the cluster has its workload pool.
    WorkloadMetadataConfig.Mode gkeMetadata = WorkloadMetadataConfig.Mode.GKE_METADATA;
    if (want.getWorkloadMetadataConfig().getMode() == gkeMetadata
        && have.getWorkloadMetadataConfig().getMode() != gkeMetadata
        && !cluster.getWorkloadIdentityConfig().getWorkloadPool().isEmpty()) {
      request.setWorkloadMetadataConfig(want.getWorkloadMetadataConfig());
      return Optional.of(new GkeChange.UpdatePool(ng.name(), "workload metadata", request));
    }
    List<String> what = new ArrayList<>();
    if (!want.getLabelsMap().equals(have.getLabelsMap())) {
      what.add("node labels");
      request.setLabels(NodeLabels.newBuilder().putAllLabels(want.getLabelsMap()));
    }
    if (!taintSet(want.getTaintsList()).equals(taintSet(have.getTaintsList()))) {
      what.add("taints");
      request.setTaints(NodeTaints.newBuilder().addAllTaints(want.getTaintsList()));
    }
    if (!want.getResourceLabelsMap().equals(GkeNames.withoutGoogle(have.getResourceLabelsMap()))) {
      what.add("labels");
      request.setResourceLabels(
          ResourceLabels.newBuilder()
              .putAllLabels(want.getResourceLabelsMap())
              .putAllLabels(GkeNames.google(have.getResourceLabelsMap())));
    }
    if (ng.imageType() != null && !ng.imageType().equals(have.getImageType())) {
      what.add("image type");
      request.setImageType(ng.imageType());
    }
    if (what.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new GkeChange.UpdatePool(ng.name(), String.join(", ", what), request));
  }

  private static Set<String> taintSet(List<NodeTaint> taints) {
    return taints.stream()
        .map(t -> t.getKey() + "=" + t.getValue() + ":" + t.getEffect())
        .collect(Collectors.toSet());
  }

  /** A field GKE cannot change on an existing pool. */
  private static Optional<String> replacementNeeded(ClusterNodeGroupDto ng, NodeConfig have) {
    if (Boolean.TRUE.equals(ng.spot()) != have.getSpot()) {
      return Optional.of("spot");
    }
    return Optional.empty();
  }
}
