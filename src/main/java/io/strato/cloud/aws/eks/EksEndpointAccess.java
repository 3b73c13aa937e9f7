package io.strato.cloud.aws.eks;

import java.util.List;

/** Who may reach an EKS cluster's Kubernetes API, and from where. */
public record EksEndpointAccess(
    boolean publicAccess, boolean privateAccess, List<String> publicAccessCidrs) {

  public EksEndpointAccess {
    publicAccessCidrs = publicAccessCidrs == null ? List.of() : List.copyOf(publicAccessCidrs);
  }

  /**
   * Whether both say the same, ignoring CIDR order. EKS reports CIDRs only while public access is
   * on, so they are compared only then.
   */
  public boolean sameAs(EksEndpointAccess other) {
    return publicAccess == other.publicAccess
        && privateAccess == other.privateAccess
        && (!publicAccess
            || new java.util.TreeSet<>(publicAccessCidrs)
                .equals(new java.util.TreeSet<>(other.publicAccessCidrs)));
  }
}
