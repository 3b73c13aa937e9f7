package io.strato.provisioning.kube;

import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.List;

/**
 * One provisioning kind served as a Kubernetes custom resource of {@code strato.io/v1alpha1}. The
 * CRDs under providers/kubernetes-api/crds are generated from these and the REST spec types.
 *
 * @param kind the kind, the same as the REST and store kind
 * @param shortNames prefixed with "s" so they never shadow another project's {@code cl} or {@code
 *     lb}
 */
public record CustomKind(String kind, String plural, List<String> shortNames) {

  public static final String GROUP = "strato.io";
  public static final String VERSION = "v1alpha1";
  public static final String API_VERSION = GROUP + "/" + VERSION;

  /**
   * Held on every custom resource Strato has accepted, until the cloud side is gone: the same
   * promise a REST delete keeps with its Deleting phase.
   */
  public static final String FINALIZER = "strato.io/cloud-cleanup";

  public static final CustomKind CLUSTER = new CustomKind("Cluster", "clusters", List.of("scl"));
  public static final CustomKind LOAD_BALANCER =
      new CustomKind("LoadBalancer", "loadbalancers", List.of("slb"));
  public static final CustomKind NODE_GROUP =
      new CustomKind("NodeGroup", "nodegroups", List.of("sng"));

  public static final List<CustomKind> ALL = List.of(CLUSTER, LOAD_BALANCER, NODE_GROUP);

  public String singular() {
    return kind.toLowerCase();
  }

  /** {@code clusters.strato.io}: the CRD's name and what {@code kubectl get} accepts. */
  public String crdName() {
    return plural + "." + GROUP;
  }

  public ResourceDefinitionContext context() {
    return new ResourceDefinitionContext.Builder()
        .withGroup(GROUP)
        .withVersion(VERSION)
        .withKind(kind)
        .withPlural(plural)
        .withNamespaced(true)
        .build();
  }
}
