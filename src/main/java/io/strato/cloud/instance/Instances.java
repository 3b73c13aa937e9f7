package io.strato.cloud.instance;

import java.util.Collection;
import java.util.Map;

/**
 * The instance capability (the Kubernetes InstancesV2 split). Look-ups are batched: one call
 * answers for many nodes, so a node joining a large cluster costs one describe, not one per node.
 */
public interface Instances {

  /**
   * The instances behind the given nodes, keyed by node name. A node whose instance does not exist
   * (never did, or terminated and no longer listed) is absent from the answer.
   */
  Map<String, InstanceMetadata> lookup(Collection<NodeRef> nodes);
}
