package io.strato.cloud.cluster;

import java.util.List;

/**
 * The Kubernetes minor versions Strato will create or upgrade to. A version outside the list is
 * refused before any cloud call: EKS would refuse it ten seconds later, and a self-managed cluster
 * would boot nodes whose kubeadm cannot install it.
 */
public final class KubernetesVersions {

  public static final List<String> SUPPORTED =
      List.of("1.29", "1.30", "1.31", "1.32", "1.33", "1.34", "1.35");

  private KubernetesVersions() {}

  public static boolean supported(String version) {
    return SUPPORTED.contains(version);
  }

  /** The minor number of a {@code 1.x} version. */
  public static int minor(String version) {
    return Integer.parseInt(version.substring(version.indexOf('.') + 1));
  }
}
