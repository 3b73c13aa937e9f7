package io.strato.controller;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.micrometer.core.instrument.MeterRegistry;
import io.strato.cloud.CloudProvider;
import io.strato.cloud.inventory.ClusterInventory;
import io.strato.cloud.loadbalancer.LoadBalancers;
import io.strato.cloud.route.Routes;
import io.strato.config.StratoConfig;
import io.strato.controller.node.NodeController;
import io.strato.controller.node.NodeControllerSettings;
import io.strato.controller.route.RouteController;
import io.strato.controller.route.RouteReconciler;
import io.strato.controller.service.CachedServiceFields;
import io.strato.controller.service.ClusterCache;
import io.strato.controller.service.ServiceController;
import io.strato.controller.service.ServiceControllerSettings;
import io.strato.controller.sweeper.Orphan;
import io.strato.controller.sweeper.OrphanSweeper;
import io.strato.controller.sweeper.SweepReport;
import io.strato.reconcile.Backoff;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Everything that runs while this replica holds the lease: one informer per watched kind feeding
 * the service, node and route controllers, the periodic NotReady-node check and the orphan sweeper.
 * Built fresh on every election win and closed on loss, so no state survives a lost lease.
 */
final class LeadingControllers implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(LeadingControllers.class);

  private final KubernetesClient client;
  private final StratoConfig config;
  private final String clusterId;
  private final ScheduledExecutorService scheduler;
  private final NodeController nodes;
  private final ServiceController services;
  private final RouteController routes;
  private final OrphanSweeper sweeper;
  private final SweepSchedule sweeps;
  private final KubernetesEvents events;
  private final EventWriter serviceEvents = new EventWriter("service-events");
  private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
  private final SharedIndexInformer<Node> nodeInformer;
  private final SharedIndexInformer<Service> serviceInformer;

  /**
   * @param cloud the provider; it must offer instances and load balancers, while routes and the
   *     cluster inventory are optional (without them the route controller or the sweeper is off)
   */
  LeadingControllers(
      KubernetesClient client,
      CloudProvider cloud,
      StratoConfig config,
      String clusterId,
      MeterRegistry registry) {
    this.client = client;
    this.config = config;
    this.clusterId = clusterId;
    StratoConfig.Ccm ccm = config.ccm();
    LoadBalancers loadBalancers = required(cloud, "load balancers", cloud.loadBalancers());
    this.scheduler =
        Executors.newScheduledThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "ccm-timers");
              t.setDaemon(true);
              return t;
            });
    Backoff backoff =
        new Backoff(config.reconcile().backoffBase(), config.reconcile().backoffMax());
    // Built here, started in start(): the node and service controllers read their caches.
    this.nodeInformer = client.nodes().runnableInformer(0);
    // Server-side apply's bookkeeping is read by no controller; a write of a cached Node that omits
    // it leaves the server's copy as it is (a client cannot clear it by leaving it out).
    nodeInformer.itemStore(new TrimmingItemStore<>(n -> n.getMetadata().setManagedFields(null)));
    this.serviceInformer = client.services().inAnyNamespace().runnableInformer(0);
    serviceInformer.itemStore(new TrimmingItemStore<>(CachedServiceFields::trim));
    this.nodes =
        new NodeController(
            client,
            () -> nodeInformer.getStore().list(),
            required(cloud, "instances", cloud.instances()),
            NodeControllerSettings.from(ccm),
            scheduler,
            registry);
    this.services =
        new ServiceController(
            client,
            ClusterCache.of(nodeInformer, serviceInformer),
            loadBalancers,
            ServiceControllerSettings.of(config),
            ccm.workers(),
            ServiceControllerSettings.retryBackoff(),
            scheduler,
            registry,
            Clock.systemUTC(),
            serviceEvents);
    Optional<Routes> cloudRoutes = ccm.configureRoutes() ? cloud.routes() : Optional.empty();
    if (ccm.configureRoutes() && cloudRoutes.isEmpty()) {
      // As kube-controller-manager does with --configure-cloud-routes on a cloud without routes.
      LOG.warnf(
          "strato.ccm.configure-routes is on but cloud provider %s has no routes: the route"
              + " controller is off",
          cloud.name());
    }
    this.routes =
        cloudRoutes
            .map(
                r ->
                    new RouteController(
                        new RouteReconciler(
                            clusterId,
                            ccm.clusterCidr(),
                            r,
                            r::disableSourceDestChecks,
                            client,
                            () -> nodeInformer.getStore().list()),
                        backoff,
                        scheduler,
                        registry))
            .orElse(null);
    Optional<ClusterInventory> inventory = cloud.clusterInventory();
    if (inventory.isEmpty()) {
      LOG.warnf(
          "cloud provider %s cannot list what Services leave behind: no orphan sweeps",
          cloud.name());
    }
    this.sweeper =
        inventory
            .map(
                i ->
                    new OrphanSweeper(
                        i,
                        loadBalancers,
                        clusterId,
                        ccm.orphanGracePeriod(),
                        Clock.systemUTC(),
                        registry))
            .orElse(null);
    this.sweeps = new SweepSchedule(scheduler, this::sweep, ccm.orphanGracePeriod());
    this.events = new KubernetesEvents(client, Clock.systemUTC());
  }

  private static <T> T required(CloudProvider cloud, String capability, Optional<T> offered) {
    return offered.orElseThrow(
        () ->
            new IllegalStateException(
                "cloud provider "
                    + cloud.name()
                    + " offers no "
                    + capability
                    + ": the cloud controller manager cannot run without them"));
  }

  /** Starts the informers (waiting for their first list), then the controllers and timers. */
  void start() throws Exception {
    inform(
        nodeInformer,
        node -> {
          nodes.onNodeEvent(node);
          services.onNodeEvent(node);
          if (routes != null) {
            routes.onNodeEvent(node);
          }
        },
        node -> {
          nodes.onNodeDeleted(node);
          services.onNodeDeleted(node);
          if (routes != null) {
            routes.onNodeDeleted(node);
          }
        });
    inform(
        serviceInformer,
        services::onServiceEvent,
        service -> {
          services.onServiceDeleted(service);
          sweeps.request(SweepSchedule.AFTER_DELETION);
        });
    nodes.start();
    services.start();
    // Bypasses the event filter once, so drift made while no replica led is repaired.
    services.resync(serviceInformer.getStore().list());
    if (routes != null) {
      routes.start();
    }
    sweeps.request(java.time.Duration.ZERO);
    sweeps.every(config.ccm().orphanSweepPeriod());
    LOG.infof(
        "cloud controller manager leading for cluster %s: service and node controllers%s running,"
            + " orphan sweeps on start-up and after Service deletions",
        clusterId, routes == null ? "" : " and the route controller");
  }

  private <T extends HasMetadata> void inform(
      SharedIndexInformer<T> informer, Consumer<T> changed, Consumer<T> deleted) throws Exception {
    informer.addEventHandler(
        new ResourceEventHandler<T>() {
          @Override
          public void onAdd(T obj) {
            changed.accept(obj);
          }

          @Override
          public void onUpdate(T oldObj, T newObj) {
            changed.accept(newObj);
          }

          @Override
          public void onDelete(T obj, boolean deletedFinalStateUnknown) {
            deleted.accept(obj);
          }
        });
    informers.add(informer);
    informer.start().toCompletableFuture().get(2, TimeUnit.MINUTES);
  }

  /**
   * The sweeper is given the UIDs of the Services in a synced cache only: an unsynced cache would
   * make every load balancer look orphaned (the grace period is only the second line of defence).
   */
  private SweepReport sweep() {
    if (sweeper == null || !serviceInformer.hasSynced()) {
      return null;
    }
    Set<String> live =
        serviceInformer.getStore().list().stream()
            .map(s -> s.getMetadata().getUid())
            .collect(Collectors.toSet());
    SweepReport report = sweeper.sweep(live);
    report.deleted().forEach(o -> events.normal(formerOwner(o), "DeletedOrphan", describe(o)));
    report
        .pending()
        .forEach(o -> events.warning(formerOwner(o), "OrphanDeletePending", describe(o)));
    if (!report.found().isEmpty()) {
      LOG.infof(
          "orphan sweep: %d found, %d deleted, %d pending",
          report.found().size(), report.deleted().size(), report.pending().size());
    }
    return report;
  }

  /**
   * The deleted Service an orphan belonged to, as an event's subject: Kubernetes keeps events about
   * objects that are gone, so {@code kubectl get events -n <namespace>} shows what was swept.
   */
  static Service formerOwner(Orphan orphan) {
    String[] parts = orphan.resource().split("/", 3);
    String namespace = parts.length == 3 ? parts[1] : "default";
    String name = parts.length == 3 ? parts[2] : orphan.resource();
    return new ServiceBuilder()
        .withNewMetadata()
        .withNamespace(namespace)
        .withName(name)
        .withUid(orphan.ownerUid())
        .endMetadata()
        .build();
  }

  private static String describe(Orphan orphan) {
    return "orphaned "
        + orphan.kind().name().toLowerCase().replace('_', ' ')
        + " "
        + orphan.name()
        + " of a deleted Service";
  }

  @Override
  public void close() {
    informers.forEach(SharedIndexInformer::close);
    nodes.close();
    services.close();
    serviceEvents.close(); // after the workers: what they recorded is written first
    if (routes != null) {
      routes.close();
    }
    scheduler.shutdownNow();
  }
}
