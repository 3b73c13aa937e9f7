package io.strato.cloud.aws.cluster.selfmanaged;

import io.strato.cloud.CloudException;
import io.strato.cloud.cluster.ClusterContext;
import io.strato.cloud.cluster.ClusterNodeGroups;
import io.strato.cloud.cluster.ClusterSpecDto.SelfManagedDto;
import io.strato.cloud.cluster.NodeBootstrap;
import io.strato.cloud.cluster.PodNetwork;
import io.strato.cloud.loadbalancer.Scheme;
import io.strato.cloud.nodegroup.RolloutPolicy;

/**
 * A self-managed cluster's control-plane settings with every default applied, read once at the edge
 * so the rest of the driver never checks for null.
 */
record ControlPlaneSettings(
    SelfManagedDto spec,
    int replicas,
    String version,
    Scheme apiScheme,
    String podCidr,
    String serviceCidr,
    RolloutPolicy rollout,
    PodNetwork cni,
    NodeBootstrap bootstrap) {

  static final int DEFAULT_REPLICAS = 3;
  static final String DEFAULT_VERSION = "1.31";
  static final String DEFAULT_POD_CIDR = "10.244.0.0/16";
  static final String DEFAULT_SERVICE_CIDR = "10.96.0.0/12";

  static ControlPlaneSettings of(ClusterContext cluster) {
    SelfManagedDto sm = cluster.spec().selfManaged();
    if (sm == null) {
      throw new CloudException.InvalidRequest(
          "aws",
          "ReadSpec",
          "MissingSelfManaged",
          "a self-managed cluster needs spec.selfManaged",
          null);
    }
    return new ControlPlaneSettings(
        sm,
        sm.replicas() == null ? DEFAULT_REPLICAS : sm.replicas(),
        cluster.spec().version() == null ? DEFAULT_VERSION : cluster.spec().version(),
        "internet-facing".equalsIgnoreCase(sm.apiLoadBalancerScheme())
            ? Scheme.INTERNET_FACING
            : Scheme.INTERNAL,
        sm.podCidr() == null ? DEFAULT_POD_CIDR : sm.podCidr(),
        sm.serviceCidr() == null ? DEFAULT_SERVICE_CIDR : sm.serviceCidr(),
        ClusterNodeGroups.rollout(sm.rollout(), "selfManaged.rollout"),
        PodNetwork.parse(sm.cni()).orElseThrow(() -> unknown("cni", PodNetwork.choices())),
        NodeBootstrap.parse(sm.bootstrap())
            .orElseThrow(() -> unknown("bootstrap", NodeBootstrap.choices())));
  }

  /** The REST validator answers 422 first; this guards specs stored before the field existed. */
  private static CloudException unknown(String field, String choices) {
    return new CloudException.InvalidRequest(
        "aws",
        "ReadSpec",
        "InvalidSelfManaged",
        "spec.selfManaged." + field + " must be one of " + choices,
        null);
  }

  /**
   * The version as kubeadm's {@code kubernetesVersion} takes it: a minor version becomes the {@code
   * stable-1.31} label (kubeadm resolves the latest patch), a full one {@code v1.31.2}.
   */
  String kubeadmVersion() {
    String v = version.startsWith("v") ? version.substring(1) : version;
    return v.chars().filter(c -> c == '.').count() == 1 ? "stable-" + v : "v" + v;
  }
}
