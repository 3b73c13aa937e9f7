package io.strato.cloud.aws.eks;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The in-place changes of one UpdateNodegroupConfig call: only what differs, so that EKS does not
 * start a needless update.
 *
 * @param scaling null when the sizes are right
 * @param updateConfig null when it is right or not managed
 */
public record NodegroupUpdate(
    EksScaling scaling,
    Map<String, String> addOrUpdateLabels,
    Set<String> removeLabels,
    List<EksTaint> addOrUpdateTaints,
    List<EksTaint> removeTaints,
    EksUpdateConfig updateConfig) {

  public NodegroupUpdate {
    addOrUpdateLabels = Map.copyOf(addOrUpdateLabels);
    removeLabels = Set.copyOf(removeLabels);
    addOrUpdateTaints = List.copyOf(addOrUpdateTaints);
    removeTaints = List.copyOf(removeTaints);
  }

  public boolean labelsChange() {
    return !addOrUpdateLabels.isEmpty() || !removeLabels.isEmpty();
  }

  public boolean taintsChange() {
    return !addOrUpdateTaints.isEmpty() || !removeTaints.isEmpty();
  }

  public boolean isEmpty() {
    return scaling == null && !labelsChange() && !taintsChange() && updateConfig == null;
  }

  /** The parts that change, for messages and events. */
  public List<String> parts() {
    List<String> parts = new java.util.ArrayList<>();
    if (scaling != null) {
      parts.add("scaling");
    }
    if (labelsChange()) {
      parts.add("labels");
    }
    if (taintsChange()) {
      parts.add("taints");
    }
    if (updateConfig != null) {
      parts.add("updateConfig");
    }
    return parts;
  }
}
