package io.strato.cloud.aws.cluster.eks;

import static io.strato.cloud.cluster.ClusterProgress.NODE_GROUPS_READY;

import io.strato.reconcile.Condition;
import java.util.ArrayList;
import java.util.List;

/**
 * What one reconcile found each node group doing, to pick NodeGroupsReady's reason: the most urgent
 * first (failures and replacements need the user; the rest only time).
 */
final class NodegroupProgress {
  final List<String> failed = new ArrayList<>();
  final List<String> replacement = new ArrayList<>();
  final List<String> waiting = new ArrayList<>();
  final List<String> creating = new ArrayList<>();
  final List<String> upgrading = new ArrayList<>();
  final List<String> updating = new ArrayList<>();
  final List<String> deleting = new ArrayList<>();

  void note(String name, String status, String health) {
    switch (status) {
      case "ACTIVE" -> {}
      case "CREATING" -> creating.add(name);
      case "UPDATING" -> updating.add(name);
      case "DELETING" -> deleting.add(name);
      default -> failed.add(name + " is " + status + (health.isEmpty() ? "" : ": " + health));
    }
  }

  Condition condition(int count) {
    if (!failed.isEmpty()) {
      return not("Failed", String.join("; ", failed));
    }
    if (!replacement.isEmpty()) {
      return not(
          "ReplacementRequired",
          "EKS cannot change these in place; give the node group a new name to replace it: "
              + String.join("; ", replacement));
    }
    if (!waiting.isEmpty()) {
      return not(
          "WaitingForControlPlane",
          "Changes to " + waiting + " wait for the control-plane update to finish");
    }
    if (!creating.isEmpty()) {
      return not("Creating", "Creating " + creating);
    }
    if (!upgrading.isEmpty()) {
      return not("Upgrading", "Upgrading " + upgrading + " to the control plane's version");
    }
    if (!updating.isEmpty()) {
      return not("Updating", "Updating " + updating);
    }
    if (!deleting.isEmpty()) {
      return not("Deleting", "Deleting " + deleting);
    }
    return Condition.of(NODE_GROUPS_READY, true, "Ready", count + " node group(s) active");
  }

  private static Condition not(String reason, String message) {
    return Condition.of(NODE_GROUPS_READY, false, reason, message);
  }
}
