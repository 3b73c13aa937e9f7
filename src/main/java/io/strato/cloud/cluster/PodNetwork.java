package io.strato.cloud.cluster;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The pod network the first control-plane member applies after {@code kubeadm init} ({@code
 * selfManaged.cni}). Without one every node stays NotReady, so a cluster gets one unless the user
 * says {@code none} and brings their own.
 *
 * <p>Flannel is pinned to one release, fetched from the tag on GitHub and checked against the
 * SHA-256 of that file (computed from the tag's blob), so a moved tag or a tampered download stops
 * the bootstrap instead of running. It runs in VXLAN mode: pod traffic is encapsulated between
 * nodes, so it needs neither VPC routes nor the source/destination check off, and the CCM's route
 * controller stays off. Modes that route pod addresses natively (flannel {@code host-gw}, Calico
 * without encapsulation) would need the CCM's routes and the check off; see docs/self-managed.md.
 */
public enum PodNetwork {
  FLANNEL(
      "flannel",
      "https://raw.githubusercontent.com/flannel-io/flannel/v0.28.9/Documentation/kube-flannel.yml",
      "e875824be2f552b45711dbda91af81b17eb961d00025d914d9fef18fad8f09c0"),
  NONE("none", "", "");

  /** The default: a working network on day one. */
  public static final PodNetwork DEFAULT = FLANNEL;

  /** The pod CIDR written in the pinned flannel manifest, replaced by the cluster's. */
  public static final String FLANNEL_DEFAULT_NETWORK = "10.244.0.0/16";

  private final String value;
  private final String manifestUrl;
  private final String sha256;

  PodNetwork(String value, String manifestUrl, String sha256) {
    this.value = value;
    this.manifestUrl = manifestUrl;
    this.sha256 = sha256;
  }

  public String value() {
    return value;
  }

  public String manifestUrl() {
    return manifestUrl;
  }

  public String sha256() {
    return sha256;
  }

  /** The choice a spec names; null means the default, an unknown name is empty. */
  public static Optional<PodNetwork> parse(String name) {
    if (name == null) {
      return Optional.of(DEFAULT);
    }
    String n = name.toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(p -> p.value.equals(n)).findFirst();
  }

  public static String choices() {
    return String.join(", ", Arrays.stream(values()).map(PodNetwork::value).toList());
  }
}
