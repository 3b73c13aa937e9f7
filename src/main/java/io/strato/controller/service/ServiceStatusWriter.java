package io.strato.controller.service;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.LoadBalancerIngressBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServiceStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Writes {@code status.loadBalancer.ingress} and the {@code LoadBalancerReady} condition of a
 * Service, only when they changed (a resync of a thousand unchanged Services writes nothing). The
 * status subresource is written with the resourceVersion that was read, so a concurrent change
 * makes the write fail and the engine retries on a fresh read.
 *
 * <p>cloud-provider-aws writes no conditions; Strato adds one so {@code kubectl wait
 * --for=condition=LoadBalancerReady} works and a failure is visible on the Service itself.
 */
final class ServiceStatusWriter {

  static final String CONDITION = "LoadBalancerReady";

  /** What the status should say. A null hostname leaves the current ingress as it is. */
  record Report(
      String hostname, boolean clearIngress, boolean ready, String reason, String message) {
    static Report ready(String hostname, String reason, String message) {
      return new Report(hostname, false, true, reason, message);
    }

    static Report notReady(String hostname, String reason, String message) {
      return new Report(hostname, false, false, reason, message);
    }
  }

  private final KubernetesClient client;
  private final Clock clock;

  ServiceStatusWriter(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  static Condition current(Service service) {
    ServiceStatus status = service.getStatus();
    if (status == null || status.getConditions() == null) {
      return null;
    }
    return status.getConditions().stream()
        .filter(c -> CONDITION.equals(c.getType()))
        .findFirst()
        .orElse(null);
  }

  /** Answers whether it wrote. */
  boolean write(Service service, Report report) {
    ServiceStatus before = service.getStatus() == null ? new ServiceStatus() : service.getStatus();
    List<LoadBalancerIngress> ingress = ingress(before, report);
    List<Condition> conditions = conditions(service, before, report);
    if (Objects.equals(ingress, ingressOf(before))
        && Objects.equals(conditions, conditionsOf(before))) {
      return false;
    }
    Service updated =
        new ServiceBuilder(service)
            .editOrNewStatus()
            .withNewLoadBalancer()
            .withIngress(ingress)
            .endLoadBalancer()
            .withConditions(conditions)
            .endStatus()
            .build();
    client
        .services()
        .inNamespace(service.getMetadata().getNamespace())
        .resource(updated)
        .updateStatus();
    return true;
  }

  /** Removes Strato's condition and the ingress: the Service no longer has a load balancer. */
  boolean clear(Service service) {
    ServiceStatus before = service.getStatus();
    if (before == null || (ingressOf(before).isEmpty() && current(service) == null)) {
      return false;
    }
    List<Condition> conditions = new ArrayList<>(conditionsOf(before));
    conditions.removeIf(c -> CONDITION.equals(c.getType()));
    Service updated =
        new ServiceBuilder(service)
            .editStatus()
            .withNewLoadBalancer()
            .endLoadBalancer()
            .withConditions(conditions)
            .endStatus()
            .build();
    client
        .services()
        .inNamespace(service.getMetadata().getNamespace())
        .resource(updated)
        .updateStatus();
    return true;
  }

  private static List<LoadBalancerIngress> ingress(ServiceStatus before, Report report) {
    if (report.clearIngress()) {
      return List.of();
    }
    if (report.hostname() == null) {
      return ingressOf(before);
    }
    return List.of(new LoadBalancerIngressBuilder().withHostname(report.hostname()).build());
  }

  private List<Condition> conditions(Service service, ServiceStatus before, Report report) {
    String status = report.ready() ? "True" : "False";
    Condition old = current(service);
    String since =
        old != null && status.equals(old.getStatus())
            ? old.getLastTransitionTime()
            : DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(ChronoUnit.SECONDS));
    Condition next =
        new ConditionBuilder()
            .withType(CONDITION)
            .withStatus(status)
            .withReason(report.reason())
            .withMessage(report.message())
            .withObservedGeneration(service.getMetadata().getGeneration())
            .withLastTransitionTime(since)
            .build();
    List<Condition> out = new ArrayList<>();
    boolean replaced = false;
    for (Condition c : conditionsOf(before)) {
      if (CONDITION.equals(c.getType())) {
        out.add(next);
        replaced = true;
      } else {
        out.add(c);
      }
    }
    if (!replaced) {
      out.add(next);
    }
    return out;
  }

  private static List<LoadBalancerIngress> ingressOf(ServiceStatus status) {
    return status.getLoadBalancer() == null || status.getLoadBalancer().getIngress() == null
        ? List.of()
        : status.getLoadBalancer().getIngress();
  }

  private static List<Condition> conditionsOf(ServiceStatus status) {
    return status.getConditions() == null ? List.of() : status.getConditions();
  }
}
