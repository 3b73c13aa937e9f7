package io.strato.provisioning;

import io.strato.cloud.cluster.ClusterOutputs;
import io.strato.cloud.cluster.ClusterSpecDto;
import io.strato.cloud.nodegroup.NodeGroupSpecDto;
import io.strato.provisioning.cluster.ClusterValidator;
import io.strato.provisioning.loadbalancer.LoadBalancerOutputs;
import io.strato.provisioning.loadbalancer.LoadBalancerSpecDto;
import io.strato.provisioning.loadbalancer.LoadBalancerValidator;
import io.strato.provisioning.nodegroup.NodeGroupOutputs;
import io.strato.provisioning.nodegroup.NodeGroupValidator;
import java.util.List;

/** The kinds the provisioning API serves. */
public final class Kinds {

  public static final ResourceKind<LoadBalancerSpecDto, LoadBalancerOutputs> LOAD_BALANCER =
      new ResourceKind<>(
          "LoadBalancer",
          LoadBalancerSpecDto.class,
          LoadBalancerOutputs.class,
          LoadBalancerValidator::validate,
          spec -> List.of(),
          spec -> List.of());

  public static final ResourceKind<NodeGroupSpecDto, NodeGroupOutputs> NODE_GROUP =
      new ResourceKind<>(
          "NodeGroup",
          NodeGroupSpecDto.class,
          NodeGroupOutputs.class,
          NodeGroupValidator::validate,
          NodeGroupValidator::iamReferences,
          NodeGroupValidator::privileged);

  public static final ResourceKind<ClusterSpecDto, ClusterOutputs> CLUSTER =
      new ResourceKind<>(
          "Cluster",
          ClusterSpecDto.class,
          ClusterOutputs.class,
          ClusterValidator::validate,
          ClusterValidator::iamReferences,
          ClusterValidator::privileged);

  private Kinds() {}
}
