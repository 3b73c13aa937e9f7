package io.strato.provisioning.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.strato.provisioning.Kinds;
import io.strato.provisioning.ProvisioningEngine;
import io.strato.provisioning.loadbalancer.LoadBalancerOutputs;
import io.strato.provisioning.loadbalancer.LoadBalancerSpecDto;
import io.strato.provisioning.nodegroup.NodeGroupOutputs;
import io.strato.provisioning.nodegroup.NodeGroupSpecDto;
import io.strato.provisioning.store.ResourceStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** One {@link ResourceService} per kind, sharing the store, the JSON mapper and the engine. */
@ApplicationScoped
public class ResourceServices {

  private final ResourceService<LoadBalancerSpecDto, LoadBalancerOutputs> loadBalancers;
  private final ResourceService<NodeGroupSpecDto, NodeGroupOutputs> nodeGroups;

  @Inject
  public ResourceServices(ResourceStore store, ObjectMapper json, ProvisioningEngine engine) {
    this.loadBalancers = new ResourceService<>(Kinds.LOAD_BALANCER, store, json, engine::enqueue);
    this.nodeGroups = new ResourceService<>(Kinds.NODE_GROUP, store, json, engine::enqueue);
  }

  public ResourceService<LoadBalancerSpecDto, LoadBalancerOutputs> loadBalancers() {
    return loadBalancers;
  }

  public ResourceService<NodeGroupSpecDto, NodeGroupOutputs> nodeGroups() {
    return nodeGroups;
  }
}
