package io.strato.controller.service;

import io.fabric8.kubernetes.api.model.Service;

/** Whether a Service should have a Strato load balancer right now. */
final class ServiceSelection {

  private ServiceSelection() {}

  /**
   * Type LoadBalancer, not being deleted, no {@code loadBalancerClass} or Strato's own, and not
   * handed to the AWS Load Balancer Controller by its {@code -type} annotation.
   */
  static boolean wantsLoadBalancer(Service service, ParsedAnnotations parsed, String ourClass) {
    if (service.getMetadata().getDeletionTimestamp() != null
        || service.getSpec() == null
        || !"LoadBalancer".equals(service.getSpec().getType())) {
      return false;
    }
    String lbClass = service.getSpec().getLoadBalancerClass();
    if (lbClass != null && !lbClass.equals(ourClass)) {
      return false;
    }
    return !(parsed instanceof ParsedAnnotations.OtherController);
  }
}
