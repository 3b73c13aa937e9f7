package io.strato.cloud.gcp.fake;

import static io.strato.cloud.gcp.fake.FakeGkeRules.LINK;
import static io.strato.cloud.gcp.fake.FakeGkeRules.fingerprint;
import static io.strato.cloud.gcp.fake.FakeGkeRules.inLocation;
import static io.strato.cloud.gcp.fake.FakeGkeRules.initialSize;
import static io.strato.cloud.gcp.fake.FakeGkeRules.invalid;
import static io.strato.cloud.gcp.fake.FakeGkeRules.newPool;
import static io.strato.cloud.gcp.fake.FakeGkeRules.placeholderCa;
import static io.strato.cloud.gcp.fake.FakeGkeRules.pool;
import static io.strato.cloud.gcp.fake.FakeGkeRules.requirePool;
import static io.strato.cloud.gcp.fake.FakeGkeRules.resolveVersion;
import static io.strato.cloud.gcp.fake.FakeGkeRules.zonesOf;

import com.google.container.v1.Cluster;
import com.google.container.v1.ClusterManagerGrpc;
import com.google.container.v1.CreateClusterRequest;
import com.google.container.v1.CreateNodePoolRequest;
import com.google.container.v1.DeleteClusterRequest;
import com.google.container.v1.DeleteNodePoolRequest;
import com.google.container.v1.GetClusterRequest;
import com.google.container.v1.GetOperationRequest;
import com.google.container.v1.ListClustersRequest;
import com.google.container.v1.ListClustersResponse;
import com.google.container.v1.ListOperationsRequest;
import com.google.container.v1.ListOperationsResponse;
import com.google.container.v1.MasterAuth;
import com.google.container.v1.NodePool;
import com.google.container.v1.Operation;
import com.google.container.v1.ReleaseChannel;
import com.google.container.v1.SetLabelsRequest;
import com.google.container.v1.SetMaintenancePolicyRequest;
import com.google.container.v1.SetNodePoolAutoscalingRequest;
import com.google.container.v1.SetNodePoolManagementRequest;
import com.google.container.v1.SetNodePoolSizeRequest;
import com.google.container.v1.UpdateClusterRequest;
import com.google.container.v1.UpdateMasterRequest;
import com.google.container.v1.UpdateNodePoolRequest;
import com.google.container.v1.WorkloadMetadataConfig;
import com.google.protobuf.Any;
import com.google.rpc.ErrorInfo;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import io.strato.cloud.gcp.fake.FakeGkeRules.PoolRef;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * <b>A fake of GKE, not GKE.</b> It serves the container v1 gRPC API on a local port and keeps
 * clusters and node pools in memory, behaving the way GKE does where Strato depends on it: every
 * change answers an {@link Operation} that stays RUNNING for a number of polls (each GetOperation,
 * and each GetCluster of its cluster, is one poll) and only then applies its effect; the cluster is
 * PROVISIONING while created, RECONCILING while changed and STOPPING while deleted; a change while
 * another operation runs on the cluster fails with FAILED_PRECONDITION; a name in use fails with
 * ALREADY_EXISTS, a missing one with NOT_FOUND; and more nodes than the node quota fail with
 * PERMISSION_DENIED and a quota message, as GKE's do. Like GKE, a node pool's {@code
 * initialNodeCount} keeps its creation value after a resize (the live size is the instance groups'
 * business).
 *
 * <p>The master endpoint is a made-up public IP and the CA is a placeholder, not a certificate:
 * nothing here runs Kubernetes. It backs Strato's tests and the local default (no Google
 * credentials), so that a GKE cluster can be created and deleted without a Google account.
 */
public final class FakeGke extends ClusterManagerGrpc.ClusterManagerImplBase
    implements AutoCloseable {

  private final Map<String, Cluster> clusters = new LinkedHashMap<>();
  private final Map<String, Integer> poolSizes = new TreeMap<>();
  private final Map<String, PendingOperation> operations = new LinkedHashMap<>();
  private final Map<String, Integer> calls = new TreeMap<>();
  private Server server;
  private int pollsPerOperation = 2;
  private int nodeQuota = 1000;
  private long sequence;
  private Instant lastStart = Instant.EPOCH;
  private Runnable beforeNextMutation;
  private com.google.rpc.Status nextFailure;

  private static final class PendingOperation {
    Operation op;
    int pollsLeft;
    final String clusterPath;
    final Runnable effect;
    final com.google.rpc.Status failure;
    boolean concurrent;

    PendingOperation(
        Operation op,
        int pollsLeft,
        String clusterPath,
        Runnable effect,
        com.google.rpc.Status failure) {
      this.op = op;
      this.pollsLeft = pollsLeft;
      this.clusterPath = clusterPath;
      this.effect = effect;
      this.failure = failure;
    }
  }

  /** Starts the fake on 127.0.0.1 at {@code port} (0: any free port). */
  public static FakeGke start(int port) {
    FakeGke fake = new FakeGke();
    try {
      fake.server =
          NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port))
              .addService(fake)
              .build()
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the GKE fake on port " + port, e);
    }
    return fake;
  }

  /** host:port to point a GKE client at (plaintext, no credentials). */
  public String endpoint() {
    return "127.0.0.1:" + server.getPort();
  }

  /** How many polls an operation stays RUNNING (default 2; 0 finishes at once). */
  public synchronized FakeGke pollsPerOperation(int polls) {
    this.pollsPerOperation = polls;
    return this;
  }

  /** The most nodes all clusters together may have (default 1000). */
  public synchronized FakeGke nodeQuota(int nodes) {
    this.nodeQuota = nodes;
    return this;
  }

  /**
   * Runs {@code action} once, just before the next change request is handled: for a test to start
   * another operation between a client's look and its change, as GKE's own auto-upgrades do.
   */
  public synchronized FakeGke beforeNextMutation(Runnable action) {
    this.beforeNextMutation = action;
    return this;
  }

  /**
   * The next operation started finishes DONE with this error and changes nothing, as GKE's do when
   * it cannot carry a change out (a stockout, a quota met while nodes are created). A failed
   * creation leaves the cluster in ERROR, as GKE does.
   */
  public synchronized FakeGke failNextOperation(io.grpc.Status.Code code, String message) {
    this.nextFailure =
        com.google.rpc.Status.newBuilder().setCode(code.value()).setMessage(message).build();
    return this;
  }

  /** GKE deletes the cluster by itself (as it may do with one whose creation failed). */
  public synchronized void deleteByGke(String clusterPath) {
    clusters.remove(clusterPath);
    poolSizes.keySet().removeIf(k -> k.startsWith(clusterPath + "/"));
  }

  /** Starts an operation of GKE's own on the cluster (an auto-upgrade of the nodes). */
  public synchronized Operation startSystemOperation(String clusterPath) {
    Cluster c = requireCluster(clusterPath);
    return begin(
        c,
        Operation.Type.AUTO_UPGRADE_NODES,
        c.getSelfLink(),
        Cluster.Status.RECONCILING,
        () -> {});
  }

  /**
   * Starts GKE's own upgrade of the control plane to {@code version}, as a release channel does in
   * the background; node pools with auto-upgrade follow within the same operation.
   */
  public synchronized Operation autoUpgrade(String clusterPath, String version) {
    Cluster c = requireIdle(clusterPath);
    return begin(
        c,
        Operation.Type.UPGRADE_MASTER,
        c.getSelfLink(),
        Cluster.Status.RECONCILING,
        () ->
            update(
                clusterPath,
                x -> {
                  Cluster.Builder b = x.toBuilder().setCurrentMasterVersion(version);
                  for (int i = 0; i < b.getNodePoolsCount(); i++) {
                    if (b.getNodePools(i).getManagement().getAutoUpgrade()) {
                      b.setNodePools(i, b.getNodePools(i).toBuilder().setVersion(version));
                    }
                  }
                  return b.build();
                }));
  }

  /**
   * Starts GKE's auto-repair of a pool's nodes. Like GKE's, it runs alongside other operations: it
   * neither blocks changes nor marks the cluster RECONCILING.
   */
  public synchronized Operation startRepair(String poolPath) {
    PoolRef ref = PoolRef.of(poolPath);
    Cluster c = requireCluster(ref.clusterPath());
    NodePool pool = requirePool(c, ref.pool());
    Operation op =
        begin(c, Operation.Type.AUTO_REPAIR_NODES, pool.getSelfLink(), c.getStatus(), () -> {});
    operations.values().stream()
        .filter(p -> p.op.getName().equals(op.getName()))
        .forEach(p -> p.concurrent = true);
    return op;
  }

  /** Puts a node pool in a state of GKE's own, as when its VMs fail to start. */
  public synchronized void nodePoolStatus(String poolPath, NodePool.Status status, String message) {
    PoolRef ref = PoolRef.of(poolPath);
    updatePool(
        ref.clusterPath(),
        ref.pool(),
        p -> p.toBuilder().setStatus(status).setStatusMessage(message).build());
  }

  /** The cluster as stored, without counting as a poll. */
  public synchronized Optional<Cluster> cluster(String clusterPath) {
    return Optional.ofNullable(clusters.get(clusterPath));
  }

  /** The live node count per zone of a node pool (what SetNodePoolSize changes). */
  public synchronized Optional<Integer> nodePoolSize(String poolPath) {
    return Optional.ofNullable(poolSizes.get(poolPath));
  }

  /** RPCs served so far, by method name. */
  public synchronized Map<String, Integer> calls() {
    return new TreeMap<>(calls);
  }

  public synchronized List<Operation> operations() {
    return operations.values().stream().map(p -> p.op).toList();
  }

  @Override
  public void close() {
    if (server != null) {
      server.shutdownNow();
      try {
        server.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  // ---- reads ----

  @Override
  public void getCluster(GetClusterRequest request, StreamObserver<Cluster> response) {
    serve(
        "GetCluster",
        response,
        () -> {
          String path = request.getName();
          operations.values().stream()
              .filter(p -> p.clusterPath.equals(path))
              .toList()
              .forEach(this::poll);
          return requireCluster(path);
        });
  }

  @Override
  public void listClusters(
      ListClustersRequest request, StreamObserver<ListClustersResponse> response) {
    serve(
        "ListClusters",
        response,
        () ->
            ListClustersResponse.newBuilder()
                .addAllClusters(
                    clusters.entrySet().stream()
                        .filter(e -> inLocation(e.getKey(), request.getParent()))
                        .map(Map.Entry::getValue)
                        .toList())
                .build());
  }

  @Override
  public void getOperation(GetOperationRequest request, StreamObserver<Operation> response) {
    serve(
        "GetOperation",
        response,
        () -> {
          PendingOperation p = operations.get(request.getName());
          if (p == null) {
            throw Status.NOT_FOUND
                .withDescription("Operation " + request.getName() + " not found")
                .asRuntimeException();
          }
          poll(p);
          return p.op;
        });
  }

  @Override
  public void listOperations(
      ListOperationsRequest request, StreamObserver<ListOperationsResponse> response) {
    serve(
        "ListOperations",
        response,
        () ->
            ListOperationsResponse.newBuilder()
                .addAllOperations(
                    operations.entrySet().stream()
                        .filter(e -> inLocation(e.getKey(), request.getParent()))
                        .map(e -> e.getValue().op)
                        .toList())
                .build());
  }

  // ---- cluster changes ----

  @Override
  public void createCluster(CreateClusterRequest request, StreamObserver<Operation> response) {
    serve(
        "CreateCluster",
        response,
        () -> {
          mutation();
          Cluster wanted = request.getCluster();
          String name = wanted.getName();
          if (!name.matches("[a-z]([-a-z0-9]{0,38}[a-z0-9])?")) {
            throw invalid(
                "Cluster name must be 1-40 lowercase letters, digits or '-', starting with a letter: "
                    + name);
          }
          if (wanted.getNodePoolsCount() == 0) {
            throw invalid("Cluster.node_pools must be non-empty for a Standard cluster");
          }
          if (wanted.hasReleaseChannel()
              && wanted.getReleaseChannel().getChannel() == ReleaseChannel.Channel.UNSPECIFIED) {
            // GKE: "No channel" is deprecated and closed to new clusters.
            throw invalid(
                "Clusters not enrolled in a release channel can no longer be created: choose a"
                    + " release channel");
          }
          if (!wanted.hasReleaseChannel()) {
            // GKE enrols a Standard cluster without a channel in REGULAR.
            wanted =
                wanted.toBuilder()
                    .setReleaseChannel(
                        ReleaseChannel.newBuilder().setChannel(ReleaseChannel.Channel.REGULAR))
                    .build();
          }
          String path = request.getParent() + "/clusters/" + name;
          if (clusters.containsKey(path)) {
            throw Status.ALREADY_EXISTS
                .withDescription("Already exists: " + path)
                .asRuntimeException();
          }
          String location = request.getParent().substring(request.getParent().lastIndexOf('/') + 1);
          List<String> zones = zonesOf(location);
          List<NodePool> pools = new ArrayList<>();
          int nodes = 0;
          for (NodePool p : wanted.getNodePoolsList()) {
            NodePool pool = newPool(path, p, zones);
            nodes += initialSize(pool) * pool.getLocationsCount();
            pools.add(pool);
          }
          checkQuota(nodes);
          String version =
              resolveVersion(
                  wanted.getInitialClusterVersion(),
                  wanted.getReleaseChannel().getChannel().name());
          Cluster cluster =
              wanted.toBuilder()
                  .clearNodePools()
                  .addAllNodePools(pools)
                  .setSelfLink(LINK + path)
                  .setLocation(location)
                  .clearLocations()
                  .addAllLocations(zones)
                  .setNetwork(wanted.getNetwork().isEmpty() ? "default" : wanted.getNetwork())
                  .setStatus(Cluster.Status.PROVISIONING)
                  .setCreateTime(Instant.now().toString())
                  .setId(Long.toHexString(++sequence))
                  .setLabelFingerprint(fingerprint(wanted.getResourceLabelsMap()))
                  .build();
          clusters.put(path, cluster);
          pools.forEach(p -> poolSizes.put(path + "/nodePools/" + p.getName(), initialSize(p)));
          return begin(
              cluster,
              Operation.Type.CREATE_CLUSTER,
              cluster.getSelfLink(),
              Cluster.Status.PROVISIONING,
              () ->
                  update(
                      path,
                      c -> {
                        Cluster.Builder b =
                            c.toBuilder()
                                .setCurrentMasterVersion(version)
                                .setCurrentNodeVersion(version)
                                .setEndpoint(
                                    "35.200.0." + (1 + Long.parseLong(c.getId(), 16) % 250))
                                .setMasterAuth(
                                    MasterAuth.newBuilder()
                                        .setClusterCaCertificate(placeholderCa(c.getName())));
                        for (int i = 0; i < b.getNodePoolsCount(); i++) {
                          b.setNodePools(
                              i,
                              b.getNodePools(i).toBuilder()
                                  .setStatus(NodePool.Status.RUNNING)
                                  .setVersion(version));
                        }
                        return b.build();
                      }));
        });
  }

  @Override
  public void deleteCluster(DeleteClusterRequest request, StreamObserver<Operation> response) {
    serve(
        "DeleteCluster",
        response,
        () -> {
          mutation();
          String path = request.getName();
          Cluster c = requireIdle(path);
          return begin(
              c,
              Operation.Type.DELETE_CLUSTER,
              c.getSelfLink(),
              Cluster.Status.STOPPING,
              () -> {
                clusters.remove(path);
                poolSizes.keySet().removeIf(k -> k.startsWith(path + "/"));
              });
        });
  }

  @Override
  public void updateMaster(UpdateMasterRequest request, StreamObserver<Operation> response) {
    serve(
        "UpdateMaster",
        response,
        () -> {
          mutation();
          String path = request.getName();
          Cluster c = requireIdle(path);
          if (request.getMasterVersion().isEmpty()) {
            throw invalid("master_version is required");
          }
          String version =
              resolveVersion(request.getMasterVersion(), c.getReleaseChannel().getChannel().name());
          checkMasterUpgrade(c, version);
          return begin(
              c,
              Operation.Type.UPGRADE_MASTER,
              c.getSelfLink(),
              Cluster.Status.RECONCILING,
              () -> update(path, x -> x.toBuilder().setCurrentMasterVersion(version).build()));
        });
  }

  @Override
  public void updateCluster(UpdateClusterRequest request, StreamObserver<Operation> response) {
    serve(
        "UpdateCluster",
        response,
        () -> {
          mutation();
          String path = request.getName();
          Cluster c = requireIdle(path);
          var u = request.getUpdate();
          return begin(
              c,
              Operation.Type.UPDATE_CLUSTER,
              c.getSelfLink(),
              Cluster.Status.RECONCILING,
              () ->
                  update(
                      path,
                      x -> {
                        Cluster.Builder b = x.toBuilder();
                        if (u.hasDesiredMasterAuthorizedNetworksConfig()) {
                          b.setMasterAuthorizedNetworksConfig(
                              u.getDesiredMasterAuthorizedNetworksConfig());
                        }
                        if (u.hasDesiredWorkloadIdentityConfig()) {
                          b.setWorkloadIdentityConfig(u.getDesiredWorkloadIdentityConfig());
                        }
                        if (u.hasDesiredReleaseChannel()) {
                          b.setReleaseChannel(u.getDesiredReleaseChannel());
                        }
                        return b.build();
                      }));
        });
  }

  @Override
  public void setLabels(SetLabelsRequest request, StreamObserver<Operation> response) {
    serve(
        "SetLabels",
        response,
        () -> {
          mutation();
          String path = request.getName();
          Cluster c = requireIdle(path);
          // Like GKE: labels are replaced only with the fingerprint of the labels they replace.
          if (!request.getLabelFingerprint().equals(c.getLabelFingerprint())) {
            throw Status.FAILED_PRECONDITION
                .withDescription("Labels could not be set due to fingerprint mismatch")
                .asRuntimeException();
          }
          return begin(
              c,
              Operation.Type.SET_LABELS,
              c.getSelfLink(),
              Cluster.Status.RECONCILING,
              () ->
                  update(
                      path,
                      x ->
                          x.toBuilder()
                              .clearResourceLabels()
                              .putAllResourceLabels(request.getResourceLabelsMap())
                              .setLabelFingerprint(fingerprint(request.getResourceLabelsMap()))
                              .build()));
        });
  }

  @Override
  public void setMaintenancePolicy(
      SetMaintenancePolicyRequest request, StreamObserver<Operation> response) {
    serve(
        "SetMaintenancePolicy",
        response,
        () -> {
          mutation();
          String path = request.getName();
          Cluster c = requireIdle(path);
          String version = c.getMaintenancePolicy().getResourceVersion();
          if (!request.getMaintenancePolicy().getResourceVersion().equals(version)) {
            throw Status.FAILED_PRECONDITION
                .withDescription("maintenance policy resource version mismatch")
                .asRuntimeException();
          }
          return begin(
              c,
              Operation.Type.SET_MAINTENANCE_POLICY,
              c.getSelfLink(),
              Cluster.Status.RECONCILING,
              () ->
                  update(
                      path,
                      x ->
                          x.toBuilder()
                              .setMaintenancePolicy(
                                  request.getMaintenancePolicy().toBuilder()
                                      .setResourceVersion(Long.toHexString(++sequence)))
                              .build()));
        });
  }

  // ---- node pool changes ----

  @Override
  public void createNodePool(CreateNodePoolRequest request, StreamObserver<Operation> response) {
    serve(
        "CreateNodePool",
        response,
        () -> {
          mutation();
          String path = request.getParent();
          Cluster c = requireIdle(path);
          String name = request.getNodePool().getName();
          if (pool(c, name).isPresent()) {
            throw Status.ALREADY_EXISTS
                .withDescription("Node pool " + name + " already exists")
                .asRuntimeException();
          }
          NodePool pool = newPool(path, request.getNodePool(), c.getLocationsList());
          checkQuota(nodesInUse() + initialSize(pool) * pool.getLocationsCount());
          update(path, x -> x.toBuilder().addNodePools(pool).build());
          poolSizes.put(pool.getSelfLink().substring(LINK.length()), initialSize(pool));
          return begin(
              c,
              Operation.Type.CREATE_NODE_POOL,
              pool.getSelfLink(),
              Cluster.Status.RECONCILING,
              () ->
                  updatePool(
                      path,
                      name,
                      p ->
                          p.toBuilder()
                              .setStatus(NodePool.Status.RUNNING)
                              .setVersion(clusters.get(path).getCurrentMasterVersion())
                              .build()));
        });
  }

  @Override
  public void deleteNodePool(DeleteNodePoolRequest request, StreamObserver<Operation> response) {
    serve(
        "DeleteNodePool",
        response,
        () -> {
          mutation();
          PoolRef ref = PoolRef.of(request.getName());
          Cluster c = requireIdle(ref.clusterPath());
          NodePool pool = requirePool(c, ref.pool());
          updatePool(
              ref.clusterPath(),
              ref.pool(),
              p -> p.toBuilder().setStatus(NodePool.Status.STOPPING).build());
          return begin(
              c,
              Operation.Type.DELETE_NODE_POOL,
              pool.getSelfLink(),
              Cluster.Status.RECONCILING,
              () -> {
                update(
                    ref.clusterPath(),
                    x -> {
                      Cluster.Builder b = x.toBuilder().clearNodePools();
                      x.getNodePoolsList().stream()
                          .filter(p -> !p.getName().equals(ref.pool()))
                          .forEach(b::addNodePools);
                      return b.build();
                    });
                poolSizes.remove(request.getName());
              });
        });
  }

  @Override
  public void setNodePoolAutoscaling(
      SetNodePoolAutoscalingRequest request, StreamObserver<Operation> response) {
    serve(
        "SetNodePoolAutoscaling",
        response,
        () -> {
          mutation();
          PoolRef ref = PoolRef.of(request.getName());
          var a = request.getAutoscaling();
          if (a.getEnabled() && a.getMinNodeCount() > a.getMaxNodeCount()) {
            throw invalid("min_node_count must not exceed max_node_count");
          }
          return poolChange(
              ref, Operation.Type.UPDATE_CLUSTER, p -> p.toBuilder().setAutoscaling(a).build());
        });
  }

  @Override
  public void setNodePoolSize(SetNodePoolSizeRequest request, StreamObserver<Operation> response) {
    serve(
        "SetNodePoolSize",
        response,
        () -> {
          mutation();
          PoolRef ref = PoolRef.of(request.getName());
          NodePool pool = requirePool(requireCluster(ref.clusterPath()), ref.pool());
          int current = poolSizes.getOrDefault(request.getName(), 0);
          checkQuota(nodesInUse() + (request.getNodeCount() - current) * pool.getLocationsCount());
          return poolChange(
              ref,
              Operation.Type.SET_NODE_POOL_SIZE,
              p -> {
                poolSizes.put(request.getName(), request.getNodeCount());
                return p;
              });
        });
  }

  @Override
  public void setNodePoolManagement(
      SetNodePoolManagementRequest request, StreamObserver<Operation> response) {
    serve(
        "SetNodePoolManagement",
        response,
        () -> {
          mutation();
          return poolChange(
              PoolRef.of(request.getName()),
              Operation.Type.SET_NODE_POOL_MANAGEMENT,
              p -> p.toBuilder().setManagement(request.getManagement()).build());
        });
  }

  @Override
  public void updateNodePool(UpdateNodePoolRequest request, StreamObserver<Operation> response) {
    serve(
        "UpdateNodePool",
        response,
        () -> {
          mutation();
          // Like GKE, the request carries only what changes: no version leaves the nodes' as it
          // is, "-" means the control plane's, and nodes never run ahead of the control plane.
          boolean others =
              request.hasLabels()
                  || request.hasTaints()
                  || request.hasResourceLabels()
                  || !request.getImageType().isEmpty()
                  || !request.getMachineType().isEmpty()
                  || request.getDiskSizeGb() != 0
                  || request.hasWorkloadMetadataConfig();
          if (!others && request.getLocationsCount() == 0 && request.getNodeVersion().isEmpty()) {
            throw invalid(
                "At least one of ['node_version', 'image_type', 'locations', 'labels', 'taints',"
                    + " 'resource_labels', 'machine_type', 'disk_size_gb',"
                    + " 'workload_metadata_config'] must be specified.");
          }
          if (request.getLocationsCount() > 0 && others) {
            throw invalid("locations cannot be updated together with other node pool fields");
          }
          PoolRef target = PoolRef.of(request.getName());
          Cluster owner = requireCluster(target.clusterPath());
          if (request.getWorkloadMetadataConfig().getMode()
                  == WorkloadMetadataConfig.Mode.GKE_METADATA
              && owner.getWorkloadIdentityConfig().getWorkloadPool().isEmpty()) {
            throw Status.FAILED_PRECONDITION
                .withDescription("Workload Identity must be enabled on the cluster first")
                .asRuntimeException();
          }
          String master = owner.getCurrentMasterVersion();
          String nodeVersion =
              request.getNodeVersion().isEmpty()
                  ? null
                  : request.getNodeVersion().equals("-")
                      ? master
                      : resolveVersion(request.getNodeVersion(), "REGULAR");
          if (nodeVersion != null && FakeGkeRules.newer(nodeVersion, master)) {
            throw invalid(
                "Node version " + nodeVersion + " must not be newer than the master's " + master);
          }
          return poolChange(
              PoolRef.of(request.getName()),
              Operation.Type.UPGRADE_NODES,
              p -> {
                NodePool.Builder b = p.toBuilder();
                var config = b.getConfigBuilder();
                if (!request.getImageType().isEmpty()) {
                  config.setImageType(request.getImageType());
                }
                if (request.hasLabels()) {
                  config.clearLabels().putAllLabels(request.getLabels().getLabelsMap());
                }
                if (request.hasTaints()) {
                  config.clearTaints().addAllTaints(request.getTaints().getTaintsList());
                }
                if (request.hasResourceLabels()) {
                  config
                      .clearResourceLabels()
                      .putAllResourceLabels(request.getResourceLabels().getLabelsMap());
                }
                if (!request.getMachineType().isEmpty()) {
                  config.setMachineType(request.getMachineType());
                }
                if (request.getDiskSizeGb() != 0) {
                  config.setDiskSizeGb((int) request.getDiskSizeGb());
                }
                if (request.hasWorkloadMetadataConfig()) {
                  config.setWorkloadMetadataConfig(request.getWorkloadMetadataConfig());
                }
                if (request.getLocationsCount() > 0) {
                  b.clearLocations().addAllLocations(request.getLocationsList());
                }
                if (nodeVersion != null) {
                  b.setVersion(nodeVersion);
                }
                return b.build();
              });
        });
  }

  // ---- the machinery ----

  private Operation poolChange(
      PoolRef ref, Operation.Type type, java.util.function.UnaryOperator<NodePool> effect) {
    Cluster c = requireIdle(ref.clusterPath());
    NodePool pool = requirePool(c, ref.pool());
    updatePool(
        ref.clusterPath(),
        ref.pool(),
        p -> p.toBuilder().setStatus(NodePool.Status.RECONCILING).build());
    return begin(
        c,
        type,
        pool.getSelfLink(),
        Cluster.Status.RECONCILING,
        () ->
            updatePool(
                ref.clusterPath(),
                ref.pool(),
                p -> effect.apply(p).toBuilder().setStatus(NodePool.Status.RUNNING).build()));
  }

  private Operation begin(
      Cluster c, Operation.Type type, String target, Cluster.Status during, Runnable effect) {
    String clusterPath = c.getSelfLink().substring(LINK.length());
    String locationPath = clusterPath.substring(0, clusterPath.indexOf("/clusters/"));
    String name =
        "operation-"
            + (++sequence)
            + "-"
            + Long.toHexString(Double.doubleToLongBits(Math.random())).substring(0, 8);
    Instant start = Instant.now();
    if (!start.isAfter(lastStart)) {
      start = lastStart.plusMillis(1);
    }
    lastStart = start;
    Operation op =
        Operation.newBuilder()
            .setName(name)
            .setOperationType(type)
            .setStatus(Operation.Status.RUNNING)
            .setSelfLink(LINK + locationPath + "/operations/" + name)
            .setTargetLink(target)
            .setLocation(c.getLocation())
            .setStartTime(start.toString())
            .build();
    update(clusterPath, x -> x.toBuilder().setStatus(during).build());
    PendingOperation pending =
        new PendingOperation(op, pollsPerOperation, clusterPath, effect, nextFailure);
    nextFailure = null;
    operations.put(locationPath + "/operations/" + name, pending);
    if (pollsPerOperation <= 0) {
      finish(pending);
    }
    return pending.op;
  }

  private void poll(PendingOperation p) {
    if (p.op.getStatus() != Operation.Status.RUNNING) {
      return;
    }
    if (--p.pollsLeft <= 0) {
      finish(p);
    }
  }

  private void finish(PendingOperation p) {
    Operation.Builder done =
        p.op.toBuilder().setStatus(Operation.Status.DONE).setEndTime(Instant.now().toString());
    if (p.failure == null) {
      p.effect.run();
    } else {
      done.setError(p.failure).setStatusMessage(p.failure.getMessage());
      int at = p.op.getTargetLink().indexOf("/nodePools/");
      if (at >= 0) {
        // the pool keeps what it had; a pool whose creation failed is in ERROR
        NodePool.Status status =
            p.op.getOperationType() == Operation.Type.CREATE_NODE_POOL
                ? NodePool.Status.ERROR
                : NodePool.Status.RUNNING;
        updatePool(
            p.clusterPath,
            p.op.getTargetLink().substring(at + "/nodePools/".length()),
            x -> x.toBuilder().setStatus(status).build());
      }
    }
    p.op = done.build();
    if (p.failure != null && p.op.getOperationType() == Operation.Type.CREATE_CLUSTER) {
      update(
          p.clusterPath,
          x ->
              x.toBuilder()
                  .setStatus(Cluster.Status.ERROR)
                  .setStatusMessage(p.failure.getMessage())
                  .build());
      return;
    }
    boolean othersRunning =
        operations.values().stream()
            .anyMatch(
                o ->
                    o != p
                        && !o.concurrent
                        && o.clusterPath.equals(p.clusterPath)
                        && o.op.getStatus() == Operation.Status.RUNNING);
    if (!othersRunning && clusters.containsKey(p.clusterPath)) {
      update(p.clusterPath, x -> x.toBuilder().setStatus(Cluster.Status.RUNNING).build());
    }
  }

  private void mutation() {
    Runnable action = beforeNextMutation;
    beforeNextMutation = null;
    if (action != null) {
      action.run();
    }
  }

  private <T> void serve(String method, StreamObserver<T> response, Supplier<T> handler) {
    T result;
    synchronized (this) {
      calls.merge(method, 1, Integer::sum);
      try {
        result = handler.get();
      } catch (StatusRuntimeException e) {
        response.onError(e);
        return;
      } catch (RuntimeException e) {
        response.onError(Status.INTERNAL.withDescription(e.toString()).asRuntimeException());
        return;
      }
    }
    response.onNext(result);
    response.onCompleted();
  }

  private Cluster requireCluster(String path) {
    Cluster c = clusters.get(path);
    if (c == null) {
      throw Status.NOT_FOUND.withDescription("Not found: " + path).asRuntimeException();
    }
    return c;
  }

  /** The cluster, when no operation runs on it: GKE runs one operation per cluster at a time. */
  private Cluster requireIdle(String path) {
    Cluster c = requireCluster(path);
    Optional<PendingOperation> running =
        operations.values().stream()
            .filter(
                p ->
                    p.clusterPath.equals(path)
                        && !p.concurrent
                        && p.op.getStatus() == Operation.Status.RUNNING)
            .findFirst();
    if (running.isPresent()) {
      // As GKE: FAILED_PRECONDITION with the ErrorInfo reason that says "busy, try later".
      throw StatusProto.toStatusRuntimeException(
          com.google.rpc.Status.newBuilder()
              .setCode(Status.Code.FAILED_PRECONDITION.value())
              .setMessage("Cluster is running incompatible operation " + running.get().op.getName())
              .addDetails(
                  Any.pack(
                      ErrorInfo.newBuilder()
                          .setReason("CLUSTER_ALREADY_HAS_OPERATION")
                          .setDomain("container.googleapis.com")
                          .build()))
              .build());
    }
    return c;
  }

  private void update(String path, java.util.function.UnaryOperator<Cluster> change) {
    Cluster c = clusters.get(path);
    if (c != null) {
      clusters.put(path, change.apply(c));
    }
  }

  private void updatePool(
      String path, String pool, java.util.function.UnaryOperator<NodePool> change) {
    update(
        path,
        c -> {
          Cluster.Builder b = c.toBuilder();
          for (int i = 0; i < b.getNodePoolsCount(); i++) {
            if (b.getNodePools(i).getName().equals(pool)) {
              b.setNodePools(i, change.apply(b.getNodePools(i)));
            }
          }
          return b.build();
        });
  }

  /**
   * GKE's rules for a control-plane upgrade: no minor downgrade, one minor at a time, and no node
   * pool left more than two minors behind.
   */
  private static void checkMasterUpgrade(Cluster c, String version) {
    int from = FakeGkeRules.minor(c.getCurrentMasterVersion());
    int to = FakeGkeRules.minor(version);
    if (to < from) {
      throw invalid("Master cannot be downgraded from " + c.getCurrentMasterVersion());
    }
    if (to > from + 1) {
      throw invalid("Master can only be upgraded one minor version at a time");
    }
    for (NodePool p : c.getNodePoolsList()) {
      if (!p.getVersion().isEmpty() && FakeGkeRules.minor(p.getVersion()) < to - 2) {
        throw Status.FAILED_PRECONDITION
            .withDescription(
                "Node pool "
                    + p.getName()
                    + " at "
                    + p.getVersion()
                    + " would be more than two minor versions older than the master")
            .asRuntimeException();
      }
    }
  }

  private int nodesInUse() {
    int nodes = 0;
    for (Cluster c : clusters.values()) {
      String path = c.getSelfLink().substring(LINK.length());
      for (NodePool p : c.getNodePoolsList()) {
        nodes +=
            poolSizes.getOrDefault(path + "/nodePools/" + p.getName(), 0) * p.getLocationsCount();
      }
    }
    return nodes;
  }

  private void checkQuota(int nodes) {
    if (nodes > nodeQuota) {
      // GKE answers a Compute Engine quota shortfall with PERMISSION_DENIED (HTTP 403).
      throw Status.PERMISSION_DENIED
          .withDescription(
              "Insufficient regional quota to satisfy request: resource \"NODES\": requested "
                  + nodes
                  + ", limit "
                  + nodeQuota)
          .asRuntimeException();
    }
  }
}
