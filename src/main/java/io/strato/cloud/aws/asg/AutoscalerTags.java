package io.strato.cloud.aws.asg;

import io.strato.cloud.Ownership;
import io.strato.cloud.nodegroup.Taint;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Auto Scaling group tags cluster-autoscaler reads. With them it can scale a group up from zero
 * nodes, when there is no node to copy labels and taints from (cluster-autoscaler's AWS README,
 * "Auto-Discovery Setup" and "Scaling a node group to 0"). They describe the group, not the
 * instances, so they are not propagated; only the cluster tag is, because the kubelet and the cloud
 * provider look for it on the instance.
 */
final class AutoscalerTags {

  static final String PREFIX = "k8s.io/cluster-autoscaler/";
  static final String ENABLED = PREFIX + "enabled";
  static final String LABEL_PREFIX = PREFIX + "node-template/label/";
  static final String TAINT_PREFIX = PREFIX + "node-template/taint/";

  private AutoscalerTags() {}

  static Map<String, GroupTag> of(Ownership owner, Map<String, String> labels, List<Taint> taints) {
    Map<String, GroupTag> tags = new LinkedHashMap<>();
    tags.put(ENABLED, GroupTag.groupOnly("true"));
    String clusterId = owner.clusterId();
    if (clusterId != null && !clusterId.isBlank()) {
      tags.put(PREFIX + clusterId, GroupTag.groupOnly("owned"));
      tags.put(Ownership.CLUSTER_TAG_PREFIX + clusterId, GroupTag.propagated("owned"));
    }
    labels.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(l -> tags.put(LABEL_PREFIX + l.getKey(), GroupTag.groupOnly(l.getValue())));
    for (Taint taint : taints) {
      // cluster-autoscaler parses "<value>:<effect>"; a taint without a value is ":<effect>".
      String value = taint.value() == null ? "" : taint.value();
      tags.put(TAINT_PREFIX + taint.key(), GroupTag.groupOnly(value + ":" + taint.effect()));
    }
    return tags;
  }
}
