package io.strato.controller.service;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Service;
import io.strato.cloud.CloudException;
import io.strato.cloud.Ownership;
import io.strato.cloud.loadbalancer.KnownTargetGroup;
import io.strato.cloud.loadbalancer.LoadBalancers;
import io.strato.cloud.loadbalancer.Target;
import io.strato.cloud.loadbalancer.TargetIngress;
import io.strato.reconcile.Reconciler;
import io.strato.reconcile.Result;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Follows node changes into the target groups of every load-balanced Service: the nodes and the
 * Services are read from the informer caches (no list call), and each Service whose eligible
 * targets differ from what was last applied gets only the difference registered and deregistered in
 * its remembered target groups (one call of each per group, no read), not a full ensure. A Service
 * whose update fails is handed to the full reconcile, which repairs whatever is wrong, and so is
 * one gaining a node whose security group does not admit its load balancer yet (one batched look-up
 * of the joining instances' groups per sync tells). A Service whose targets moved gets the upstream
 * controller's Event: {@code UpdatedLoadBalancer}, or the Warning {@code UnAvailableLoadBalancer}
 * when no eligible node is left.
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
    List<Moved> moved = new ArrayList<>();
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
      if (!applied.matches(uid, targets)) {
        moved.add(new Moved(service, uid, targets, applied.get(uid)));
      }
    }
    Map<String, List<String>> joiningGroups = joiningGroups(moved);
    int updated = 0;
    for (Moved m : moved) {
      String key =
          m.service().getMetadata().getNamespace() + "/" + m.service().getMetadata().getName();
      if (!admitted(m, joiningGroups)) {
        // The full ensure registers the targets and opens their group in one pass.
        LOG.infof(
            "service %s: a joining node's security group does not admit its load balancer yet;"
                + " reconciling it fully",
            key);
        reconcileService.accept(key);
        continue;
      }
      try {
        move(m.service(), key, m.uid(), m.targets());
        updated++;
        events.targetsMoved(m.service(), m.targets());
      } catch (CloudException e) {
        LOG.infof(
            "service %s: targets not updated (%s); reconciling it fully", key, e.getMessage());
        reconcileService.accept(key);
      }
    }
    LOG.debugf("node sync: %d nodes, targets updated for %d services", nodes.size(), updated);
    return Result.done();
  }

  /** A Service whose eligible targets differ from what was last applied to it. */
  private record Moved(
      Service service, String uid, List<Target> targets, Optional<AppliedTargets.Applied> before) {
    List<Target> added() {
      return before.map(b -> minus(targets, b.targets())).orElse(targets);
    }
  }

  /**
   * The security groups each instance joining any Service would need opened, in one look-up for the
   * whole sync (the instances joining a thousand Services at once are the same few): none without
   * target ingress, where the nodes' groups are the user's business.
   */
  private Map<String, List<String>> joiningGroups(List<Moved> moved) {
    if (settings.targetIngress() == TargetIngress.OFF) {
      return Map.of();
    }
    Set<String> joining = new TreeSet<>();
    moved.forEach(m -> m.added().forEach(t -> joining.add(t.id())));
    return joining.isEmpty()
        ? Map.of()
        : loadBalancers.targetSecurityGroups(settings.clusterId(), joining);
  }

  /**
   * Whether every joining target's group already admits the Service's load balancer (as its last
   * ensure left it), so registering is all there is to do. A node of a new node group, whose
   * instances carry another cluster-tagged group, is not: upstream ensures in full on every node
   * sync for it; this pays that only when it is needed. An instance that no longer exists has
   * nothing to open, nor has one without any group.
   */
  private boolean admitted(Moved m, Map<String, List<String>> joiningGroups) {
    if (settings.targetIngress() == TargetIngress.OFF) {
      return true;
    }
    Set<String> admittedBy = m.before().map(AppliedTargets.Applied::admittedBy).orElse(Set.of());
    for (Target target : m.added()) {
      List<String> needed = joiningGroups.getOrDefault(target.id(), List.of());
      // Several cluster-tagged groups: the full ensure refuses the instance and says why.
      if (needed.size() > 1 || (needed.size() == 1 && !admittedBy.contains(needed.get(0)))) {
        return false;
      }
    }
    return true;
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
        applied.record(uid, before.groups(), targets, before.admittedBy());
        return;
      } catch (CloudException.NotFound | CloudException.InvalidRequest e) {
        LOG.infof(
            "service %s: remembered target groups are stale (%s); observing", key, e.getMessage());
        applied.forget(uid);
      }
    }
    List<KnownTargetGroup> groups =
        loadBalancers.updateTargets(owner, ServiceLoadBalancerDesired.name(service), targets);
    // The groups admitting it are as the last ensure left them; without one, empty sends the next
    // joining node to a full ensure.
    applied.record(
        uid, groups, targets, known.map(AppliedTargets.Applied::admittedBy).orElse(Set.of()));
  }

  private static List<Target> minus(List<Target> from, List<Target> taken) {
    Set<Target> out = new LinkedHashSet<>(from);
    taken.forEach(out::remove);
    return List.copyOf(out);
  }
}
