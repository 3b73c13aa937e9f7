package io.strato.provisioning.loadbalancer;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.strato.cloud.CloudNames;
import io.strato.cloud.Deletion;
import io.strato.cloud.Ensured;
import io.strato.cloud.Ownership;
import io.strato.cloud.loadbalancer.LastEnsures;
import io.strato.cloud.loadbalancer.LoadBalancerSpec;
import io.strato.cloud.loadbalancer.LoadBalancerStatus;
import io.strato.cloud.loadbalancer.LoadBalancers;
import io.strato.provisioning.KindReconciler;
import io.strato.provisioning.Kinds;
import io.strato.provisioning.StatusReporter;
import io.strato.provisioning.nodegroup.NodeGroupReconciler;
import io.strato.provisioning.store.ResourceStore;
import io.strato.provisioning.store.StoredResource;
import io.strato.reconcile.Result;
import java.time.Duration;
import java.util.Optional;

/**
 * Observe → compute desired → ensure → report, for one load balancer. A referenced node group must
 * exist in the cloud first; until then the load balancer waits with a condition that says so.
 */
public final class LoadBalancerReconciler implements KindReconciler {

  private final ResourceStore store;
  private final LoadBalancers loadBalancers;
  private final LastEnsures lastEnsures;
  private final StatusReporter reporter;
  private final ObjectMapper json;
  private final Duration poll;

  public LoadBalancerReconciler(
      ResourceStore store,
      LoadBalancers loadBalancers,
      StatusReporter reporter,
      ObjectMapper json,
      Duration poll) {
    this.store = store;
    this.loadBalancers = loadBalancers;
    this.lastEnsures = LastEnsures.whileSettling(loadBalancers);
    this.reporter = reporter;
    this.json = json;
    this.poll = poll;
  }

  @Override
  public String kind() {
    return Kinds.LOAD_BALANCER.name();
  }

  @Override
  public Result reconcile(StoredResource r) throws Exception {
    LoadBalancerSpecDto spec = json.readValue(r.specJson(), LoadBalancerSpecDto.class);
    String autoScalingGroup = null;
    String nodeGroup = spec.targets() == null ? null : spec.targets().nodeGroup();
    if (nodeGroup != null) {
      Optional<String> group = NodeGroupReconciler.provisionedGroupName(store, nodeGroup);
      if (group.isEmpty()) {
        reporter.progressing(
            r, null, "NodeGroupNotReady", "waiting for node group " + nodeGroup + " to exist");
        return Result.after(poll);
      }
      autoScalingGroup = group.get();
    }
    LoadBalancerSpec desired =
        LoadBalancerDesired.compute(r.name(), r.uid(), spec, autoScalingGroup);
    // The polls while a new NLB is provisioning read only its state (LastEnsures).
    Ensured<LoadBalancerStatus> ensured =
        lastEnsures.ensure(owner(r, spec), r.generation(), desired);
    LoadBalancerOutputs outputs = LoadBalancerOutputs.from(ensured.status());
    switch (ensured.outcome()) {
      case CREATED -> reporter.event(r, "Normal", "Created", "created " + outputs.name());
      case UPDATED -> reporter.event(r, "Normal", "Updated", "updated " + outputs.name());
      case UNCHANGED -> {}
    }
    if (!ensured.settled()) {
      reporter.progressing(
          r, outputs, "Provisioning", "load balancer is " + ensured.status().state());
      return Result.after(poll);
    }
    reporter.ready(r, outputs, "Active", "load balancer is active at " + outputs.dnsName());
    return Result.done();
  }

  @Override
  public boolean cleanUp(StoredResource r) throws Exception {
    LoadBalancerSpecDto spec = json.readValue(r.specJson(), LoadBalancerSpecDto.class);
    lastEnsures.forget(r.uid());
    return loadBalancers.ensureDeleted(owner(r, spec), CloudNames.loadBalancer(r.name(), r.uid()))
        == Deletion.GONE;
  }

  private Ownership owner(StoredResource r, LoadBalancerSpecDto spec) {
    return new Ownership(r.uid(), kind(), r.name(), spec.clusterId());
  }
}
