package io.strato.controller.service;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.strato.cloud.CloudException;
import io.strato.cloud.loadbalancer.LoadBalancers;
import io.strato.cloud.loadbalancer.Target;
import io.strato.reconcile.Reconciler;
import io.strato.reconcile.Result;
import java.util.List;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Follows node changes into the target groups of every load-balanced Service: the node list is read
 * once, and each Service whose eligible targets differ from what was last applied gets one {@code
 * updateTargets} (at most one register and one deregister per target group), not a full ensure. A
 * Service whose update fails is handed to the full reconcile, which repairs whatever is wrong.
 */
final class NodeTargetSync implements Reconciler<String> {

  /** The one key of this reconciler: node events coalesce into a single pending sync. */
  static final String KEY = "nodes";

  private static final Logger LOG = Logger.getLogger(NodeTargetSync.class);

  private final KubernetesClient client;
  private final LoadBalancers loadBalancers;
  private final ServiceControllerSettings settings;
  private final AppliedTargets applied;
  private final Consumer<String> reconcileService;

  NodeTargetSync(
      KubernetesClient client,
      LoadBalancers loadBalancers,
      ServiceControllerSettings settings,
      AppliedTargets applied,
      Consumer<String> reconcileService) {
    this.client = client;
    this.loadBalancers = loadBalancers;
    this.settings = settings;
    this.applied = applied;
    this.reconcileService = reconcileService;
  }

  @Override
  public Result reconcile(String ignored) {
    List<Node> nodes = client.nodes().list().getItems();
    int updated = 0;
    for (Service service : client.services().inAnyNamespace().list().getItems()) {
      if (!ServiceFinalizer.present(service)) {
        continue; // no load balancer made yet: the Service reconcile will use the current nodes
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
        loadBalancers.updateTargets(
            ServiceLoadBalancerDesired.ownership(service, settings.clusterId()),
            ServiceLoadBalancerDesired.name(service),
            targets);
        applied.record(uid, targets);
        updated++;
      } catch (CloudException e) {
        LOG.infof(
            "service %s: targets not updated (%s); reconciling it fully", key, e.getMessage());
        reconcileService.accept(key);
      }
    }
    LOG.debugf("node sync: %d nodes, targets updated for %d services", nodes.size(), updated);
    return Result.done();
  }
}
