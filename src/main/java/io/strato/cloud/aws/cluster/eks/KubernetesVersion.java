package io.strato.cloud.aws.cluster.eks;

/** A Kubernetes minor version such as 1.31, the unit EKS upgrades by. */
record KubernetesVersion(int major, int minor) implements Comparable<KubernetesVersion> {

  static KubernetesVersion parse(String version) {
    String[] parts = version.trim().split("\\.");
    if (parts.length < 2) {
      throw new IllegalArgumentException("not a Kubernetes minor version: " + version);
    }
    return new KubernetesVersion(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
  }

  /** EKS moves a control plane one minor version per update, never more. */
  KubernetesVersion nextMinor() {
    return new KubernetesVersion(major, minor + 1);
  }

  @Override
  public int compareTo(KubernetesVersion o) {
    return major != o.major ? Integer.compare(major, o.major) : Integer.compare(minor, o.minor);
  }

  @Override
  public String toString() {
    return major + "." + minor;
  }
}
