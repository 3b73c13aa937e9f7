package io.strato.provisioning.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.strato.cloud.cluster.ClusterOutputs;
import io.strato.cloud.cluster.ClusterSpecDto;
import io.strato.cloud.network.Subnets;
import io.strato.cloud.nodegroup.NodeGroupSpecDto;
import io.strato.config.StratoConfig;
import io.strato.provisioning.Kinds;
import io.strato.provisioning.ProvisioningEngine;
import io.strato.provisioning.cluster.eks.EksVersionSupport;
import io.strato.provisioning.loadbalancer.LoadBalancerOutputs;
import io.strato.provisioning.loadbalancer.LoadBalancerSpecDto;
import io.strato.provisioning.loadbalancer.SubnetsPerZone;
import io.strato.provisioning.nodegroup.NodeGroupOutputs;
import io.strato.provisioning.store.ResourceStore;
import io.strato.provisioning.validation.PassableIdentities;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.List;

/** One {@link ResourceService} per kind, sharing the store, the JSON mapper and the engine. */
@ApplicationScoped
public class ResourceServices {

  private final ResourceService<LoadBalancerSpecDto, LoadBalancerOutputs> loadBalancers;
  private final ResourceService<NodeGroupSpecDto, NodeGroupOutputs> nodeGroups;
  private final ResourceService<ClusterSpecDto, ClusterOutputs> clusters;

  @Inject
  public ResourceServices(
      ResourceStore store,
      ObjectMapper json,
      ProvisioningEngine engine,
      StratoConfig config,
      Subnets subnets) {
    PassableIdentities passable =
        new PassableIdentities(
            config.aws().rolePrefix(),
            config.aws().allowedRoles().orElse(List.of()),
            config.aws().allowedInstanceProfiles().orElse(List.of()));
    this.loadBalancers =
        new ResourceService<>(
            Kinds.LOAD_BALANCER,
            store,
            json,
            engine::enqueue,
            passable,
            List.of(new SubnetsPerZone(subnets)));
    this.nodeGroups =
        new ResourceService<>(Kinds.NODE_GROUP, store, json, engine::enqueue, passable);
    this.clusters =
        new ResourceService<>(
            Kinds.CLUSTER,
            store,
            json,
            engine::enqueue,
            passable,
            List.of(new EksVersionSupport(Clock.systemUTC())));
  }

  public ResourceService<LoadBalancerSpecDto, LoadBalancerOutputs> loadBalancers() {
    return loadBalancers;
  }

  public ResourceService<ClusterSpecDto, ClusterOutputs> clusters() {
    return clusters;
  }

  public ResourceService<NodeGroupSpecDto, NodeGroupOutputs> nodeGroups() {
    return nodeGroups;
  }
}
