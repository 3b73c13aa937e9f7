package io.strato.provisioning.nodegroup;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strato.cloud.ChangeOutcome;
import io.strato.cloud.CloudNames;
import io.strato.cloud.Deletion;
import io.strato.cloud.Ensured;
import io.strato.cloud.Ownership;
import io.strato.cloud.nodegroup.NodeGroupDesired;
import io.strato.cloud.nodegroup.NodeGroupSpecDto;
import io.strato.cloud.nodegroup.NodeGroupStatus;
import io.strato.cloud.nodegroup.NodeGroups;
import io.strato.provisioning.KindReconciler;
import io.strato.provisioning.Kinds;
import io.strato.provisioning.StatusReporter;
import io.strato.provisioning.api.ResourceService;
import io.strato.provisioning.store.ResourceKey;
import io.strato.provisioning.store.ResourceStore;
import io.strato.provisioning.store.StoredResource;
import io.strato.reconcile.Result;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** Observe → compute desired → ensure → report, for one node group. */
public final class NodeGroupReconciler implements KindReconciler {

  private final NodeGroups nodeGroups;
  private final ResourceStore store;
  private final StatusReporter reporter;
  private final ObjectMapper json;
  private final Duration poll;
  private final Consumer<ResourceKey> wake;

  /**
   * @param wake queues a resource now; used to wake the load balancers waiting for a node group
   *     that has just been created, instead of leaving them to their next poll
   */
  public NodeGroupReconciler(
      NodeGroups nodeGroups,
      ResourceStore store,
      StatusReporter reporter,
      ObjectMapper json,
      Duration poll,
      Consumer<ResourceKey> wake) {
    this.nodeGroups = nodeGroups;
    this.store = store;
    this.reporter = reporter;
    this.json = json;
    this.poll = poll;
    this.wake = wake;
  }

  /**
   * The Auto Scaling group name of a node group that exists in the cloud (its status has outputs)
   * and is not being deleted; empty otherwise.
   */
  public static Optional<String> provisionedGroupName(ResourceStore store, String name) {
    return store
        .get(Kinds.NODE_GROUP.name(), name)
        .filter(r -> !r.deleting())
        .filter(r -> r.statusJson() != null && r.statusJson().contains("\"autoScalingGroupName\""))
        .map(r -> CloudNames.nodeGroup(r.name(), r.uid()));
  }

  @Override
  public String kind() {
    return Kinds.NODE_GROUP.name();
  }

  @Override
  public Result reconcile(StoredResource r) throws Exception {
    NodeGroupSpecDto spec = json.readValue(r.specJson(), NodeGroupSpecDto.class);
    Ensured<NodeGroupStatus> ensured =
        nodeGroups.ensure(owner(r, spec), NodeGroupDesired.compute(r.name(), r.uid(), spec));
    NodeGroupOutputs outputs = NodeGroupOutputs.from(ensured.status());
    switch (ensured.outcome()) {
      case CREATED ->
          reporter.event(r, "Normal", "Created", "created " + outputs.autoScalingGroupName());
      case UPDATED ->
          reporter.event(r, "Normal", "Updated", "updated " + outputs.autoScalingGroupName());
      case UNCHANGED -> {}
    }
    if (ensured.outcome() == ChangeOutcome.CREATED) {
      reporter.progressing(r, outputs, "Created", "Auto Scaling group created");
      loadBalancersAttachedTo(r.name()).forEach(wake);
    }
    if (!ensured.settled()) {
      reporter.progressing(
          r,
          outputs,
          "ScalingInProgress",
          outputs.instanceIds().size() + " of " + outputs.desiredCapacity() + " instances running");
      return Result.after(poll);
    }
    reporter.ready(
        r,
        outputs,
        "AtCapacity",
        outputs.instanceIds().size() + " instances running in " + outputs.zones());
    return Result.done();
  }

  /** The load balancers whose spec attaches this node group. Read only when a group is created. */
  private List<ResourceKey> loadBalancersAttachedTo(String nodeGroup) {
    return store
        .list(
            Kinds.LOAD_BALANCER.name(),
            lb -> nodeGroup.equals(referencedNodeGroup(lb.specJson())),
            ResourceService.MAX_PAGE,
            null)
        .items()
        .stream()
        .map(StoredResource::key)
        .toList();
  }

  private String referencedNodeGroup(String specJson) {
    try {
      return json.readTree(specJson).path("targets").path("nodeGroup").asText(null);
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  @Override
  public boolean cleanUp(StoredResource r) throws Exception {
    NodeGroupSpecDto spec = json.readValue(r.specJson(), NodeGroupSpecDto.class);
    return nodeGroups.ensureDeleted(owner(r, spec), CloudNames.nodeGroup(r.name(), r.uid()))
        == Deletion.GONE;
  }

  private Ownership owner(StoredResource r, NodeGroupSpecDto spec) {
    return new Ownership(r.uid(), kind(), r.name(), spec.clusterId());
  }
}
