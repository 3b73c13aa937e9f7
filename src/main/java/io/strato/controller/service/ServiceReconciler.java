package io.strato.controller.service;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.strato.cloud.ChangeOutcome;
import io.strato.cloud.CloudException;
import io.strato.cloud.Deletion;
import io.strato.cloud.Ensured;
import io.strato.cloud.Ownership;
import io.strato.cloud.loadbalancer.LastEnsures;
import io.strato.cloud.loadbalancer.LoadBalancerSpec;
import io.strato.cloud.loadbalancer.LoadBalancerStatus;
import io.strato.cloud.loadbalancer.LoadBalancers;
import io.strato.cloud.loadbalancer.Target;
import io.strato.controller.service.ServiceStatusWriter.Report;
import io.strato.reconcile.Reconciler;
import io.strato.reconcile.Result;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Reconciles one Service (key {@code namespace/name}): observe the Service, decide whether it is
 * Strato's, then either ensure its load balancer or clean it up, and report through status,
 * condition and Events. The finalizer goes on before the first cloud call and comes off only once
 * the cloud answers that nothing is left.
 */
public final class ServiceReconciler implements Reconciler<String> {

  private static final Logger LOG = Logger.getLogger(ServiceReconciler.class);

  private final KubernetesClient client;
  private final ClusterCache cache;
  private final LoadBalancers loadBalancers;
  private final LastEnsures lastEnsures;
  private final ServiceControllerSettings settings;
  private final ServiceEvents events;
  private final ServiceFinalizer finalizer;
  private final ServiceStatusWriter status;
  private final AppliedTargets applied;
  private final Runnable nodeSyncAgain;

  /** Keys whose DeletingLoadBalancer event was emitted: only to avoid one Event per poll. */
  private final Set<String> deleting = ConcurrentHashMap.newKeySet();

  ServiceReconciler(
      KubernetesClient client,
      ClusterCache cache,
      LoadBalancers loadBalancers,
      ServiceControllerSettings settings,
      Clock clock,
      AppliedTargets applied,
      Runnable nodeSyncAgain) {
    this(
        client,
        cache,
        loadBalancers,
        settings,
        clock,
        applied,
        nodeSyncAgain,
        new ServiceEvents(client, clock));
  }

  ServiceReconciler(
      KubernetesClient client,
      ClusterCache cache,
      LoadBalancers loadBalancers,
      ServiceControllerSettings settings,
      Clock clock,
      AppliedTargets applied,
      Runnable nodeSyncAgain,
      ServiceEvents events) {
    this.client = client;
    this.cache = cache;
    this.loadBalancers = loadBalancers;
    this.lastEnsures = LastEnsures.includingSettled(loadBalancers);
    this.settings = settings;
    this.events = events;
    this.finalizer = new ServiceFinalizer(client);
    this.status = new ServiceStatusWriter(client, clock);
    this.applied = applied;
    this.nodeSyncAgain = nodeSyncAgain;
  }

  @Override
  public Result reconcile(String key) {
    Result fast = ensureFromCache(key);
    if (fast != null) {
      return fast;
    }
    int slash = key.indexOf('/');
    // Otherwise one GET of this Service, not the informer's copy: the finalizer patch indexes into
    // the finalizer list and the status update carries the resourceVersion, and the cache sees our
    // own last write only after its watch event, so a cached copy could add the finalizer twice or
    // lose the status write to a conflict. Nodes, read by every Service, come from the cache.
    Service service =
        client
            .services()
            .inNamespace(key.substring(0, slash))
            .withName(key.substring(slash + 1))
            .get();
    if (service == null) {
      deleting.remove(key);
      return Result.done(); // gone; our finalizer would have kept it while it had a load balancer
    }
    ParsedAnnotations parsed = ServiceAnnotationParser.parse(service);
    if (!ServiceSelection.wantsLoadBalancer(service, parsed, settings.loadBalancerClass())) {
      return ServiceFinalizer.present(service) ? cleanUp(key, service) : Result.done();
    }
    deleting.remove(key);
    if (parsed instanceof ParsedAnnotations.Invalid invalid) {
      return refuse(service, invalid.reason(), invalid.message());
    }
    ServiceAnnotations annotations = ((ParsedAnnotations.Valid) parsed).annotations();
    return ensure(key, finalizer.add(service), annotations);
  }

  /**
   * A load-balanced Service still without the finalizer (just created, or just made type
   * LoadBalancer) gets it by a patch conditional on the informer's copy being current, and the
   * patch answers the Service as the API has it: the GET below is not needed then. Null when the
   * cached copy does not qualify or was stale; the reconcile then reads the Service afresh.
   */
  private Result ensureFromCache(String key) {
    Service cached = cache.service(key);
    if (cached == null
        || cached.getMetadata().getDeletionTimestamp() != null
        || ServiceFinalizer.present(cached)) {
      return null;
    }
    ParsedAnnotations parsed = ServiceAnnotationParser.parse(cached);
    if (!(parsed instanceof ParsedAnnotations.Valid valid)
        || !ServiceSelection.wantsLoadBalancer(cached, parsed, settings.loadBalancerClass())) {
      return null;
    }
    Service service = finalizer.addIfCurrent(cached);
    if (service == null) {
      return null;
    }
    deleting.remove(key);
    // The patch applied to the very version parsed above, so its annotations are the Service's.
    return ensure(key, service, valid.annotations());
  }

  private Result ensure(String key, Service service, ServiceAnnotations annotations) {
    long nodeGeneration = applied.nodeGeneration();
    Condition before = ServiceStatusWriter.current(service);
    // Already converged (or provisioning) for this generation: a resync or a poll of a
    // provisioning NLB emits no Ensuring/Ensured pair, only a real change does.
    boolean inStep =
        before != null
            && ("True".equals(before.getStatus()) || "Provisioning".equals(before.getReason()))
            && Objects.equals(
                before.getObservedGeneration(), service.getMetadata().getGeneration());
    if (!inStep) {
      events.normal(service, ServiceEvents.ENSURING, "Ensuring load balancer");
      annotations
          .notApplied()
          .forEach(
              (annotation, why) ->
                  events.warning(
                      service,
                      ServiceEvents.ANNOTATION_NOT_APPLIED,
                      annotation + " is not applied: " + why));
    }
    List<Target> targets = EligibleNodes.targets(cache.nodes(), annotations.targetNodeLabels());
    if (targets.isEmpty()
        && (!inStep || !applied.matches(service.getMetadata().getUid(), targets))) {
      // Said when it becomes true, not at every resync; the ensure goes on, as upstream's does.
      events.noNodes(service);
    }
    LoadBalancerSpec spec;
    try {
      spec =
          ServiceLoadBalancerDesired.spec(service, annotations, targets)
              .withTargetIngress(settings.targetIngress());
    } catch (IllegalArgumentException e) {
      return refuse(service, "InvalidAnnotation", e.getMessage());
    }
    Ownership owner = ServiceLoadBalancerDesired.ownership(service, settings.clusterId());
    String uid = service.getMetadata().getUid();
    Optional<AppliedTargets.Applied> lastApplied = applied.get(uid);
    boolean targetsMoved = lastApplied.isPresent() && !lastApplied.get().targets().equals(targets);
    if (targetsMoved) {
      // The node sync moved targets since the last ensure (or sent this one to add a node in a
      // group not yet open): what that ensure remembers is no longer what the cloud holds.
      lastEnsures.forget(uid);
    }
    Ensured<LoadBalancerStatus> ensured;
    try {
      // A poll of a provisioning NLB reads only its state, and a Service that gained a port has
      // only that port added (LastEnsures); the memory is this controller's, which is built
      // fresh on every election win, so it never spans another replica's term.
      ensured = lastEnsures.ensure(owner, generation(service), spec);
    } catch (CloudException.InvalidRequest e) {
      // Refused for a reason the Service may not hold (no subnet tagged yet, a certificate not yet
      // imported, a quota): say so, and let the engine retry with backoff until it heals, as the
      // upstream service controller does; an edit of the Service retries at once anyway.
      refuse(service, e.reason(), e.getMessage());
      throw e;
    } catch (CloudException e) {
      events.warning(
          service, ServiceEvents.SYNC_FAILED, "Error syncing load balancer: " + e.getMessage());
      throw e; // the engine retries with backoff (or after the cloud's retry-after)
    }
    applied.record(
        uid,
        AppliedTargets.groupsOf(spec, ensured.status()),
        targets,
        Set.copyOf(ensured.status().targetSecurityGroupIds()));
    if (targetsMoved && !targets.isEmpty()) {
      events.targetsMoved(service, targets); // as the node sync says when it moves them itself
    }
    if (applied.nodeGeneration() != nodeGeneration) {
      nodeSyncAgain.run(); // nodes moved while this ran: the targets above may be stale
    }
    String hostname = ensured.status().dnsName();
    if (ensured.outcome() != ChangeOutcome.UNCHANGED || !inStep) {
      events.normal(service, ServiceEvents.ENSURED, "Ensured load balancer");
    }
    LOG.debugf("service %s: load balancer %s %s", key, spec.name(), ensured.outcome());
    if (ensured.settled()) {
      status.write(
          service, Report.ready(hostname, "Active", "load balancer " + spec.name() + " is active"));
      return Result.done();
    }
    status.write(
        service,
        Report.notReady(
            hostname, "Provisioning", "load balancer " + spec.name() + " is provisioning"));
    return Result.after(settings.pollInterval());
  }

  /** A Service always has a generation on a real API server; the mock may leave it out. */
  private static long generation(Service service) {
    Long generation = service.getMetadata().getGeneration();
    return generation == null ? 0 : generation;
  }

  /**
   * The user must change something: say so once (an Event when the condition changes, not at every
   * resync) and make no cloud call.
   */
  private Result refuse(Service service, String reason, String message) {
    Condition before = ServiceStatusWriter.current(service);
    boolean news =
        before == null
            || !"False".equals(before.getStatus())
            || !reason.equals(before.getReason())
            || !message.equals(before.getMessage());
    if (news) {
      events.warning(service, ServiceEvents.SYNC_FAILED, message);
    }
    status.write(service, Report.notReady(null, reason, message));
    LOG.infof(
        "service %s/%s: %s: %s",
        service.getMetadata().getNamespace(), service.getMetadata().getName(), reason, message);
    return Result.done();
  }

  private Result cleanUp(String key, Service service) {
    String name = ServiceLoadBalancerDesired.name(service);
    lastEnsures.forget(service.getMetadata().getUid());
    if (deleting.add(key)) {
      events.normal(service, ServiceEvents.DELETING, "Deleting load balancer");
    }
    Deletion deletion;
    try {
      deletion =
          loadBalancers.ensureDeleted(
              ServiceLoadBalancerDesired.ownership(service, settings.clusterId()), name);
    } catch (CloudException e) {
      events.warning(
          service, ServiceEvents.DELETE_FAILED, "Error deleting load balancer: " + e.getMessage());
      throw e;
    }
    if (deletion == Deletion.IN_PROGRESS) {
      return Result.after(settings.pollInterval());
    }
    applied.forget(service.getMetadata().getUid());
    if (service.getMetadata().getDeletionTimestamp() == null) {
      status.clear(service); // no longer type LoadBalancer: it has no load balancer to show
      service =
          client
              .services()
              .inNamespace(service.getMetadata().getNamespace())
              .withName(service.getMetadata().getName())
              .get();
      if (service == null) {
        return Result.done();
      }
    }
    finalizer.remove(service);
    deleting.remove(key);
    events.normal(service, ServiceEvents.DELETED, "Deleted load balancer");
    return Result.done();
  }
}
