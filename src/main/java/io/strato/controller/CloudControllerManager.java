package io.strato.controller;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.strato.cloud.CloudProvider;
import io.strato.config.StratoConfig;
import io.strato.controller.leader.LeaderElection;
import io.strato.reconcile.LeaseSettings;
import io.strato.reconcile.StandbyPreparation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Runs Strato as a cluster's cloud controller manager when {@code strato.ccm.enabled}: every
 * replica stands for election on a Lease, and only the leader runs the controllers. A follower
 * takes over within the lease duration when the leader dies; a leader that loses the lease stops
 * its controllers at once.
 */
@ApplicationScoped
public class CloudControllerManager {

  private static final Logger LOG = Logger.getLogger(CloudControllerManager.class);

  private final StratoConfig config;
  private final Instance<KubernetesClient> kubernetes;
  private final Instance<CloudProvider> cloud;
  private final MeterRegistry registry;
  private final StandbyPreparation standby;
  private LeaderElection election;
  private LeadingControllers leading;

  public CloudControllerManager(
      StratoConfig config,
      Instance<KubernetesClient> kubernetes,
      Instance<CloudProvider> cloud,
      MeterRegistry registry) {
    this(config, kubernetes, cloud, registry, StandbyPreparation.NONE);
  }

  @Inject
  public CloudControllerManager(
      StratoConfig config,
      Instance<KubernetesClient> kubernetes,
      Instance<CloudProvider> cloud,
      MeterRegistry registry,
      StandbyPreparation standby) {
    this.standby = standby;
    this.config = config;
    this.kubernetes = kubernetes;
    this.cloud = cloud;
    this.registry = registry;
  }

  void start(@Observes StartupEvent event) {
    StratoConfig.Ccm ccm = config.ccm();
    if (!ccm.enabled()) {
      return;
    }
    clusterId();
    election =
        new LeaderElection(
            kubernetes.get(),
            leaseSettings(ccm),
            this::startLeading,
            this::stopLeading,
            standby::prepare);
    election.start();
    LOG.infof(
        "cloud controller manager standing for election on Lease %s/%s",
        ccm.leaseNamespace(), ccm.leaseName());
  }

  static LeaseSettings leaseSettings(StratoConfig.Ccm ccm) {
    return new LeaseSettings(
        ccm.leaseNamespace(),
        ccm.leaseName(),
        LeaseSettings.defaultIdentity(),
        ccm.leaseDuration(),
        ccm.renewDeadline(),
        ccm.retryPeriod());
  }

  /**
   * The cluster ID, required: without it Strato cannot tell this cluster's subnets, route tables
   * and load balancers from another's in the same account.
   */
  String clusterId() {
    StratoConfig.Ccm ccm = config.ccm();
    if (ccm.clusterId().isPresent()) {
      String id = ccm.clusterId().get();
      ClusterIdRule.problem(id)
          .ifPresent(
              problem -> {
                throw new IllegalStateException(
                    "strato.ccm.cluster-id (STRATO_CCM_CLUSTER_ID) '"
                        + id
                        + "' "
                        + problem
                        + ". Refusing to start the cloud controller manager.");
              });
      return id;
    }
    if (ccm.allowMissingClusterId()) {
      LOG.warn(
          "strato.ccm.cluster-id is not set and allow-missing-cluster-id is on: resources are not"
              + " scoped to a cluster");
      return "";
    }
    throw new IllegalStateException(
        "strato.ccm.cluster-id (STRATO_CCM_CLUSTER_ID) is required to run the cloud controller"
            + " manager: it tags kubernetes.io/cluster/<id> and finds this cluster's subnets and"
            + " route tables. Set strato.ccm.allow-missing-cluster-id=true to run without one.");
  }

  private synchronized void startLeading() {
    try {
      leading =
          new LeadingControllers(kubernetes.get(), cloud.get(), config, clusterId(), registry);
      leading.start();
    } catch (Exception e) {
      LOG.error("cloud controller manager could not start its controllers", e);
      stopLeading();
    }
  }

  private synchronized void stopLeading() {
    if (leading != null) {
      leading.close();
      leading = null;
      LOG.info("cloud controller manager stopped leading");
    }
  }

  /** Whether this replica runs the controllers now. */
  public synchronized boolean leading() {
    return leading != null;
  }

  void stop(@Observes ShutdownEvent event) {
    if (election != null) {
      election.close();
    }
    stopLeading();
  }
}
