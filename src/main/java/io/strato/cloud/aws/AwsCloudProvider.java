package io.strato.cloud.aws;

import io.strato.cloud.CloudProvider;
import io.strato.cloud.aws.ec2.AwsInstances;
import io.strato.cloud.aws.ec2.AwsRoutes;
import io.strato.cloud.instance.Instances;
import io.strato.cloud.inventory.ClusterInventory;
import io.strato.cloud.loadbalancer.LoadBalancers;
import io.strato.cloud.route.Routes;
import java.util.Optional;

/**
 * AWS offers every capability. Instances, routes and the inventory are built when asked for (the
 * CCM asks once per lease it wins), so a replica that never leads builds no EC2 client for them.
 */
public final class AwsCloudProvider implements CloudProvider {

  private final AwsClients clients;
  private final LoadBalancers loadBalancers;

  /**
   * @param loadBalancers the one AWS load balancer provider, shared with the REST API's load
   *     balancers (it holds the account's security-group rule quota)
   */
  public AwsCloudProvider(AwsClients clients, LoadBalancers loadBalancers) {
    this.clients = clients;
    this.loadBalancers = loadBalancers;
  }

  @Override
  public String name() {
    return "aws";
  }

  @Override
  public Optional<LoadBalancers> loadBalancers() {
    return Optional.of(loadBalancers);
  }

  @Override
  public Optional<Instances> instances() {
    return Optional.of(new AwsInstances(clients));
  }

  @Override
  public Optional<Routes> routes() {
    return Optional.of(new AwsRoutes(clients));
  }

  @Override
  public Optional<ClusterInventory> clusterInventory() {
    return Optional.of(new AwsClusterInventory(clients));
  }
}
