package io.strato.cloud.gcp;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.InstantiatingGrpcChannelProvider;
import com.google.cloud.container.v1.ClusterManagerClient;
import com.google.cloud.container.v1.ClusterManagerSettings;
import com.google.container.v1.Cluster;
import com.google.container.v1.ClusterUpdate;
import com.google.container.v1.CreateClusterRequest;
import com.google.container.v1.CreateNodePoolRequest;
import com.google.container.v1.DeleteClusterRequest;
import com.google.container.v1.DeleteNodePoolRequest;
import com.google.container.v1.GetClusterRequest;
import com.google.container.v1.ListOperationsRequest;
import com.google.container.v1.MaintenancePolicy;
import com.google.container.v1.NodeManagement;
import com.google.container.v1.NodePool;
import com.google.container.v1.NodePoolAutoscaling;
import com.google.container.v1.Operation;
import com.google.container.v1.SetLabelsRequest;
import com.google.container.v1.SetMaintenancePolicyRequest;
import com.google.container.v1.SetNodePoolAutoscalingRequest;
import com.google.container.v1.SetNodePoolManagementRequest;
import com.google.container.v1.SetNodePoolSizeRequest;
import com.google.container.v1.UpdateClusterRequest;
import com.google.container.v1.UpdateMasterRequest;
import com.google.container.v1.UpdateNodePoolRequest;
import io.grpc.ManagedChannelBuilder;
import io.strato.cloud.CloudException;
import io.strato.cloud.aws.CloudCallMetrics;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The GKE (container v1) API as Strato uses it. Every call goes through {@link #call}, which counts
 * and times it as {@code container:<Method>} with provider {@code gcp} and translates failures into
 * the {@link CloudException} family. Names are full resource names ({@code
 * projects/p/locations/l/clusters/c[/nodePools/np]}).
 *
 * <p>The underlying client is built on first use: building it reads Application Default
 * Credentials, and an application that never provisions a GKE cluster must start without them.
 */
public final class GkeClient implements AutoCloseable {

  static final String SERVICE = "container";

  private final Supplier<ClusterManagerClient> factory;
  private final CloudCallMetrics metrics;
  private ClusterManagerClient client;

  public GkeClient(Supplier<ClusterManagerClient> factory, CloudCallMetrics metrics) {
    this.factory = factory;
    this.metrics = metrics;
  }

  /**
   * A client for {@code endpoint} (host:port, plaintext, no credentials: a fake) when given, else
   * for Google's endpoint with Application Default Credentials.
   */
  public static GkeClient connect(Optional<String> endpoint, CloudCallMetrics metrics) {
    return new GkeClient(() -> create(endpoint), metrics);
  }

  private static ClusterManagerClient create(Optional<String> endpoint) {
    try {
      if (endpoint.isEmpty()) {
        return ClusterManagerClient.create();
      }
      ClusterManagerSettings settings =
          ClusterManagerSettings.newBuilder()
              .setEndpoint(endpoint.get())
              .setCredentialsProvider(NoCredentialsProvider.create())
              .setTransportChannelProvider(
                  InstantiatingGrpcChannelProvider.newBuilder()
                      .setEndpoint(endpoint.get())
                      .setChannelConfigurator(ManagedChannelBuilder::usePlaintext)
                      .build())
              .build();
      return ClusterManagerClient.create(settings);
    } catch (IOException e) {
      // No Application Default Credentials: the user must configure them.
      throw new CloudException.InvalidRequest(
          GcpErrors.PROVIDER,
          "container.Connect",
          "NoCredentials",
          "cannot reach GKE: " + e.getMessage(),
          e);
    }
  }

  public static String locationPath(String project, String location) {
    return "projects/" + project + "/locations/" + location;
  }

  public static String clusterPath(String project, String location, String cluster) {
    return locationPath(project, location) + "/clusters/" + cluster;
  }

  public static String nodePoolPath(String clusterPath, String pool) {
    return clusterPath + "/nodePools/" + pool;
  }

  /** The cluster, or empty when it does not exist. */
  public Optional<Cluster> getCluster(String clusterPath) {
    try {
      return Optional.of(
          call(
              "GetCluster",
              c -> c.getCluster(GetClusterRequest.newBuilder().setName(clusterPath).build())));
    } catch (CloudException.NotFound e) {
      return Optional.empty();
    }
  }

  /** Every operation GKE still lists in the location (running and recently finished). */
  public List<Operation> listOperations(String locationPath) {
    return call(
        "ListOperations",
        c ->
            c.listOperations(ListOperationsRequest.newBuilder().setParent(locationPath).build())
                .getOperationsList());
  }

  public Operation createCluster(String locationPath, Cluster cluster) {
    return call(
        "CreateCluster",
        c ->
            c.createCluster(
                CreateClusterRequest.newBuilder()
                    .setParent(locationPath)
                    .setCluster(cluster)
                    .build()));
  }

  public Operation deleteCluster(String clusterPath) {
    return call(
        "DeleteCluster",
        c -> c.deleteCluster(DeleteClusterRequest.newBuilder().setName(clusterPath).build()));
  }

  public Operation updateMaster(String clusterPath, String version) {
    return call(
        "UpdateMaster",
        c ->
            c.updateMaster(
                UpdateMasterRequest.newBuilder()
                    .setName(clusterPath)
                    .setMasterVersion(version)
                    .build()));
  }

  /** Cluster settings GKE changes in place (authorized networks, workload identity, channel). */
  public Operation updateCluster(String clusterPath, ClusterUpdate update) {
    return call(
        "UpdateCluster",
        c ->
            c.updateCluster(
                UpdateClusterRequest.newBuilder().setName(clusterPath).setUpdate(update).build()));
  }

  /** Replaces the cluster's labels; the fingerprint GKE gave guards against a lost update. */
  public Operation setLabels(String clusterPath, Map<String, String> labels, String fingerprint) {
    return call(
        "SetLabels",
        c ->
            c.setLabels(
                SetLabelsRequest.newBuilder()
                    .setName(clusterPath)
                    .putAllResourceLabels(labels)
                    .setLabelFingerprint(fingerprint)
                    .build()));
  }

  public Operation setMaintenancePolicy(String clusterPath, MaintenancePolicy policy) {
    return call(
        "SetMaintenancePolicy",
        c ->
            c.setMaintenancePolicy(
                SetMaintenancePolicyRequest.newBuilder()
                    .setName(clusterPath)
                    .setMaintenancePolicy(policy)
                    .build()));
  }

  public Operation createNodePool(String clusterPath, NodePool pool) {
    return call(
        "CreateNodePool",
        c ->
            c.createNodePool(
                CreateNodePoolRequest.newBuilder()
                    .setParent(clusterPath)
                    .setNodePool(pool)
                    .build()));
  }

  public Operation deleteNodePool(String poolPath) {
    return call(
        "DeleteNodePool",
        c -> c.deleteNodePool(DeleteNodePoolRequest.newBuilder().setName(poolPath).build()));
  }

  public Operation setNodePoolAutoscaling(String poolPath, NodePoolAutoscaling autoscaling) {
    return call(
        "SetNodePoolAutoscaling",
        c ->
            c.setNodePoolAutoscaling(
                SetNodePoolAutoscalingRequest.newBuilder()
                    .setName(poolPath)
                    .setAutoscaling(autoscaling)
                    .build()));
  }

  public Operation setNodePoolSize(String poolPath, int nodeCount) {
    return call(
        "SetNodePoolSize",
        c ->
            c.setNodePoolSize(
                SetNodePoolSizeRequest.newBuilder()
                    .setName(poolPath)
                    .setNodeCount(nodeCount)
                    .build()));
  }

  public Operation setNodePoolManagement(String poolPath, NodeManagement management) {
    return call(
        "SetNodePoolManagement",
        c ->
            c.setNodePoolManagement(
                SetNodePoolManagementRequest.newBuilder()
                    .setName(poolPath)
                    .setManagement(management)
                    .build()));
  }

  /** An in-place node pool update; the request names the pool and carries what changes. */
  public Operation updateNodePool(UpdateNodePoolRequest request) {
    return call("UpdateNodePool", c -> c.updateNodePool(request));
  }

  private <T> T call(String method, java.util.function.Function<ClusterManagerClient, T> call) {
    String operation = SERVICE + "." + method;
    long started = System.nanoTime();
    try {
      T result = call.apply(client());
      record(method, "success", started);
      return result;
    } catch (CloudException e) {
      record(method, "client_error", started);
      throw e;
    } catch (RuntimeException e) {
      record(method, GcpErrors.outcomeOf(e), started);
      throw GcpErrors.translate(operation, e);
    }
  }

  private void record(String method, String outcome, long started) {
    metrics.record(
        GcpErrors.PROVIDER,
        SERVICE,
        method,
        outcome,
        Duration.ofNanos(System.nanoTime() - started));
  }

  private synchronized ClusterManagerClient client() {
    if (client == null) {
      client = factory.get();
    }
    return client;
  }

  @Override
  public synchronized void close() {
    if (client != null) {
      client.close();
      client = null;
    }
  }
}
