package io.strato.cloud.aws.cluster.eks;

import io.strato.cloud.aws.eks.EksNodegroupConfig;
import io.strato.cloud.aws.eks.EksScaling;
import io.strato.cloud.aws.eks.EksTaint;
import io.strato.cloud.aws.eks.NodegroupUpdate;
import io.strato.cloud.aws.eks.ObservedNodegroup;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/** How a managed node group differs from the spec: pure functions, no cloud. */
final class NodegroupDiff {

  private NodegroupDiff() {}

  /**
   * The fields that differ and that EKS cannot change in place (a new node group is the only way).
   * Fields the spec leaves to EKS's defaults are not compared.
   */
  static List<String> replacementFields(EksNodegroupConfig desired, ObservedNodegroup observed) {
    List<String> fields = new ArrayList<>();
    if (!desired.instanceTypes().isEmpty()
        && !Set.copyOf(desired.instanceTypes()).equals(Set.copyOf(observed.instanceTypes()))) {
      fields.add("instanceTypes");
    }
    String observedCapacity =
        observed.capacityType() == null ? "ON_DEMAND" : observed.capacityType();
    if (!desired.capacityType().equals(observedCapacity)) {
      fields.add("capacityType");
    }
    if (desired.amiType() != null && !desired.amiType().equals(observed.amiType())) {
      fields.add("amiType");
    }
    if (desired.diskSize() != null && !desired.diskSize().equals(observed.diskSize())) {
      fields.add("diskSize");
    }
    if (!Set.copyOf(desired.subnetIds()).equals(Set.copyOf(observed.subnetIds()))) {
      fields.add("subnets");
    }
    return fields;
  }

  /** The in-place part: sizes, labels, taints and update bounds, each only where it differs. */
  static NodegroupUpdate update(DesiredNodegroup desired, ObservedNodegroup observed) {
    EksNodegroupConfig want = desired.config();
    return new NodegroupUpdate(
        scaling(want.scaling(), observed.scaling(), desired.desiredSizePinned()),
        labelsToSet(want.labels(), observed.labels()),
        labelsToRemove(want.labels(), observed.labels()),
        taintsToSet(want.taints(), observed.taints()),
        taintsToRemove(want.taints(), observed.taints()),
        want.updateConfig() == null || want.updateConfig().equals(observed.updateConfig())
            ? null
            : want.updateConfig());
  }

  /** Null when nothing changes. An unpinned desired size is only pulled back inside min..max. */
  static EksScaling scaling(EksScaling want, EksScaling actual, boolean desiredPinned) {
    int desired =
        desiredPinned
            ? want.desiredSize()
            : Math.max(want.minSize(), Math.min(want.maxSize(), actual.desiredSize()));
    EksScaling target = new EksScaling(want.minSize(), want.maxSize(), desired);
    return target.equals(actual) ? null : target;
  }

  private static Map<String, String> labelsToSet(
      Map<String, String> want, Map<String, String> actual) {
    Map<String, String> set = new LinkedHashMap<>();
    want.forEach(
        (k, v) -> {
          if (!Objects.equals(v, actual.get(k))) {
            set.put(k, v);
          }
        });
    return set;
  }

  private static Set<String> labelsToRemove(Map<String, String> want, Map<String, String> actual) {
    Set<String> remove = new TreeSet<>(actual.keySet());
    remove.removeAll(want.keySet());
    return remove;
  }

  private static List<EksTaint> taintsToSet(List<EksTaint> want, List<EksTaint> actual) {
    Set<EksTaint> have = new HashSet<>(actual.stream().map(NodegroupDiff::normal).toList());
    return want.stream().filter(t -> !have.contains(normal(t))).toList();
  }

  private static List<EksTaint> taintsToRemove(List<EksTaint> want, List<EksTaint> actual) {
    Set<String> wanted = new HashSet<>(want.stream().map(EksTaint::identity).toList());
    return actual.stream().filter(t -> !wanted.contains(t.identity())).toList();
  }

  /** EKS may answer an empty value as absent; both mean the same taint. */
  private static EksTaint normal(EksTaint t) {
    return new EksTaint(t.key(), t.value() == null ? "" : t.value(), t.effect());
  }
}
