package io.strato.cloud.aws.cluster.eks;

import io.strato.cloud.aws.eks.EksNodegroupConfig;

/**
 * One node group of the spec as EKS should have it.
 *
 * @param specName the node group's name in the cluster spec (the EKS name adds a hash)
 * @param desiredSizePinned whether the spec sets the desired size; when it does not, Strato creates
 *     the group at its minimum and afterwards leaves the size to whoever scales it (the cluster
 *     autoscaler), only keeping it inside min..max
 */
public record DesiredNodegroup(
    String specName, EksNodegroupConfig config, boolean desiredSizePinned) {

  public String name() {
    return config.name();
  }
}
