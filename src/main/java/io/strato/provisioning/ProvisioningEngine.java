package io.strato.provisioning;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.strato.cloud.loadbalancer.LoadBalancers;
import io.strato.cloud.network.Subnets;
import io.strato.cloud.nodegroup.NodeGroups;
import io.strato.config.StratoConfig;
import io.strato.provisioning.cluster.ClusterDriver;
import io.strato.provisioning.cluster.ClusterNetwork;
import io.strato.provisioning.cluster.ClusterReconciler;
import io.strato.provisioning.loadbalancer.LoadBalancerReconciler;
import io.strato.provisioning.nodegroup.NodeGroupReconciler;
import io.strato.provisioning.store.ResourceKey;
import io.strato.provisioning.store.ResourceStore;
import io.strato.reconcile.Backoff;
import io.strato.reconcile.Controller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.jboss.logging.Logger;

/**
 * Runs the provisioning reconcilers on the shared engine. At start-up every stored resource is
 * queued once, so work a previous process left unfinished (a crash mid-create, a delete not yet
 * done) resumes; after that only changes and requested polls queue anything, so an idle Strato
 * makes no cloud call.
 */
@ApplicationScoped
public class ProvisioningEngine {

  private static final Logger LOG = Logger.getLogger(ProvisioningEngine.class);

  private final ResourceStore store;
  private final ScheduledExecutorService scheduler;
  private final Controller<ResourceKey> controller;

  @Inject
  public ProvisioningEngine(
      ResourceStore store,
      LoadBalancers loadBalancers,
      NodeGroups nodeGroups,
      Subnets subnets,
      List<ClusterDriver> clusterDrivers,
      ObjectMapper json,
      MeterRegistry registry,
      StratoConfig config) {
    this.store = store;
    StratoConfig.Reconcile settings = config.reconcile();
    StatusReporter reporter = new StatusReporter(store, json, Clock.systemUTC());
    List<KindReconciler> kinds =
        List.of(
            new LoadBalancerReconciler(
                store, loadBalancers, reporter, json, settings.pollInterval()),
            new NodeGroupReconciler(
                nodeGroups, store, reporter, json, settings.pollInterval(), this::enqueue),
            new ClusterReconciler(
                clusterDrivers,
                new ClusterNetwork(subnets),
                store,
                reporter,
                json,
                settings.pollInterval()));
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "provisioning-timers");
              t.setDaemon(true);
              return t;
            });
    this.controller =
        new Controller<>(
            "provisioning",
            new ProvisioningReconciler(store, reporter, kinds, settings.pollInterval()),
            settings.workers(),
            new Backoff(settings.backoffBase(), settings.backoffMax()),
            scheduler,
            registry);
  }

  void start(@Observes StartupEvent event) {
    controller.start();
    List<ResourceKey> keys = store.keys();
    keys.forEach(controller::enqueue);
    LOG.infof("provisioning resync: %d resources queued", keys.size());
  }

  void stop(@Observes ShutdownEvent event) {
    controller.close();
    scheduler.shutdownNow();
  }

  public void enqueue(ResourceKey key) {
    controller.enqueue(key);
  }
}
