package io.strato.cloud;

import io.strato.cloud.instance.Instances;
import io.strato.cloud.inventory.ClusterInventory;
import io.strato.cloud.loadbalancer.LoadBalancers;
import io.strato.cloud.route.Routes;
import java.util.Optional;

/**
 * One cloud, as the cloud controller manager sees it: which capabilities it offers. As in
 * Kubernetes' {@code cloudprovider.Interface} (cloud.go), every capability is optional: a provider
 * answers empty for what it does not implement, and the caller turns that part off (the route
 * controller, the orphan sweeper) or refuses to run without it (instances, load balancers). A
 * second provider implements this interface; the controllers do not change.
 */
public interface CloudProvider {

  /** The provider's name, as in providerIDs ({@code aws}). */
  String name();

  /** Network load balancers for Services of type LoadBalancer. */
  Optional<LoadBalancers> loadBalancers();

  /** The instances behind nodes (the InstancesV2 split). */
  Optional<Instances> instances();

  /** Pod-CIDR routes in the cluster's route tables. */
  Optional<Routes> routes();

  /** What the orphan sweeper may find left behind. */
  Optional<ClusterInventory> clusterInventory();
}
