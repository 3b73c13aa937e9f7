package io.strato.controller.service;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Service;
import io.strato.cloud.CloudException;
import io.strato.cloud.Ownership;
import io.strato.cloud.loadbalancer.KnownTargetGroup;
import io.strato.cloud.loadbalancer.LoadBalancers;
import io.strato.cloud.loadbalancer.Target;
import io.strato.reconcile.Reconciler;
import io.strato.reconcile.Result;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Follows node changes into the target groups of every load-balanced Service: the nodes and the
 * Services are read from the informer caches (no list call), and each Service whose eligible
 * targets differ from what was last applied gets only the difference registered and deregistered in
 * its remembered target groups (one call of each per group, no read), not a full ensure. A Service
 * whose update fails is handed to the full reconcile, which repairs whatever is wrong. A Service
 * whose targets moved gets the upstream controller's Event: {@code UpdatedLoadBalancer}, or the
 * Warning {@code UnAvailableLoadBalancer} when no eligible node is left.
 */
final class NodeTargetSync implements Reconciler<String> {

  /** The one key of this reconciler: node events coalesce into a single pending sync. */
  static final String KEY = "nodes";

  private static final Logger LOG = Logger.getLogger(NodeTargetSync.class);

  private final ClusterCache cache;
  private final LoadBalancers loadBalancers;
  private final ServiceControllerSettings settings;
  private final AppliedTargets applied;
  private final ServiceEvents events;
  private final Consumer<String> reconcileService;

  NodeTargetSync(
      ClusterCache cache,
      LoadBalancers loadBalancers,
      ServiceControllerSettings settings,
      AppliedTargets applied,
      ServiceEvents events,
      Consumer<String> reconcileService) {
    this.cache = cache;
    this.loadBalancers = loadBalancers;
    this.settings = settings;
    this.applied = applied;
    this.events = events;
    this.reconcileService = reconcileService;
  }

  @Override
  public Result reconcile(String ignored) {
    List<Node> nodes = cache.nodes();
    int updated = 0;
    for (Service service : cache.loadBalancerServices()) {
      // No load balancer made yet: the Service reconcile will use the current nodes. What this
      // controller applied counts too, since the cache may not show our finalizer patch yet.
      if (!ServiceFinalizer.present(service)
          && applied.get(service.getMetadata().getUid()).isEmpty()) {
        continue;
      }
      ParsedAnnotations parsed = ServiceAnnotationParser.parse(service);
      if (!ServiceSelection.wantsLoadBalancer(service, parsed, settings.loadBalancerClass())
          || !(parsed instanceof ParsedAnnotations.Valid valid)) {
        continue;
      }
      List<Target> targets = EligibleNodes.targets(nodes, valid.annotations().targetNodeLabels());
      String uid = service.getMetadata().getUid();
      if (applied.matches(uid, targets)) {
        continue;
      }
      String key = service.getMetadata().getNamespace() + "/" + service.getMetadata().getName();
      try {
        move(service, key, uid, targets);
        updated++;
        events.targetsMoved(service, targets);
      } catch (CloudException e) {
        LOG.infof(
            "service %s: targets not updated (%s); reconciling it fully", key, e.getMessage());
        reconcileService.accept(key);
      }
    }
    LOG.debugf("node sync: %d nodes, targets updated for %d services", nodes.size(), updated);
    return Result.done();
  }

  /**
   * Applies only the difference from what was last applied, to the groups remembered from the last
   * ensure: one register and at most one deregister per group, no read. Both calls are idempotent
   * in AWS (registering a registered target, deregistering an absent one change nothing), so a
   * stale memory costs at most a useless call, never a wrong state; a target removed behind our
   * back stays removed until the next resync's ensure, as any other drift. Without a memory, or
   * when the cloud contradicts it (a group gone: NotFound; a target it does not hold: moto, and AWS
   * for some instance states, answer InvalidTarget), observe and diff as a full update does, and
   * remember what that found.
   */
  private void move(Service service, String key, String uid, List<Target> targets) {
    Ownership owner = ServiceLoadBalancerDesired.ownership(service, settings.clusterId());
    Optional<AppliedTargets.Applied> known = applied.get(uid);
    if (known.isPresent() && !known.get().groups().isEmpty()) {
      AppliedTargets.Applied before = known.get();
      try {
        loadBalancers.changeTargets(
            owner,
            before.groups(),
            minus(targets, before.targets()),
            minus(before.targets(), targets));
        applied.record(uid, before.groups(), targets);
        return;
      } catch (CloudException.NotFound | CloudException.InvalidRequest e) {
        LOG.infof(
            "service %s: remembered target groups are stale (%s); observing", key, e.getMessage());
        applied.forget(uid);
      }
    }
    List<KnownTargetGroup> groups =
        loadBalancers.updateTargets(owner, ServiceLoadBalancerDesired.name(service), targets);
    applied.record(uid, groups, targets);
  }

  private static List<Target> minus(List<Target> from, List<Target> taken) {
    Set<Target> out = new LinkedHashSet<>(from);
    taken.forEach(out::remove);
    return List.copyOf(out);
  }
}
