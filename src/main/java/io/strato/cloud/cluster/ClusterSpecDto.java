package io.strato.cloud.cluster;

import io.strato.cloud.nodegroup.NodeGroupSpecDto.ScalingDto;
import io.strato.cloud.nodegroup.NodeGroupSpecDto.TaintDto;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The REST spec of a cluster: one model whatever runs the control plane. Node groups are declared
 * inline, so a cluster is created, changed and deleted as one unit and deletion order is the
 * cluster's business, not the user's. Each node group uses the foundation's node group fields
 * (instances, sizes, scaling, labels, taints, tags) plus the few that only EKS managed node groups
 * have.
 */
@Schema(name = "ClusterSpec", description = "A Kubernetes or ECS cluster and its node groups")
public record ClusterSpecDto(
    @Schema(required = true, description = "Cloud provider: aws or gcp") String provider,
    @Schema(required = true, description = "aws: eks, self-managed or ecs; gcp: gke") String type,
    @Schema(description = "Kubernetes minor version, e.g. 1.31 (eks and self-managed only)")
        String version,
    @Schema(description = "Required for aws clusters") NetworkDto network,
    @Schema(description = "EKS settings; only with type eks") EksDto eks,
    @Schema(description = "Self-managed control plane; only with type self-managed")
        SelfManagedDto selfManaged,
    @Schema(description = "ECS settings; only with type ecs") EcsDto ecs,
    @Schema(description = "Worker node groups (for ecs: the capacity)")
        List<ClusterNodeGroupDto> nodeGroups,
    @Schema(description = "Extra tags (AWS) or labels (GCP) on everything the cluster creates")
        Map<String, String> tags,
    @Schema(description = "GKE settings; only with provider gcp and type gke") GkeDto gke) {

  /** A cluster without GKE settings (every AWS type). */
  public ClusterSpecDto(
      String provider,
      String type,
      String version,
      NetworkDto network,
      EksDto eks,
      SelfManagedDto selfManaged,
      EcsDto ecs,
      List<ClusterNodeGroupDto> nodeGroups,
      Map<String, String> tags) {
    this(provider, type, version, network, eks, selfManaged, ecs, nodeGroups, tags, null);
  }

  /**
   * A GKE Standard cluster. The network is GCP's (VPC network and subnetwork by name), so {@code
   * spec.network} does not apply; node groups are node pools.
   */
  @Schema(name = "GkeSettings")
  public record GkeDto(
      @Schema(description = "GCP project; default: strato.gcp.project") String project,
      @Schema(
              description =
                  "A region (regional cluster) or a zone (zonal); default: strato.gcp.location")
          String location,
      @Schema(description = "RAPID, REGULAR or STABLE; give this or spec.version")
          String releaseChannel,
      @Schema(description = "VPC network name; default: default") String network,
      @Schema(description = "Subnetwork name") String subnetwork,
      PrivateClusterDto privateCluster,
      @Schema(description = "CIDRs allowed to reach the control plane")
          List<String> masterAuthorizedNetworks,
      @Schema(description = "Enable workload identity (pool <project>.svc.id.goog)")
          Boolean workloadIdentity,
      @Schema(description = "Daily maintenance window start, HH:MM in UTC")
          String maintenanceWindowStart) {}

  @Schema(name = "GkePrivateCluster")
  public record PrivateClusterDto(
      Boolean privateNodes,
      Boolean privateEndpoint,
      @Schema(description = "A /28 for the control plane, e.g. 172.16.0.0/28") String masterCidr) {}

  /**
   * Where the cluster runs. Either subnets by ID, each with its zone (so that zone rules are
   * checked before any cloud call, and a zone that does not match the cloud is reported), or
   * discovery by tags inside a VPC.
   */
  @Schema(name = "ClusterNetwork")
  public record NetworkDto(
      @Schema(description = "VPC ID; required with discoverByTags") String vpcId,
      @Schema(description = "Subnets, with their zones") List<SubnetDto> subnets,
      @Schema(description = "Tags that select the subnets in vpcId, e.g. kubernetes.io/role/elb")
          Map<String, String> discoverByTags) {}

  @Schema(name = "ClusterSubnet")
  public record SubnetDto(
      @Schema(required = true) String id,
      @Schema(required = true, example = "us-east-1a") String zone) {}

  @Schema(name = "EksSettings")
  public record EksDto(
      @Schema(required = true, description = "IAM role ARN the EKS control plane assumes")
          String roleArn,
      EndpointAccessDto endpointAccess,
      @Schema(
              description =
                  "Control-plane log types: api, audit, authenticator, controllerManager,"
                      + " scheduler")
          List<String> logging,
      @Schema(description = "Extra security groups for the control-plane ENIs")
          List<String> securityGroupIds,
      @Schema(
              description =
                  "Accept a version in EKS extended support (billed per cluster hour); default"
                      + " false: standard-support versions only, and EKS upgrades the cluster"
                      + " when standard support ends")
          Boolean extendedSupport,
      @Schema(
              description =
                  "IAM principal ARNs (roles or users) given cluster-admin access through EKS"
                      + " access entries")
          List<String> adminPrincipals) {

    /** EKS settings without extended support or access entries. */
    public EksDto(
        String roleArn,
        EndpointAccessDto endpointAccess,
        List<String> logging,
        List<String> securityGroupIds) {
      this(roleArn, endpointAccess, logging, securityGroupIds, null, null);
    }
  }

  @Schema(name = "EksEndpointAccess")
  public record EndpointAccessDto(
      @Schema(description = "Default true") Boolean publicAccess,
      @Schema(description = "Default false") Boolean privateAccess,
      @Schema(description = "CIDRs allowed to the public endpoint; default 0.0.0.0/0")
          List<String> publicAccessCidrs) {}

  @Schema(name = "SelfManagedControlPlane")
  public record SelfManagedDto(
      @Schema(description = "3 (default) or 5 control-plane instances") Integer replicas,
      @Schema(required = true, description = "AMI ID of the control-plane instances")
          String imageId,
      @Schema(required = true, example = "m6i.large") String instanceType,
      String instanceProfile,
      String keyName,
      List<String> securityGroups,
      @Schema(description = "internal (default) or internet-facing") String apiLoadBalancerScheme,
      @Schema(description = "Pod network CIDR; default 10.244.0.0/16") String podCidr,
      @Schema(description = "Service CIDR; default 10.96.0.0/12") String serviceCidr,
      @Schema(
              description =
                  "Replaces the built-in kubeadm control-plane user data template (see README)")
          String controlPlaneTemplate,
      @Schema(description = "Replaces the built-in kubeadm worker user data template")
          String workerTemplate,
      @Schema(
              description =
                  "How members are replaced when their launch template changes: one at a time,"
                      + " never below quorum; default maxSurge 1, maxUnavailable 0")
          RolloutDto rollout,
      @Schema(
              description =
                  "Pod network the first control-plane member installs: flannel (default, a"
                      + " pinned release in VXLAN mode) or none (bring your own)")
          String cni,
      @Schema(
              description =
                  "preinstalled (default): the images carry kubeadm, kubelet and containerd for"
                      + " the cluster's version (e.g. built with image-builder); install: stock"
                      + " images, the bootstrap installs the pinned packages at boot")
          String bootstrap,
      @Schema(
              description =
                  "etcd snapshots to a bucket of the cluster's own; on by default (every hour,"
                      + " kept 7 days, the bucket kept after the cluster)")
          BackupDto backup,
      @Schema(
              description =
                  "s3://bucket/key of an etcd snapshot the first control-plane member restores"
                      + " before kubeadm init; only when the cluster is created (see"
                      + " docs/etcd-backups.md)")
          String restoreFrom) {

    /**
     * Control-plane settings with the default pod network, bootstrap and backup, and no restore.
     */
    public SelfManagedDto(
        Integer replicas,
        String imageId,
        String instanceType,
        String instanceProfile,
        String keyName,
        List<String> securityGroups,
        String apiLoadBalancerScheme,
        String podCidr,
        String serviceCidr,
        String controlPlaneTemplate,
        String workerTemplate,
        RolloutDto rollout) {
      this(
          replicas,
          imageId,
          instanceType,
          instanceProfile,
          keyName,
          securityGroups,
          apiLoadBalancerScheme,
          podCidr,
          serviceCidr,
          controlPlaneTemplate,
          workerTemplate,
          rollout,
          null,
          null,
          null,
          null);
    }

    /** Control-plane settings with the default rollout. */
    public SelfManagedDto(
        Integer replicas,
        String imageId,
        String instanceType,
        String instanceProfile,
        String keyName,
        List<String> securityGroups,
        String apiLoadBalancerScheme,
        String podCidr,
        String serviceCidr,
        String controlPlaneTemplate,
        String workerTemplate) {
      this(
          replicas,
          imageId,
          instanceType,
          instanceProfile,
          keyName,
          securityGroups,
          apiLoadBalancerScheme,
          podCidr,
          serviceCidr,
          controlPlaneTemplate,
          workerTemplate,
          null);
    }
  }

  /**
   * How a self-managed or ECS group replaces its instances when their launch template changes
   * (image, instance type, user data, version): surge first, then old instances go while at least
   * capacity minus maxUnavailable stay in service.
   */
  @Schema(name = "Rollout")
  public record RolloutDto(
      @Schema(description = "Instances above capacity during a rollout; default 1", minimum = "0")
          Integer maxSurge,
      @Schema(description = "Instances below capacity during a rollout; default 0", minimum = "0")
          Integer maxUnavailable) {}

  /**
   * etcd snapshots of a self-managed control plane, taken on the nodes by a systemd timer and kept
   * in one S3 bucket per cluster.
   */
  @Schema(name = "EtcdBackup")
  public record BackupDto(
      @Schema(
              description =
                  "How often: a number and a unit, m (minutes, at least 5), h or d, e.g. 30m, 1h,"
                      + " 1d; default 1h")
          String schedule,
      @Schema(description = "Days a snapshot is kept; default 7", minimum = "1")
          Integer retentionDays,
      @Schema(
              description =
                  "Empty and delete the bucket with the cluster; default false (backups outlive"
                      + " the cluster)")
          Boolean deleteWithCluster) {}

  @Schema(name = "EcsSettings")
  public record EcsDto(
      @Schema(description = "CloudWatch Container Insights; default false")
          Boolean containerInsights,
      List<EcsServiceDto> services) {}

  @Schema(name = "EcsService")
  public record EcsServiceDto(
      @Schema(required = true) String name,
      @Schema(description = "family or family:revision; or give container instead")
          String taskDefinition,
      @Schema(description = "An inline container; Strato registers its task definition")
          ContainerDto container,
      @Schema(required = true, minimum = "0") Integer desiredCount,
      @Schema(description = "A Strato LoadBalancer and its listener port to serve this service")
          LoadBalancerRefDto loadBalancer,
      @Schema(description = "Roll back a failing deployment; default true") Boolean circuitBreaker,
      ServiceScalingDto autoscaling) {}

  @Schema(name = "EcsContainer")
  public record ContainerDto(
      @Schema(required = true) String name,
      @Schema(required = true) String image,
      @Schema(description = "CPU units; default 256") Integer cpu,
      @Schema(description = "MiB; default 512") Integer memory,
      @Schema(description = "Container port the load balancer targets") Integer port,
      Map<String, String> environment) {}

  @Schema(name = "LoadBalancerRef")
  public record LoadBalancerRefDto(
      @Schema(required = true, description = "Name of a LoadBalancer resource") String name,
      @Schema(required = true, description = "Its listener port") Integer listenerPort,
      @Schema(required = true, description = "The container port it forwards to")
          Integer containerPort) {}

  @Schema(name = "EcsServiceScaling", description = "Target tracking on the desired count")
  public record ServiceScalingDto(
      @Schema(required = true, minimum = "0") Integer minCount,
      @Schema(required = true, minimum = "1") Integer maxCount,
      @Schema(required = true, description = "cpu or memory") String metric,
      @Schema(required = true, description = "Target average utilisation, percent")
          Double target) {}

  /**
   * A node group of the cluster: the foundation's node group fields, with the subnets defaulting to
   * the cluster's. For eks it becomes an EKS managed node group (imageId is then optional, and
   * nodeRole, instanceTypes, capacityType, amiType, diskSize and updateConfig apply); for
   * self-managed and ecs an Auto Scaling group.
   */
  @Schema(name = "ClusterNodeGroup")
  public record ClusterNodeGroupDto(
      @Schema(required = true) String name,
      @Schema(description = "AMI ID (required except for eks)") String imageId,
      @Schema(description = "One instance type (or instanceTypes for eks)") String instanceType,
      @Schema(description = "eks: instance types") List<String> instanceTypes,
      @Schema(description = "eks: ON_DEMAND (default) or SPOT") String capacityType,
      @Schema(description = "eks: e.g. AL2023_x86_64_STANDARD") String amiType,
      @Schema(description = "eks: root volume GiB") Integer diskSize,
      @Schema(description = "eks: node IAM role ARN (required for eks)") String nodeRole,
      @Schema(description = "self-managed and ecs: IAM instance profile") String instanceProfile,
      String keyName,
      List<String> securityGroups,
      @Schema(description = "Replaces the rendered bootstrap user data") String userData,
      @Schema(description = "Default: the cluster's subnets") List<String> subnetIds,
      @Schema(required = true, minimum = "0") Integer minSize,
      @Schema(required = true, minimum = "1") Integer maxSize,
      Integer desiredCapacity,
      @Schema(description = "self-managed only: target tracking") ScalingDto scaling,
      Map<String, String> nodeLabels,
      List<TaintDto> nodeTaints,
      @Schema(description = "eks: rolling update bounds") UpdateConfigDto updateConfig,
      Map<String, String> tags,
      @Schema(description = "gke: spot VMs") Boolean spot,
      @Schema(description = "gke: e.g. COS_CONTAINERD") String imageType,
      @Schema(description = "gke: default true") Boolean autoRepair,
      @Schema(description = "gke: default true") Boolean autoUpgrade,
      @Schema(description = "gke: zones of the pool; default: the cluster's")
          List<String> locations,
      @Schema(
              description =
                  "gke: whether minSize/maxSize count per zone (per-zone, GKE's default) or in"
                      + " total (total)")
          String sizeScope,
      @Schema(description = "self-managed and ecs: how instances are replaced on a change")
          RolloutDto rollout) {

    /** A node group with the default rollout. */
    public ClusterNodeGroupDto(
        String name,
        String imageId,
        String instanceType,
        List<String> instanceTypes,
        String capacityType,
        String amiType,
        Integer diskSize,
        String nodeRole,
        String instanceProfile,
        String keyName,
        List<String> securityGroups,
        String userData,
        List<String> subnetIds,
        Integer minSize,
        Integer maxSize,
        Integer desiredCapacity,
        ScalingDto scaling,
        Map<String, String> nodeLabels,
        List<TaintDto> nodeTaints,
        UpdateConfigDto updateConfig,
        Map<String, String> tags,
        Boolean spot,
        String imageType,
        Boolean autoRepair,
        Boolean autoUpgrade,
        List<String> locations,
        String sizeScope) {
      this(
          name,
          imageId,
          instanceType,
          instanceTypes,
          capacityType,
          amiType,
          diskSize,
          nodeRole,
          instanceProfile,
          keyName,
          securityGroups,
          userData,
          subnetIds,
          minSize,
          maxSize,
          desiredCapacity,
          scaling,
          nodeLabels,
          nodeTaints,
          updateConfig,
          tags,
          spot,
          imageType,
          autoRepair,
          autoUpgrade,
          locations,
          sizeScope,
          null);
    }

    /** A node group without GKE node pool settings (every AWS type). */
    public ClusterNodeGroupDto(
        String name,
        String imageId,
        String instanceType,
        List<String> instanceTypes,
        String capacityType,
        String amiType,
        Integer diskSize,
        String nodeRole,
        String instanceProfile,
        String keyName,
        List<String> securityGroups,
        String userData,
        List<String> subnetIds,
        Integer minSize,
        Integer maxSize,
        Integer desiredCapacity,
        ScalingDto scaling,
        Map<String, String> nodeLabels,
        List<TaintDto> nodeTaints,
        UpdateConfigDto updateConfig,
        Map<String, String> tags) {
      this(
          name,
          imageId,
          instanceType,
          instanceTypes,
          capacityType,
          amiType,
          diskSize,
          nodeRole,
          instanceProfile,
          keyName,
          securityGroups,
          userData,
          subnetIds,
          minSize,
          maxSize,
          desiredCapacity,
          scaling,
          nodeLabels,
          nodeTaints,
          updateConfig,
          tags,
          null,
          null,
          null,
          null,
          null,
          null);
    }
  }

  @Schema(name = "NodeGroupUpdateConfig", description = "Give one of the two")
  public record UpdateConfigDto(Integer maxUnavailable, Integer maxUnavailablePercentage) {}
}
