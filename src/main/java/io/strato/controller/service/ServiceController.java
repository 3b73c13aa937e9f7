package io.strato.controller.service;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.strato.cloud.loadbalancer.LoadBalancers;
import io.strato.reconcile.Backoff;
import io.strato.reconcile.Controller;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The service controller: feed it the Service and Node informer events, it keeps one NLB per
 * load-balanced Service. Services go through a keyed work queue ({@code namespace/name}); node
 * changes that matter to targets (providerID, labels, the autoscaler's taint, deletion) coalesce
 * into one pending target sync, so a burst of node events costs one pass, and node heartbeats cost
 * nothing.
 */
public final class ServiceController implements AutoCloseable {

  /**
   * What of a node decides whether, and as which instance, it is a target (see {@link
   * EligibleNodes}): its providerID, its labels (the exclusion label and any label a Service's
   * {@code -target-node-labels} may ask for), the autoscaler's taint and whether it is being
   * deleted. Not its readiness: a node flapping NotReady costs nothing.
   */
  private record NodeView(
      String providerId, Map<String, String> labels, boolean toBeDeleted, boolean deleting) {
    static NodeView of(Node node) {
      return new NodeView(
          node.getSpec() == null ? null : node.getSpec().getProviderID(),
          node.getMetadata().getLabels() == null
              ? Map.of()
              : Map.copyOf(node.getMetadata().getLabels()),
          EligibleNodes.toBeDeleted(node),
          node.getMetadata().getDeletionTimestamp() != null);
    }
  }

  /** What of a Service can change its load balancer: not its status, not its finalizers. */
  private record ServiceView(
      String uid, Object spec, Map<String, String> annotations, String deletionTimestamp) {
    static ServiceView of(Service service) {
      Map<String, String> annotations = service.getMetadata().getAnnotations();
      return new ServiceView(
          service.getMetadata().getUid(),
          service.getSpec(),
          annotations == null ? Map.of() : Map.copyOf(annotations),
          service.getMetadata().getDeletionTimestamp());
    }
  }

  private final Controller<String> services;
  private final Controller<String> nodes;
  private final AppliedTargets applied = new AppliedTargets();
  private final Map<String, NodeView> seenNodes = new ConcurrentHashMap<>();
  private final Map<String, ServiceView> seenServices = new ConcurrentHashMap<>();

  /**
   * {@code eventWrites} writes the Events: an {@link io.strato.controller.EventWriter} in
   * production, so that no worker waits for one; {@code Runnable::run} writes them on the caller's
   * thread.
   */
  public ServiceController(
      KubernetesClient client,
      ClusterCache cache,
      LoadBalancers loadBalancers,
      ServiceControllerSettings settings,
      int workers,
      Backoff backoff,
      ScheduledExecutorService scheduler,
      MeterRegistry registry,
      Clock clock,
      Executor eventWrites) {
    ServiceEvents events = new ServiceEvents(client, clock, eventWrites);
    ServiceReconciler reconciler =
        new ServiceReconciler(
            client, cache, loadBalancers, settings, clock, applied, this::requestNodeSync, events);
    this.services = new Controller<>("service", reconciler, workers, backoff, scheduler, registry);
    NodeTargetSync sync =
        new NodeTargetSync(cache, loadBalancers, settings, applied, events, services::enqueue);
    this.nodes = new Controller<>("service-nodes", sync, 1, backoff, scheduler, registry);
  }

  public void start() {
    services.start();
    nodes.start();
  }

  /**
   * Every add, update and delete of a Service. An update that changes only what this controller
   * writes itself (status, finalizers, resourceVersion) is dropped: otherwise each status write
   * would come back as an event and cost a read-only reconcile against AWS.
   */
  public void onServiceEvent(Service service) {
    String key = key(service);
    ServiceView now = ServiceView.of(service);
    if (!now.equals(seenServices.put(key, now))) {
      services.enqueue(key);
    }
  }

  /** Every delete of a Service. */
  public void onServiceDeleted(Service service) {
    String key = key(service);
    seenServices.remove(key);
    services.enqueue(key);
  }

  private static String key(Service service) {
    return service.getMetadata().getNamespace() + "/" + service.getMetadata().getName();
  }

  /** Every add and update of a Node; only a change that can move targets triggers a sync. */
  public void onNodeEvent(Node node) {
    NodeView now = NodeView.of(node);
    NodeView before = seenNodes.put(node.getMetadata().getName(), now);
    if (!Objects.equals(before, now)) {
      applied.nodesChanged();
      nodes.enqueue(NodeTargetSync.KEY);
    }
  }

  private void requestNodeSync() {
    nodes.enqueue(NodeTargetSync.KEY);
  }

  /** Every delete of a Node. */
  public void onNodeDeleted(Node node) {
    if (seenNodes.remove(node.getMetadata().getName()) != null) {
      applied.nodesChanged();
      nodes.enqueue(NodeTargetSync.KEY);
    }
  }

  /**
   * Reconciles these Services again whatever changed, e.g. all of them after this replica becomes
   * leader and at each informer resync: the cloud may have drifted without any Kubernetes event.
   */
  public void resync(List<Service> all) {
    for (Service service : all) {
      seenServices.put(key(service), ServiceView.of(service));
      services.enqueue(key(service));
    }
  }

  @Override
  public void close() {
    services.close();
    nodes.close();
  }
}
