package io.strato.controller.service;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceSpec;

/**
 * What of a Service the informer cache keeps. Most Services of a cluster are not load-balanced and
 * the CCM only needs to know that much about them: their identity (the sweeper's set of live UIDs,
 * the work queue's key) and their type and class (so a change to LoadBalancer arrives as an update
 * with the whole new object, which is kept whole). Their selectors, ports, labels and annotations,
 * usually the bulk of a Service, are dropped. A Service that is load-balanced, or still carries the
 * cleanup finalizer (its load balancer is not gone yet), is kept as it came, less its managed
 * fields.
 *
 * <p>Safe because nothing writes a cached Service back: the reconciler reads the Service from the
 * API server before it acts, and the node sync and the events read only identity, finalizers,
 * annotations and spec of load-balanced Services, which are kept.
 */
public final class CachedServiceFields {

  private CachedServiceFields() {}

  /** Trims the Service in place (see {@code TrimmingItemStore} for why in place). */
  public static void trim(Service service) {
    ObjectMeta meta = service.getMetadata();
    // Server-side apply's bookkeeping: often larger than the object, read by no controller.
    meta.setManagedFields(null);
    ServiceSpec spec = service.getSpec();
    String type = spec == null ? null : spec.getType();
    if ("LoadBalancer".equals(type) || ServiceFinalizer.present(service)) {
      return;
    }
    service.setMetadata(
        new ObjectMetaBuilder()
            .withName(meta.getName())
            .withNamespace(meta.getNamespace())
            .withUid(meta.getUid())
            .withResourceVersion(meta.getResourceVersion())
            .withGeneration(meta.getGeneration())
            .withDeletionTimestamp(meta.getDeletionTimestamp())
            .withFinalizers(meta.getFinalizers())
            .build());
    ServiceSpec kept = new ServiceSpec();
    kept.setType(type);
    kept.setLoadBalancerClass(spec == null ? null : spec.getLoadBalancerClass());
    service.setSpec(kept);
    service.setStatus(null);
  }
}
