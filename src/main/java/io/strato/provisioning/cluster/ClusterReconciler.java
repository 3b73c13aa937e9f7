package io.strato.provisioning.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strato.cloud.CloudException;
import io.strato.cloud.Deletion;
import io.strato.cloud.Ownership;
import io.strato.cloud.cluster.ClusterContext;
import io.strato.cloud.cluster.ClusterDriver;
import io.strato.cloud.cluster.ClusterProgress;
import io.strato.cloud.cluster.ClusterSpecDto;
import io.strato.provisioning.KindReconciler;
import io.strato.provisioning.Kinds;
import io.strato.provisioning.StatusReporter;
import io.strato.provisioning.store.ResourceStore;
import io.strato.provisioning.store.StoredResource;
import io.strato.reconcile.Condition;
import io.strato.reconcile.Result;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Observe → resolve the network → let the type's driver take the next step → report, for one
 * cluster. Parts that are still settling (EKS creating, instances booting) are polled by
 * requeueing; parts blocked on the user (a downgrade asked for, a field EKS cannot change in place)
 * are reported and left until the spec changes, so a blocked cluster costs no calls.
 */
public final class ClusterReconciler implements KindReconciler {

  /** Part reasons that only a spec change can clear: no point polling. */
  static final Set<String> BLOCKED =
      Set.of(
          "DowngradeNotSupported",
          "ReplacementRequired",
          "InsufficientZones",
          "Failed",
          "InvalidTemplate");

  private final Map<String, ClusterDriver> drivers;
  private final ClusterNetwork network;
  private final ResourceStore store;
  private final StatusReporter reporter;
  private final ObjectMapper json;
  private final Duration poll;

  public ClusterReconciler(
      List<ClusterDriver> drivers,
      ClusterNetwork network,
      ResourceStore store,
      StatusReporter reporter,
      ObjectMapper json,
      Duration poll) {
    this.drivers =
        drivers.stream().collect(Collectors.toMap(ClusterDriver::type, Function.identity()));
    this.network = network;
    this.store = store;
    this.reporter = reporter;
    this.json = json;
    this.poll = poll;
  }

  @Override
  public String kind() {
    return Kinds.CLUSTER.name();
  }

  @Override
  public Result reconcile(StoredResource r) throws Exception {
    ClusterSpecDto spec = json.readValue(r.specJson(), ClusterSpecDto.class);
    ClusterDriver driver = driver(spec);
    ClusterContext cluster = context(r, spec, resolve(spec));
    ClusterProgress progress = driver.reconcile(cluster);
    progress.events().forEach(e -> reporter.event(r, e.type(), e.reason(), e.message()));
    Optional<Condition> pending =
        progress.conditions().stream()
            .filter(ClusterProgress::partOfReadiness)
            .filter(c -> !c.isTrue())
            .findFirst();
    Condition ready =
        pending
            .map(c -> Condition.of(StatusReporter.READY, false, c.reason(), c.message()))
            .orElseGet(
                () ->
                    Condition.of(
                        StatusReporter.READY, true, "ClusterReady", "every part is ready"));
    reporter.parts(r, ready, progress.conditions(), progress.outputs());
    if (pending.isEmpty()) {
      return progress.recheckAfter() == null
          ? Result.done()
          : Result.after(progress.recheckAfter());
    }
    return BLOCKED.contains(pending.get().reason()) ? Result.done() : Result.after(poll);
  }

  @Override
  public boolean cleanUp(StoredResource r) throws Exception {
    ClusterSpecDto spec = json.readValue(r.specJson(), ClusterSpecDto.class);
    ClusterDriver driver = drivers.get(spec.type());
    if (driver == null) {
      return true; // never provisioned: no driver could have made anything
    }
    ClusterNetwork.Resolved declared;
    try {
      declared = resolve(spec);
    } catch (CloudException.InvalidRequest | CloudException.NotFound e) {
      // The network may already be gone (destroyed by Terraform); deletion must still finish.
      declared = ClusterNetwork.asDeclared(spec.network());
    }
    return driver.delete(context(r, spec, declared)) == Deletion.GONE;
  }

  /** AWS clusters run in checked subnets; GKE names its own network in the gke block. */
  private ClusterNetwork.Resolved resolve(ClusterSpecDto spec) {
    return spec.network() == null
        ? new ClusterNetwork.Resolved(null, List.of())
        : network.resolve(spec.network());
  }

  private ClusterDriver driver(ClusterSpecDto spec) {
    ClusterDriver driver = drivers.get(spec.type());
    if (driver == null) {
      throw new CloudException.InvalidRequest(
          spec.provider(),
          "cluster",
          "UnsupportedType",
          "clusters of type " + spec.type() + " are not supported by this Strato",
          null);
    }
    return driver;
  }

  private ClusterContext context(
      StoredResource r, ClusterSpecDto spec, ClusterNetwork.Resolved net) {
    return new ClusterContext(
        r.name(),
        r.uid(),
        spec,
        new Ownership(r.uid(), kind(), r.name(), r.name()),
        net.vpcId(),
        net.subnets(),
        this::targetGroupArn);
  }

  /** A listener's target group, read from the LoadBalancer resource's outputs. */
  private Optional<String> targetGroupArn(String loadBalancer, int listenerPort) {
    return store
        .get(Kinds.LOAD_BALANCER.name(), loadBalancer)
        .filter(lb -> !lb.deleting() && lb.statusJson() != null)
        .flatMap(lb -> listenerTargetGroup(lb.statusJson(), listenerPort));
  }

  private Optional<String> listenerTargetGroup(String statusJson, int port) {
    try {
      for (JsonNode l : json.readTree(statusJson).path("outputs").path("listeners")) {
        if (l.path("port").asInt() == port && l.hasNonNull("targetGroupArn")) {
          return Optional.of(l.get("targetGroupArn").asText());
        }
      }
      return Optional.empty();
    } catch (JsonProcessingException e) {
      return Optional.empty(); // an unreadable status is rewritten by the LB's own reconcile
    }
  }
}
