package io.strato.provisioning;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.strato.cloud.cluster.ClusterDriver;
import io.strato.cloud.loadbalancer.LoadBalancers;
import io.strato.cloud.network.RememberedSubnets;
import io.strato.cloud.network.Subnets;
import io.strato.cloud.nodegroup.NodeGroups;
import io.strato.config.StratoConfig;
import io.strato.provisioning.cluster.ClusterNetwork;
import io.strato.provisioning.cluster.ClusterReconciler;
import io.strato.provisioning.loadbalancer.LoadBalancerReconciler;
import io.strato.provisioning.nodegroup.NodeGroupReconciler;
import io.strato.provisioning.store.ResourceKey;
import io.strato.provisioning.store.ResourceStore;
import io.strato.provisioning.store.StoreDataSource;
import io.strato.reconcile.LeaseSettings;
import io.strato.reconcile.StandbyPreparation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** The application's {@link ProvisioningRuntime}, wired from the cloud providers and the store. */
@ApplicationScoped
public class ProvisioningEngine {

  /**
   * How long a cluster's subnets, once checked, are taken as they were: a cluster is polled every
   * poll interval while it settles, and re-reading the same immutable subnets each time was one of
   * its few calls per poll (docs/benchmarks.md).
   */
  static final Duration SUBNET_MEMORY = Duration.ofMinutes(5);

  private final ProvisioningRuntime runtime;

  @Inject
  public ProvisioningEngine(
      ResourceStore store,
      LoadBalancers loadBalancers,
      NodeGroups nodeGroups,
      Subnets subnets,
      List<ClusterDriver> clusterDrivers,
      ObjectMapper json,
      MeterRegistry registry,
      StratoConfig config,
      StoreDataSource dataSource,
      StandbyPreparation standby) {
    StratoConfig.Reconcile settings = config.reconcile();
    StatusReporter reporter = new StatusReporter(store, json, Clock.systemUTC());
    this.runtime =
        new ProvisioningRuntime(
            store,
            dataSource.dataSource(),
            reporter,
            enqueue ->
                List.of(
                    new LoadBalancerReconciler(
                        store, loadBalancers, reporter, json, settings.pollInterval()),
                    new NodeGroupReconciler(
                        nodeGroups, store, reporter, json, settings.pollInterval(), enqueue),
                    new ClusterReconciler(
                        clusterDrivers,
                        new ClusterNetwork(
                            new RememberedSubnets(subnets, SUBNET_MEMORY, Clock.systemUTC())),
                        store,
                        reporter,
                        json,
                        settings.pollInterval())),
            settings,
            registry,
            // The same identity the CCM's Lease uses: pod name plus a random part.
            LeaseSettings.defaultIdentity(),
            standby);
  }

  void start(@Observes StartupEvent event) {
    runtime.start();
  }

  void stop(@Observes ShutdownEvent event) {
    runtime.close();
  }

  public void enqueue(ResourceKey key) {
    runtime.enqueue(key);
  }

  public boolean leading() {
    return runtime.leading();
  }
}
