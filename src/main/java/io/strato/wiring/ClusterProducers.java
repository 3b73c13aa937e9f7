package io.strato.wiring;

import io.quarkus.runtime.StartupEvent;
import io.strato.cloud.aws.AwsClients;
import io.strato.cloud.aws.cluster.ecs.EcsClusterDriver;
import io.strato.cloud.aws.cluster.eks.EksClusterDriver;
import io.strato.cloud.aws.cluster.selfmanaged.SelfManagedClusterDriver;
import io.strato.cloud.aws.ec2.AwsSubnets;
import io.strato.cloud.cluster.ClusterDriver;
import io.strato.cloud.gcp.cluster.GkeClusterDriver;
import io.strato.cloud.loadbalancer.LoadBalancers;
import io.strato.cloud.network.Subnets;
import io.strato.cloud.nodegroup.NodeGroups;
import io.strato.config.StratoConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * Builds the cluster side: subnet lookups and one driver per type of cluster, each built on its
 * first use so that start-up builds no cloud client.
 */
@ApplicationScoped
public class ClusterProducers {

  // Normal-scoped (ArC creates it on its first call): see CloudProducers.loadBalancers.
  @Produces
  @ApplicationScoped
  Subnets subnets(AwsClients clients) {
    return new AwsSubnets(clients.ec2());
  }

  @Produces
  @Singleton
  List<ClusterDriver> clusterDrivers(
      AwsClients clients,
      NodeGroups nodeGroups,
      LoadBalancers loadBalancers,
      // A Provider: the GKE client, or Strato's built-in GKE fake, starts with the first GKE
      // cluster.
      Provider<GkeClusterDriver> gke,
      StratoConfig config) {
    return List.of(
        new ClusterDriverOnFirstUse("gke", gke::get),
        new ClusterDriverOnFirstUse("eks", () -> new EksClusterDriver(clients)),
        new ClusterDriverOnFirstUse("ecs", () -> new EcsClusterDriver(clients, nodeGroups)),
        new ClusterDriverOnFirstUse(
            SelfManagedClusterDriver.TYPE,
            () ->
                new SelfManagedClusterDriver(
                    clients,
                    loadBalancers,
                    nodeGroups,
                    bootstrapSecret(config),
                    Clock.systemUTC(),
                    config.clusters().bootstrapTokenTtl())));
  }

  static byte[] bootstrapSecret(StratoConfig config) {
    return BootstrapSecret.load(bootstrapKeyFile(config));
  }

  // The key is read with the first self-managed cluster; an exposed key file must stop the start,
  // not a reconcile hours later.
  void refuseExposedBootstrapKey(@Observes StartupEvent event, StratoConfig config) {
    try {
      BootstrapSecret.refuseIfExposed(bootstrapKeyFile(config));
    } catch (IllegalStateException exposed) {
      throw new IllegalStateException("Refusing to start: " + exposed.getMessage(), exposed);
    }
  }

  private static Path bootstrapKeyFile(StratoConfig config) {
    return config
        .clusters()
        .bootstrapKeyFile()
        .map(Path::of)
        .orElse(Path.of(config.dataDir(), "bootstrap.key"));
  }
}
