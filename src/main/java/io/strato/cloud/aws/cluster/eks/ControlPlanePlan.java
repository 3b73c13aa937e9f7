package io.strato.cloud.aws.cluster.eks;

import io.strato.cloud.aws.eks.EksClusterConfig;
import io.strato.cloud.aws.eks.EksEndpointAccess;
import io.strato.cloud.aws.eks.ObservedCluster;
import java.util.Set;

/**
 * The next change an ACTIVE control plane needs, one at a time: EKS refuses a second update while
 * one runs, and takes one kind of change per UpdateClusterConfig. Endpoint access goes first (it
 * may be what lets the user reach the cluster), then logging, then the upgrade policy (it decides
 * what EKS does with the version the cluster runs now), then the version.
 */
sealed interface ControlPlanePlan {

  record InSync() implements ControlPlanePlan {}

  record UpdateEndpointAccess(EksEndpointAccess access) implements ControlPlanePlan {}

  record UpdateLogging(Set<String> enabled) implements ControlPlanePlan {}

  /** The upgrade policy's support type: EXTENDED when {@code extended}, else STANDARD. */
  record UpdateSupportType(boolean extended) implements ControlPlanePlan {}

  /** One minor step towards {@code target}: EKS upgrades a control plane a minor at a time. */
  record Upgrade(String from, String to, String target) implements ControlPlanePlan {}

  record DowngradeRefused(String current, String desired) implements ControlPlanePlan {}

  static ControlPlanePlan next(EksClusterConfig desired, ObservedCluster observed) {
    if (!desired.endpointAccess().sameAs(observed.endpointAccess())) {
      return new UpdateEndpointAccess(desired.endpointAccess());
    }
    if (!desired.logTypes().equals(observed.logTypes())) {
      return new UpdateLogging(desired.logTypes());
    }
    String supportType = desired.extendedSupport() ? "EXTENDED" : "STANDARD";
    // Not reported only by emulators; EKS always answers it, so nothing is sent blind.
    if (observed.supportType() != null && !supportType.equals(observed.supportType())) {
      return new UpdateSupportType(desired.extendedSupport());
    }
    if (desired.version() == null || observed.version() == null) {
      return new InSync();
    }
    KubernetesVersion want = KubernetesVersion.parse(desired.version());
    KubernetesVersion have = KubernetesVersion.parse(observed.version());
    int order = want.compareTo(have);
    if (order > 0) {
      return new Upgrade(have.toString(), have.nextMinor().toString(), want.toString());
    }
    if (order < 0) {
      return new DowngradeRefused(have.toString(), want.toString());
    }
    return new InSync();
  }
}
