package io.strato.cloud.gcp.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.container.v1.Cluster;
import com.google.container.v1.ClusterUpdate;
import com.google.container.v1.NodePool;
import com.google.container.v1.NodeTaint;
import com.google.container.v1.Operation;
import com.google.container.v1.ReleaseChannel;
import com.google.container.v1.WorkloadMetadataConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.strato.cloud.CloudException;
import io.strato.cloud.Deletion;
import io.strato.cloud.aws.CloudCallMetrics;
import io.strato.cloud.cluster.ClusterContext;
import io.strato.cloud.cluster.ClusterProgress;
import io.strato.cloud.cluster.ClusterSpecDto;
import io.strato.cloud.gcp.GkeClient;
import io.strato.cloud.gcp.fake.FakeGke;
import io.strato.cloud.nodegroup.NodeGroupSpecDto.TaintDto;
import io.strato.reconcile.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The GKE driver against the GKE fake, over real gRPC on a local port. */
class GkeClusterDriverTest {

  static final String UID = "0b7c6f1e-2d4a-4e8b-9c1d-5a6b7c8d9e0f";

  FakeGke fake;
  CloudCallMetrics metrics;
  GkeClient client;

  @BeforeEach
  void start() {
    fake = FakeGke.start(0);
    metrics = new CloudCallMetrics(new SimpleMeterRegistry());
    client = GkeClient.connect(Optional.of(fake.endpoint()), metrics);
  }

  @AfterEach
  void stop() {
    client.close();
    fake.close();
  }

  GkeClusterDriver driver() {
    return new GkeClusterDriver(client, Optional.empty(), Optional.empty());
  }

  static ClusterSpecDto twoPools(String version, int webSize) {
    return GkeSpecs.spec(
        version,
        GkeSpecs.gke(null),
        List.of(GkeSpecs.pool("web", webSize, webSize, null), GkeSpecs.pool("batch", 0, 5, 1)));
  }

  String path(ClusterContext ctx) {
    return driver().place(ctx).clusterPath();
  }

  Cluster cluster(ClusterContext ctx) {
    return fake.cluster(path(ctx)).orElseThrow();
  }

  NodePool pool(ClusterContext ctx, String name) {
    return cluster(ctx).getNodePoolsList().stream()
        .filter(p -> p.getName().equals(name))
        .findFirst()
        .orElseThrow();
  }

  /** Reconciles until ready, at most {@code max} times; answers every progress seen. */
  List<ClusterProgress> untilReady(GkeClusterDriver driver, ClusterContext ctx, int max) {
    List<ClusterProgress> seen = new ArrayList<>();
    for (int i = 0; i < max; i++) {
      ClusterProgress p = driver.reconcile(ctx);
      seen.add(p);
      if (p.ready()) {
        return seen;
      }
    }
    throw new AssertionError(
        "not ready after " + max + " reconciles: " + seen.get(seen.size() - 1));
  }

  static Condition condition(ClusterProgress p, String type) {
    return p.conditions().stream().filter(c -> c.type().equals(type)).findFirst().orElseThrow();
  }

  @Test
  void createsAClusterWithTwoNodePoolsInOneOperationAndReportsItReady() {
    ClusterContext ctx = GkeSpecs.context("shop", UID, twoPools("1.31", 2));

    List<ClusterProgress> seen = untilReady(driver(), ctx, 10);

    // create, then two polls of the creation, then a last look that finds nothing to change
    assertThat(seen).hasSize(3);
    assertThat(condition(seen.get(0), ClusterProgress.CONTROL_PLANE_READY).reason())
        .isEqualTo("Creating");
    assertThat(seen.get(0).events()).extracting(e -> e.reason()).containsExactly("Created");
    assertThat(condition(seen.get(1), ClusterProgress.NODE_GROUPS_READY).reason())
        .isEqualTo("OperationRunning");
    assertThat(metrics.snapshot())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "container:GetCluster", 3L,
                "container:CreateCluster", 1L,
                "container:ListOperations", 2L));

    Cluster c = cluster(ctx);
    assertThat(c.getName()).isEqualTo("strato-shop-" + io.strato.cloud.CloudNames.hash8(UID));
    assertThat(c.getStatus()).isEqualTo(Cluster.Status.RUNNING);
    assertThat(c.getCurrentMasterVersion()).startsWith("1.31.");
    assertThat(c.getResourceLabelsMap())
        .containsEntry("strato-owner", UID)
        .containsEntry("strato-managed-by", "strato")
        .containsEntry("team", "platform");
    assertThat(c.getPrivateClusterConfig().getEnablePrivateNodes()).isTrue();
    assertThat(c.getPrivateClusterConfig().getMasterIpv4CidrBlock()).isEqualTo("172.16.0.0/28");
    assertThat(c.getMasterAuthorizedNetworksConfig().getCidrBlocks(0).getCidrBlock())
        .isEqualTo("10.0.0.0/8");
    assertThat(c.getWorkloadIdentityConfig().getWorkloadPool())
        .isEqualTo("demo-project.svc.id.goog");
    assertThat(c.getMaintenancePolicy().getWindow().getDailyMaintenanceWindow().getStartTime())
        .isEqualTo("03:00");
    assertThat(c.getSubnetwork()).isEqualTo("nodes");

    NodePool web = pool(ctx, "web");
    assertThat(web.getAutoscaling().getEnabled()).isFalse();
    assertThat(web.getInitialNodeCount()).isEqualTo(2);
    assertThat(web.getConfig().getMachineType()).isEqualTo("e2-standard-4");
    assertThat(web.getConfig().getLabelsMap()).containsEntry("role", "web");
    assertThat(web.getConfig().getResourceLabelsMap())
        .containsEntry("pool", "web")
        .containsEntry("strato-owner", UID);
    NodePool batch = pool(ctx, "batch");
    assertThat(batch.getAutoscaling().getEnabled()).isTrue();
    assertThat(batch.getAutoscaling().getMaxNodeCount()).isEqualTo(5);

    ClusterProgress ready = seen.get(2);
    assertThat(ready.outputs().type()).isEqualTo("gke");
    assertThat(ready.outputs().endpoint()).startsWith("https://35.200.0.");
    assertThat(ready.outputs().certificateAuthorityData()).isNotBlank();
    assertThat(ready.outputs().arn()).endsWith("/clusters/" + c.getName());
    assertThat(ready.outputs().nodeGroups())
        .extracting(g -> g.name() + ":" + g.minSize() + ".." + g.maxSize() + "=" + g.desiredSize())
        .containsExactly("web:2..2=2", "batch:0..5=1");
  }

  @Test
  void makesOneChangePerReconcileInOrderVersionThenAutoscalingThenSize() {
    ClusterContext ctx = GkeSpecs.context("shop", UID, twoPools("1.31", 2));
    untilReady(driver(), ctx, 10);

    ClusterSpecDto changed =
        GkeSpecs.spec(
            "1.32",
            GkeSpecs.gke(null),
            List.of(
                GkeSpecs.withTaints(
                    GkeSpecs.pool("web", 3, 3, null),
                    List.of(new TaintDto("dedicated", "web", "NoSchedule"))),
                GkeSpecs.pool("batch", 1, 8, 1)));
    ClusterContext next = GkeSpecs.context("shop", UID, changed);
    metrics.reset();

    List<String> events = new ArrayList<>();
    for (ClusterProgress p : untilReady(driver(), next, 20)) {
      p.events().forEach(e -> events.add(e.reason() + ": " + e.message()));
    }

    assertThat(events)
        .containsExactly(
            "UpgradeStarted: upgrading the control plane from 1.31.5-gke.1000 to 1.32",
            "NodeGroupUpgrading: node pool web: upgrading the nodes from 1.31.5-gke.1000 to"
                + " 1.32.5-gke.1000",
            "NodeGroupUpgrading: node pool batch: upgrading the nodes from 1.31.5-gke.1000 to"
                + " 1.32.5-gke.1000",
            "NodeGroupUpdating: node pool batch: autoscaling 1..8 per zone",
            "NodeGroupScaling: node pool web: 2 to 3 nodes per zone",
            "NodeGroupUpdating: node pool web: updating taints, labels");
    assertThat(cluster(next).getCurrentMasterVersion()).startsWith("1.32.");
    assertThat(pool(next, "batch").getAutoscaling().getMinNodeCount()).isEqualTo(1);
    assertThat(fake.nodePoolSize(path(next) + "/nodePools/web")).contains(3);
    assertThat(pool(next, "web").getConfig().getTaintsList())
        .extracting(NodeTaint::getKey)
        .containsExactly("dedicated");
    assertThat(pool(next, "web").getConfig().getResourceLabelsMap())
        .containsEntry("strato-node-count", "3");
    Map<String, Long> calls = metrics.snapshot();
    assertThat(calls)
        .containsEntry("container:UpdateMaster", 1L)
        .containsEntry("container:SetNodePoolAutoscaling", 1L)
        .containsEntry("container:SetNodePoolSize", 1L)
        .containsEntry("container:UpdateNodePool", 3L)
        .doesNotContainKey("container:CreateCluster");
    // one operation at a time: GKE saw each change once, so it never refused one
    assertThat(fake.calls())
        .containsEntry("UpdateMaster", 1)
        .containsEntry("SetNodePoolAutoscaling", 1)
        .containsEntry("SetNodePoolSize", 1)
        .containsEntry("UpdateNodePool", 3);
    System.out.println("GKE calls for four changes: " + calls);
  }

  @Test
  void aRestartWhileTheCreationRunsResumesWithoutASecondOperation() {
    ClusterContext ctx = GkeSpecs.context("shop", UID, twoPools("1.31", 2));
    fake.pollsPerOperation(3);
    driver().reconcile(ctx);

    // "restart": a new driver on a new client, nothing carried over but GKE's state
    GkeClient other = GkeClient.connect(Optional.of(fake.endpoint()), metrics);
    try {
      GkeClusterDriver restarted = new GkeClusterDriver(other, Optional.empty(), Optional.empty());
      ClusterProgress p = restarted.reconcile(ctx);
      assertThat(condition(p, ClusterProgress.CONTROL_PLANE_READY).reason())
          .isEqualTo("OperationRunning");
      untilReady(restarted, ctx, 10);
    } finally {
      other.close();
    }
    assertThat(fake.calls()).containsEntry("CreateCluster", 1);
    assertThat(fake.operations()).hasSize(1);
  }

  @Test
  void aNodePoolOperationThatKeepsTheClusterRunningIsFoundInTheOperationList() {
    ClusterContext ctx = GkeSpecs.context("shop", UID, twoPools("1.31", 2));
    untilReady(driver(), ctx, 10);
    ClusterContext bigger = GkeSpecs.context("shop", UID, twoPools("1.31", 4));
    driver().reconcile(bigger);

    // a new driver sees the resize in GKE's operation list and does not start another
    ClusterProgress p =
        new GkeClusterDriver(client, Optional.empty(), Optional.empty()).reconcile(bigger);

    assertThat(condition(p, ClusterProgress.NODE_GROUPS_READY).reason())
        .isEqualTo("OperationRunning");
    assertThat(fake.calls()).containsEntry("SetNodePoolSize", 1);
  }

  @Test
  void anOperationStartedByGkeBetweenLookAndChangeIsProgressNotFailure() {
    ClusterContext ctx = GkeSpecs.context("shop", UID, twoPools("1.31", 2));
    untilReady(driver(), ctx, 10);
    String path = path(ctx);
    fake.beforeNextMutation(() -> fake.startSystemOperation(path));

    ClusterProgress p = driver().reconcile(GkeSpecs.context("shop", UID, twoPools("1.32", 2)));

    assertThat(condition(p, ClusterProgress.CONTROL_PLANE_READY).reason())
        .isEqualTo("OperationRunning");
    assertThat(condition(p, ClusterProgress.CONTROL_PLANE_READY).message())
        .contains("incompatible operation");
    assertThat(p.events()).isEmpty();
    // once GKE's operation finishes, the upgrade goes ahead
    List<ClusterProgress> later =
        untilReady(driver(), GkeSpecs.context("shop", UID, twoPools("1.32", 2)), 10);
    assertThat(later.stream().flatMap(x -> x.events().stream()).map(e -> e.reason()))
        .containsExactly("UpgradeStarted", "NodeGroupUpgrading", "NodeGroupUpgrading");
  }

  @Test
  void moreNodesThanTheQuotaIsAnInvalidRequestQuotaExceeded() {
    fake.nodeQuota(10);
    // 4 nodes per zone in a region of three zones, plus the batch pool: over 10
    ClusterContext ctx = GkeSpecs.context("shop", UID, twoPools("1.31", 4));

    assertThatThrownBy(() -> driver().reconcile(ctx))
        .isInstanceOfSatisfying(
            CloudException.InvalidRequest.class,
            e -> {
              assertThat(e.reason()).isEqualTo("QuotaExceeded");
              assertThat(e.getMessage()).contains("NODES");
            });
    assertThat(fake.cluster(path(ctx))).isEmpty();
  }

  @Test
  void aControlPlaneGkeUpgradedPastTheSpecIsNormalAndOtherChangesGoAhead() {
    ClusterContext ctx = GkeSpecs.context("shop", UID, twoPools("1.31", 2));
    untilReady(driver(), ctx, 10);
    // the channel upgrades the control plane (and the auto-upgrading pools) in the background
    fake.autoUpgrade(path(ctx), "1.32.4-gke.1200");

    List<ClusterProgress> seen =
        untilReady(driver(), GkeSpecs.context("shop", UID, twoPools("1.31", 3)), 10);

    assertThat(seen.stream().flatMap(p -> p.events().stream()).map(e -> e.reason()))
        .containsExactly("NodeGroupScaling", "NodeGroupUpdating");
    assertThat(cluster(ctx).getCurrentMasterVersion()).isEqualTo("1.32.4-gke.1200");
    assertThat(fake.nodePoolSize(path(ctx) + "/nodePools/web")).contains(3);
    assertThat(fake.calls()).doesNotContainKey("UpdateMaster");
  }

  @Test
  void versionAliasesAreHonouredAndSatisfiedByWhatGkeRuns() {
    ClusterContext latest = GkeSpecs.context("shop", UID, twoPools("latest", 2));
    untilReady(driver(), latest, 10);
    assertThat(cluster(latest).getInitialClusterVersion()).isEqualTo("latest");
    fake.autoUpgrade(path(latest), "1.33.2-gke.1000");
    untilReady(driver(), latest, 10);

    // a patch alias upgrades to that patch, one minor at a time
    List<String> events = new ArrayList<>();
    untilReady(driver(), GkeSpecs.context("shop", UID, twoPools("1.34.1", 2)), 20)
        .forEach(p -> p.events().forEach(e -> events.add(e.message())));

    assertThat(events)
        .containsExactly(
            "upgrading the control plane from 1.33.2-gke.1000 to 1.34.1",
            "node pool web: upgrading the nodes from 1.33.2-gke.1000 to 1.34.1-gke.1000",
            "node pool batch: upgrading the nodes from 1.33.2-gke.1000 to 1.34.1-gke.1000");
    assertThat(fake.calls()).containsEntry("UpdateMaster", 1);
  }

  @Test
  void upgradesTheControlPlaneOneMinorAtATimeThenTheNodePools() {
    ClusterContext ctx = GkeSpecs.context("shop", UID, twoPools("1.31", 2));
    untilReady(driver(), ctx, 10);

    List<String> events = new ArrayList<>();
    untilReady(driver(), GkeSpecs.context("shop", UID, twoPools("1.33", 2)), 20)
        .forEach(p -> p.events().forEach(e -> events.add(e.message())));

    assertThat(events)
        .containsExactly(
            "upgrading the control plane from 1.31.5-gke.1000 to 1.32",
            "upgrading the control plane from 1.32.5-gke.1000 to 1.33",
            "node pool web: upgrading the nodes from 1.31.5-gke.1000 to 1.33.5-gke.1000",
            "node pool batch: upgrading the nodes from 1.31.5-gke.1000 to 1.33.5-gke.1000");
    assertThat(cluster(ctx).getNodePoolsList())
        .extracting(NodePool::getVersion)
        .containsOnly("1.33.5-gke.1000");
    // the fake refuses skipped minors and out-of-skew nodes: each call was accepted at once
    assertThat(fake.calls()).containsEntry("UpdateMaster", 2).containsEntry("UpdateNodePool", 2);
  }

  @Test
  void aSpecWithoutAChannelEnrolsInRegularAndLeavesGkesLaterChoiceAlone() {
    ClusterContext ctx = GkeSpecs.context("shop", UID, twoPools("1.31", 2));
    untilReady(driver(), ctx, 10);
    Cluster created = cluster(ctx);
    assertThat(created.getReleaseChannel().getChannel()).isEqualTo(ReleaseChannel.Channel.REGULAR);
    assertThat(created.getInitialClusterVersion()).isEqualTo("1.31");

    // GKE moves the cluster to another channel (as it does for clusters it enrols itself)
    client.updateCluster(
        path(ctx),
        ClusterUpdate.newBuilder()
            .setDesiredReleaseChannel(
                ReleaseChannel.newBuilder().setChannel(ReleaseChannel.Channel.STABLE))
            .build());
    untilReady(driver(), ctx, 10);

    assertThat(cluster(ctx).getReleaseChannel().getChannel())
        .isEqualTo(ReleaseChannel.Channel.STABLE);
    assertThat(fake.calls()).containsEntry("UpdateCluster", 1);
  }

  @Test
  void gkeRefusesToCreateAClusterOutsideAReleaseChannel() {
    ClusterContext ctx = GkeSpecs.context("shop", UID, twoPools("1.31", 2));
    Cluster noChannel =
        GkeClusterShape.cluster(ctx, "demo-project", "nochan").toBuilder()
            .setReleaseChannel(
                ReleaseChannel.newBuilder().setChannel(ReleaseChannel.Channel.UNSPECIFIED))
            .build();

    assertThatThrownBy(() -> client.createCluster(driver().place(ctx).locationPath(), noChannel))
        .isInstanceOfSatisfying(
            CloudException.InvalidRequest.class,
            e -> assertThat(e.getMessage()).contains("release channel"));
  }

  @Test
  void aFailedOperationShowsGkesMessageAndIsNotResentOnEveryPoll() {
    ClusterContext ctx = GkeSpecs.context("shop", UID, twoPools("1.31", 2));
    untilReady(driver(), ctx, 10);
    String stockout =
        "The zone 'europe-west1-b' does not have enough resources available to fulfill the request";
    fake.failNextOperation(io.grpc.Status.Code.RESOURCE_EXHAUSTED, stockout);

    ClusterContext bigger = GkeSpecs.context("shop", UID, twoPools("1.31", 4));
    List<ClusterProgress> seen = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      seen.add(driver().reconcile(bigger));
    }

    Condition pools = condition(seen.get(5), ClusterProgress.NODE_GROUPS_READY);
    assertThat(pools.reason()).isEqualTo("OperationFailed");
    assertThat(pools.message()).contains("SET_NODE_POOL_SIZE").contains(stockout);
    assertThat(condition(seen.get(5), ClusterProgress.CONTROL_PLANE_READY).isTrue()).isTrue();
    assertThat(fake.calls()).containsEntry("SetNodePoolSize", 1);
    assertThat(fake.nodePoolSize(path(ctx) + "/nodePools/web")).contains(2);
  }

  @Test
  void aFailedCreationIsReportedAndGkesDeletionOfTheClusterIsNoticed() {
    ClusterContext ctx = GkeSpecs.context("shop", UID, twoPools("1.31", 2));
    fake.failNextOperation(io.grpc.Status.Code.PERMISSION_DENIED, "Insufficient regional quota");
    for (int i = 0; i < 3; i++) {
      driver().reconcile(ctx);
    }
    ClusterProgress inError = driver().reconcile(ctx);
    // not "Failed", which stops the polling: GKE's deletion below must be seen
    assertThat(condition(inError, ClusterProgress.CONTROL_PLANE_READY).reason())
        .isEqualTo("ClusterError");
    assertThat(condition(inError, ClusterProgress.CONTROL_PLANE_READY).message())
        .contains("ERROR")
        .contains("Insufficient regional quota");

    fake.deleteByGke(path(ctx));
    ClusterProgress gone = driver().reconcile(ctx);

    assertThat(condition(gone, ClusterProgress.CONTROL_PLANE_READY).reason())
        .isEqualTo("OperationFailed");
    assertThat(condition(gone, ClusterProgress.CONTROL_PLANE_READY).message())
        .contains("GKE deleted the cluster")
        .contains("Insufficient regional quota");
    assertThat(fake.calls()).containsEntry("CreateCluster", 1);
  }

  @Test
  void addsAndRemovesNodePoolsOneAtATime() {
    ClusterContext ctx = GkeSpecs.context("shop", UID, twoPools("1.31", 2));
    untilReady(driver(), ctx, 10);
    ClusterContext renamed =
        GkeSpecs.context(
            "shop",
            UID,
            GkeSpecs.spec(
                "1.31",
                GkeSpecs.gke(null),
                List.of(GkeSpecs.pool("web", 2, 2, null), GkeSpecs.pool("jobs", 0, 3, 1))));

    List<String> events = new ArrayList<>();
    untilReady(driver(), renamed, 10)
        .forEach(p -> p.events().forEach(e -> events.add(e.message())));

    assertThat(events)
        .containsExactly(
            "creating node pool jobs", "deleting node pool batch, no longer in the spec");
    assertThat(cluster(renamed).getNodePoolsList())
        .extracting(NodePool::getName)
        .containsExactlyInAnyOrder("web", "jobs");
  }

  @Test
  void enablingWorkloadIdentityMovesTheExistingPoolsToTheGkeMetadataServer() {
    ClusterSpecDto.GkeDto without =
        new ClusterSpecDto.GkeDto(
            "demo-project", "europe-west1", null, "default", "nodes", null, null, false, null);
    List<ClusterSpecDto.ClusterNodeGroupDto> pools = twoPools("1.31", 2).nodeGroups();
    untilReady(driver(), GkeSpecs.context("shop", UID, GkeSpecs.spec("1.31", without, pools)), 10);
    ClusterSpecDto.GkeDto with =
        new ClusterSpecDto.GkeDto(
            "demo-project", "europe-west1", null, "default", "nodes", null, null, true, null);
    ClusterContext next = GkeSpecs.context("shop", UID, GkeSpecs.spec("1.31", with, pools));

    List<String> events = new ArrayList<>();
    untilReady(driver(), next, 20).forEach(p -> p.events().forEach(e -> events.add(e.message())));

    assertThat(events)
        .containsExactly(
            "updating the cluster's workload identity",
            "node pool web: updating workload metadata",
            "node pool batch: updating workload metadata");
    assertThat(cluster(next).getNodePoolsList())
        .extracting(p -> p.getConfig().getWorkloadMetadataConfig().getMode())
        .containsOnly(WorkloadMetadataConfig.Mode.GKE_METADATA);
  }

  @Test
  void aNodeRepairRunningAlongsideKeepsTheClusterReadyAndChangesGoAhead() {
    ClusterContext ctx = GkeSpecs.context("shop", UID, twoPools("1.31", 2));
    untilReady(driver(), ctx, 10);
    fake.pollsPerOperation(50);
    fake.startRepair(path(ctx) + "/nodePools/web");
    fake.pollsPerOperation(0);

    ClusterProgress idle = driver().reconcile(ctx);
    assertThat(idle.ready()).isTrue();
    ClusterProgress resized =
        driver().reconcile(GkeSpecs.context("shop", UID, twoPools("1.31", 3)));

    assertThat(resized.events()).extracting(e -> e.reason()).containsExactly("NodeGroupScaling");
    assertThat(fake.nodePoolSize(path(ctx) + "/nodePools/web")).contains(3);
    assertThat(fake.operations())
        .filteredOn(op -> op.getOperationType() == Operation.Type.AUTO_REPAIR_NODES)
        .extracting(Operation::getStatus)
        .containsExactly(Operation.Status.RUNNING);
  }

  @Test
  void changesClusterSettingsInPlaceOneAtATimeAndBlocksOnFixedOnes() {
    ClusterContext ctx = GkeSpecs.context("shop", UID, twoPools("1.31", 2));
    untilReady(driver(), ctx, 10);
    ClusterSpecDto.GkeDto settings =
        new ClusterSpecDto.GkeDto(
            "demo-project",
            "europe-west1",
            null,
            "default",
            "nodes",
            new ClusterSpecDto.PrivateClusterDto(true, false, "172.16.0.0/28"),
            List.of("10.0.0.0/8", "192.168.0.0/16"),
            false,
            "22:30");
    ClusterSpecDto changed =
        new ClusterSpecDto(
            "gcp",
            "gke",
            "1.31",
            null,
            null,
            null,
            null,
            twoPools("1.31", 2).nodeGroups(),
            Map.of("team", "payments"),
            settings);
    ClusterContext next = GkeSpecs.context("shop", UID, changed);

    List<String> events = new ArrayList<>();
    untilReady(driver(), next, 20).forEach(p -> p.events().forEach(e -> events.add(e.message())));

    // the pools' VM labels carry the cluster's tags too, so they follow before the cluster's
    assertThat(events)
        .containsExactly(
            "node pool web: updating labels",
            "node pool batch: updating labels",
            "updating the cluster's labels",
            "updating the cluster's authorized networks",
            "updating the cluster's workload identity",
            "updating the cluster's maintenance window");
    Cluster c = cluster(next);
    assertThat(c.getResourceLabelsMap()).containsEntry("team", "payments");
    assertThat(c.getMasterAuthorizedNetworksConfig().getCidrBlocksCount()).isEqualTo(2);
    assertThat(c.getWorkloadIdentityConfig().getWorkloadPool()).isEmpty();
    assertThat(c.getMaintenancePolicy().getWindow().getDailyMaintenanceWindow().getStartTime())
        .isEqualTo("22:30");

    ClusterSpecDto.GkeDto otherNetwork =
        new ClusterSpecDto.GkeDto(
            "demo-project",
            "europe-west1",
            null,
            "prod-vpc",
            "nodes",
            settings.privateCluster(),
            settings.masterAuthorizedNetworks(),
            false,
            "22:30");
    ClusterProgress blocked =
        driver()
            .reconcile(
                GkeSpecs.context(
                    "shop",
                    UID,
                    new ClusterSpecDto(
                        "gcp",
                        "gke",
                        "1.31",
                        null,
                        null,
                        null,
                        null,
                        changed.nodeGroups(),
                        changed.tags(),
                        otherNetwork)));
    assertThat(condition(blocked, ClusterProgress.CONTROL_PLANE_READY).reason())
        .isEqualTo("ReplacementRequired");
    assertThat(condition(blocked, ClusterProgress.CONTROL_PLANE_READY).message())
        .contains("spec.gke.network");
    assertThat(blocked.events()).isEmpty();
  }

  @Test
  void changesZonesMachineTypeDiskAndLabelsInPlaceEachInItsOwnUpdate() {
    ClusterContext ctx = GkeSpecs.context("shop", UID, twoPools("1.31", 2));
    untilReady(driver(), ctx, 10);
    var web = GkeSpecs.pool("web", 2, 2, null);
    var changed =
        new ClusterSpecDto.ClusterNodeGroupDto(
            web.name(),
            null,
            "n2-standard-8",
            null,
            null,
            null,
            200,
            null,
            null,
            null,
            null,
            null,
            null,
            2,
            2,
            null,
            null,
            Map.of("role", "web", "tier", "front"),
            web.nodeTaints(),
            null,
            web.tags(),
            false,
            "COS_CONTAINERD",
            true,
            true,
            List.of("europe-west1-b", "europe-west1-c"),
            null);
    ClusterContext next =
        GkeSpecs.context(
            "shop",
            UID,
            GkeSpecs.spec(
                "1.31", GkeSpecs.gke(null), List.of(changed, GkeSpecs.pool("batch", 0, 5, 1))));

    List<String> events = new ArrayList<>();
    untilReady(driver(), next, 20).forEach(p -> p.events().forEach(e -> events.add(e.message())));

    // zones never travel with label or taint changes; the fake refuses the two together
    assertThat(events)
        .containsExactly(
            "node pool web: updating zones",
            "node pool web: updating machine type",
            "node pool web: updating disk size",
            "node pool web: updating node labels");
    NodePool updated = pool(next, "web");
    assertThat(updated.getLocationsList()).containsExactly("europe-west1-b", "europe-west1-c");
    assertThat(updated.getConfig().getMachineType()).isEqualTo("n2-standard-8");
    assertThat(updated.getConfig().getDiskSizeGb()).isEqualTo(200);
    assertThat(updated.getConfig().getLabelsMap()).containsEntry("tier", "front");
    assertThat(updated.getVersion()).isEqualTo("1.31.5-gke.1000");
    assertThat(fake.calls()).containsEntry("UpdateNodePool", 4);
  }

  @Test
  void aNodePoolInErrorKeepsTheClusterNotReadyWithoutAChange() {
    ClusterContext ctx = GkeSpecs.context("shop", UID, twoPools("1.31", 2));
    untilReady(driver(), ctx, 10);
    fake.nodePoolStatus(
        path(ctx) + "/nodePools/batch", NodePool.Status.RUNNING_WITH_ERROR, "quota");

    ClusterProgress p = driver().reconcile(ctx);

    assertThat(condition(p, ClusterProgress.NODE_GROUPS_READY).reason()).isEqualTo("NodePoolError");
    assertThat(condition(p, ClusterProgress.NODE_GROUPS_READY).message())
        .contains("batch", "RUNNING_WITH_ERROR");
    assertThat(p.events()).isEmpty();
    assertThat(p.outputs().nodeGroups())
        .extracting(g -> g.name() + ":" + g.status())
        .contains("batch:RUNNING_WITH_ERROR");
  }

  @Test
  void clusterNamesFitGkeAndOwnershipSurvivesAnyUid() {
    String name = GkeNames.cluster("a-very-long-cluster-name-that-goes-on-and-on", UID);
    assertThat(name)
        .hasSizeLessThanOrEqualTo(40)
        .startsWith("strato-a-very")
        .endsWith("-" + io.strato.cloud.CloudNames.hash8(UID));
    assertThat(GkeNames.ownerValue(UID)).isEqualTo(UID);
    assertThat(GkeNames.ownerValue("Not/A Label")).startsWith("sha256-").hasSize(63);
  }

  @Test
  void deletesTheClusterWithItsNodePools() {
    ClusterContext ctx = GkeSpecs.context("shop", UID, twoPools("1.31", 2));
    untilReady(driver(), ctx, 10);
    metrics.reset();

    List<Deletion> answers = new ArrayList<>();
    for (int i = 0;
        i < 10 && (answers.isEmpty() || answers.get(answers.size() - 1) != Deletion.GONE);
        i++) {
      answers.add(driver().delete(ctx));
    }

    assertThat(answers).containsExactly(Deletion.IN_PROGRESS, Deletion.IN_PROGRESS, Deletion.GONE);
    assertThat(fake.cluster(path(ctx))).isEmpty();
    assertThat(fake.nodePoolSize(path(ctx) + "/nodePools/web")).isEmpty();
    assertThat(metrics.snapshot())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("container:GetCluster", 3L, "container:DeleteCluster", 1L));
    System.out.println("GKE calls for a delete: " + metrics.snapshot());
    // absent is success
    assertThat(driver().delete(ctx)).isEqualTo(Deletion.GONE);
  }

  @Test
  void aReleaseChannelClusterLeavesVersionsToGke() {
    ClusterContext ctx =
        GkeSpecs.context(
            "chan",
            UID,
            GkeSpecs.spec(null, GkeSpecs.gke("STABLE"), List.of(GkeSpecs.pool("web", 1, 1, null))));

    untilReady(driver(), ctx, 10);

    Cluster c = cluster(ctx);
    assertThat(c.getReleaseChannel().getChannel().name()).isEqualTo("STABLE");
    assertThat(c.getInitialClusterVersion()).isEmpty();
    assertThat(fake.calls()).doesNotContainKey("UpdateMaster");
  }
}
