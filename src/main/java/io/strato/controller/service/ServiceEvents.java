package io.strato.controller.service;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;

/**
 * core/v1 Events on a Service, with the reasons the Kubernetes service controller uses, so
 * dashboards and {@code kubectl describe} read the same as with cloud-provider-aws. An Event that
 * cannot be written is logged and dropped: it must never fail a reconcile.
 */
final class ServiceEvents {

  static final String COMPONENT = "strato-cloud-controller-manager";
  static final String ENSURING = "EnsuringLoadBalancer";
  static final String ENSURED = "EnsuredLoadBalancer";
  static final String SYNC_FAILED = "SyncLoadBalancerFailed";
  static final String DELETING = "DeletingLoadBalancer";
  static final String DELETED = "DeletedLoadBalancer";
  static final String DELETE_FAILED = "DeleteLoadBalancerFailed";
  static final String UPDATED_HOSTS = "UpdatedLoadBalancer";

  private static final Logger LOG = Logger.getLogger(ServiceEvents.class);

  private final KubernetesClient client;
  private final Clock clock;

  ServiceEvents(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  void normal(Service service, String reason, String message) {
    emit(service, "Normal", reason, message);
  }

  void warning(Service service, String reason, String message) {
    emit(service, "Warning", reason, message);
  }

  private void emit(Service service, String type, String reason, String message) {
    String namespace = service.getMetadata().getNamespace();
    String name = service.getMetadata().getName();
    String now =
        DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(ChronoUnit.SECONDS));
    var event =
        new EventBuilder()
            .withNewMetadata()
            .withNamespace(namespace)
            // client-go's naming: the object's name and a unique suffix
            .withName(name + "." + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1))
            .endMetadata()
            .withNewInvolvedObject()
            .withApiVersion("v1")
            .withKind("Service")
            .withNamespace(namespace)
            .withName(name)
            .withUid(service.getMetadata().getUid())
            .withResourceVersion(service.getMetadata().getResourceVersion())
            .endInvolvedObject()
            .withType(type)
            .withReason(reason)
            .withMessage(message)
            .withNewSource()
            .withComponent(COMPONENT)
            .endSource()
            .withReportingComponent(COMPONENT)
            .withFirstTimestamp(now)
            .withLastTimestamp(now)
            .withCount(1)
            .build();
    try {
      client.v1().events().inNamespace(namespace).resource(event).create();
    } catch (KubernetesClientException e) {
      LOG.warnf(
          "service %s/%s: could not record event %s: %s", namespace, name, reason, e.getMessage());
    }
  }
}
