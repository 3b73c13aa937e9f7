package io.strato.controller.service;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.strato.cloud.loadbalancer.Target;
import io.strato.controller.KubernetesEvents;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * core/v1 Events on a Service, with the reasons the Kubernetes service controller uses, so
 * dashboards and {@code kubectl describe} read the same as with cloud-provider-aws. An Event that
 * cannot be written is logged and dropped: it must never fail a reconcile (see {@link
 * KubernetesEvents}).
 */
final class ServiceEvents {

  static final String COMPONENT = KubernetesEvents.COMPONENT;
  static final String ENSURING = "EnsuringLoadBalancer";
  static final String ENSURED = "EnsuredLoadBalancer";
  static final String SYNC_FAILED = "SyncLoadBalancerFailed";
  static final String DELETING = "DeletingLoadBalancer";
  static final String DELETED = "DeletedLoadBalancer";
  static final String DELETE_FAILED = "DeleteLoadBalancerFailed";
  static final String UPDATED_HOSTS = "UpdatedLoadBalancer";
  static final String NO_NODES = "UnAvailableLoadBalancer";

  /** Strato's own reason: an upstream annotation this controller recognises but does not apply. */
  static final String ANNOTATION_NOT_APPLIED = "AnnotationNotApplied";

  private final KubernetesEvents events;

  ServiceEvents(KubernetesClient client, Clock clock) {
    this.events = new KubernetesEvents(client, clock);
  }

  /** Events written by {@code writes} (an {@link io.strato.controller.EventWriter}). */
  ServiceEvents(KubernetesClient client, Clock clock, Executor writes) {
    this.events = new KubernetesEvents(client, clock, writes);
  }

  void normal(Service service, String reason, String message) {
    events.normal(service, reason, message);
  }

  void warning(Service service, String reason, String message) {
    events.warning(service, reason, message);
  }

  /**
   * After the targets of a Service's load balancer moved: the upstream controller's words, so
   * alerts written for it keep working. No target at all is a Warning, the Service serves nothing.
   */
  void targetsMoved(Service service, List<Target> targets) {
    if (targets.isEmpty()) {
      noNodes(service);
    } else {
      normal(service, UPDATED_HOSTS, "Updated load balancer with new hosts");
    }
  }

  void noNodes(Service service) {
    warning(service, NO_NODES, "There are no available nodes for LoadBalancer");
  }
}
