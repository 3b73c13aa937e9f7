package io.strato.cloud.cluster;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What the nodes' images carry ({@code selfManaged.bootstrap}). {@code preinstalled}: kubeadm,
 * kubelet, a container runtime and the AWS CLI are on the image (an image-builder image for the
 * cluster's version), and the bootstrap starts at once. {@code install}: a stock Ubuntu/Debian or
 * Amazon Linux 2023 image; the bootstrap adds the pkgs.k8s.io repository of the cluster's minor
 * version and installs the packages before kubeadm runs, which costs a few minutes per boot.
 */
public enum NodeBootstrap {
  PREINSTALLED("preinstalled"),
  INSTALL("install");

  public static final NodeBootstrap DEFAULT = PREINSTALLED;

  private final String value;

  NodeBootstrap(String value) {
    this.value = value;
  }

  public String value() {
    return value;
  }

  /** The choice a spec names; null means the default, an unknown name is empty. */
  public static Optional<NodeBootstrap> parse(String name) {
    if (name == null) {
      return Optional.of(DEFAULT);
    }
    String n = name.toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(b -> b.value.equals(n)).findFirst();
  }

  public static String choices() {
    return String.join(", ", Arrays.stream(values()).map(NodeBootstrap::value).toList());
  }
}
