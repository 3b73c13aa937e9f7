package io.strato.provisioning.cluster;

import io.strato.cloud.cluster.BackupSchedule;
import io.strato.cloud.cluster.BootstrapTemplates;
import io.strato.cloud.cluster.ClusterNodeGroups;
import io.strato.cloud.cluster.ClusterSpecDto;
import io.strato.cloud.cluster.ClusterSpecDto.BackupDto;
import io.strato.cloud.cluster.ClusterSpecDto.ClusterNodeGroupDto;
import io.strato.cloud.cluster.ClusterSpecDto.EcsDto;
import io.strato.cloud.cluster.ClusterSpecDto.EcsServiceDto;
import io.strato.cloud.cluster.ClusterSpecDto.EksDto;
import io.strato.cloud.cluster.ClusterSpecDto.NetworkDto;
import io.strato.cloud.cluster.ClusterSpecDto.SelfManagedDto;
import io.strato.cloud.cluster.ClusterSpecDto.SubnetDto;
import io.strato.cloud.cluster.EksAmiTypes;
import io.strato.cloud.cluster.KubernetesVersions;
import io.strato.cloud.cluster.NodeBootstrap;
import io.strato.cloud.cluster.PodNetwork;
import io.strato.cloud.nodegroup.NodeGroupSpecDto;
import io.strato.provisioning.cluster.ecs.EcsNodeGroupRules;
import io.strato.provisioning.cluster.gke.GkeValidator;
import io.strato.provisioning.nodegroup.NodeGroupValidator;
import io.strato.provisioning.validation.CommonRules;
import io.strato.provisioning.validation.FieldError;
import io.strato.provisioning.validation.IamReference;
import io.strato.provisioning.validation.PrivilegedContent;
import io.strato.provisioning.validation.Validation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks a cluster spec before anything reaches the cloud: the type and its settings agree, the
 * version is one Strato supports, the network spans three zones, and every node group is valid for
 * the type. Every problem is reported at once, with its field path.
 */
public final class ClusterValidator {

  public static final String EKS = "eks";
  public static final String SELF_MANAGED = "self-managed";
  public static final String ECS = "ecs";
  public static final String GKE = "gke";
  static final Set<String> TYPES = Set.of(EKS, SELF_MANAGED, ECS);
  static final Set<String> PROVIDERS = Set.of("aws", "gcp");
  static final Map<String, Set<String>> TYPES_BY_PROVIDER =
      Map.of("aws", TYPES, "gcp", Set.of(GKE));
  static final Set<String> LOG_TYPES =
      Set.of("api", "audit", "authenticator", "controllerManager", "scheduler");
  static final Set<String> SCHEMES = Set.of("internal", "internet-facing");
  static final String ZONE = "[a-z]{2}(-gov)?-[a-z]+-\\d[a-z]";
  static final String ROLE_ARN = "arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]{1,512}";
  static final String ECS_NAME = "[A-Za-z0-9_-]{1,255}";
  static final String PRINCIPAL_ARN = "arn:aws[a-z-]*:iam::\\d{12}:(role|user)/[\\w+=,.@/-]{1,512}";

  /** Node group names become part of cloud names that AWS caps at 63 to 128 characters. */
  static final int MAX_NODE_GROUP_NAME = 40;

  private ClusterValidator() {}

  public static List<FieldError> validate(String name, ClusterSpecDto spec) {
    Validation v = new Validation();
    CommonRules.name(v, name, "metadata.name");
    if (!v.require(spec, "spec")) {
      return v.errors();
    }
    String type = spec.type();
    if (v.require(spec.provider(), "spec.provider")
        && v.check(PROVIDERS.contains(spec.provider()), "spec.provider", "must be aws or gcp")
        && v.require(type, "spec.type")) {
      v.check(
          TYPES_BY_PROVIDER.get(spec.provider()).contains(type),
          "spec.type",
          "gcp".equals(spec.provider()) ? "must be gke" : "must be eks, self-managed or ecs");
    }
    if (GKE.equals(type) && "gcp".equals(spec.provider())) {
      // GCP's network, versions and node pools follow GKE's rules.
      GkeValidator.validate(v, spec);
      return v.errors();
    }
    v.check(spec.gke() == null, "spec.gke", "applies to gcp clusters of type gke only");
    version(v, type, spec.version());
    network(v, spec.network());
    only(v, type, EKS, spec.eks(), "spec.eks");
    only(v, type, SELF_MANAGED, spec.selfManaged(), "spec.selfManaged");
    only(v, type, ECS, spec.ecs(), "spec.ecs");
    if (EKS.equals(type) && v.require(spec.eks(), "spec.eks")) {
      eks(v, spec.eks());
    }
    if (SELF_MANAGED.equals(type) && v.require(spec.selfManaged(), "spec.selfManaged")) {
      selfManaged(v, spec.selfManaged());
    }
    if (ECS.equals(type)) {
      ecs(v, spec.ecs(), ClusterNodeGroups.of(spec).isEmpty());
    }
    nodeGroups(v, type, spec.version(), spec.nodeGroups());
    CommonRules.tags(v, spec.tags(), "spec.tags");
    return v.errors();
  }

  /**
   * Every field that names an IAM role or instance profile Strato would pass to EKS or EC2: the EKS
   * cluster role, the EKS node roles, and the instance profiles of self-managed control planes and
   * of self-managed and ECS node groups.
   */
  public static List<IamReference> iamReferences(ClusterSpecDto spec) {
    List<IamReference> refs = new ArrayList<>();
    if (spec == null) {
      return refs;
    }
    if (spec.eks() != null && spec.eks().roleArn() != null) {
      refs.add(IamReference.role("spec.eks.roleArn", spec.eks().roleArn()));
    }
    if (spec.selfManaged() != null && spec.selfManaged().instanceProfile() != null) {
      refs.add(
          IamReference.instanceProfile(
              "spec.selfManaged.instanceProfile", spec.selfManaged().instanceProfile()));
    }
    List<ClusterNodeGroupDto> groups = spec.nodeGroups() == null ? List.of() : spec.nodeGroups();
    for (int i = 0; i < groups.size(); i++) {
      ClusterNodeGroupDto ng = groups.get(i);
      String f = "spec.nodeGroups[" + i + "]";
      if (ng != null && ng.nodeRole() != null) {
        refs.add(IamReference.role(f + ".nodeRole", ng.nodeRole()));
      }
      if (ng != null && ng.instanceProfile() != null) {
        refs.add(IamReference.instanceProfile(f + ".instanceProfile", ng.instanceProfile()));
      }
    }
    return refs;
  }

  /** The fields whose content runs as root on control-plane or worker instances. */
  public static List<PrivilegedContent> privileged(ClusterSpecDto spec) {
    List<PrivilegedContent> fields = new ArrayList<>();
    if (spec == null) {
      return fields;
    }
    SelfManagedDto sm = spec.selfManaged();
    if (sm != null && sm.controlPlaneTemplate() != null) {
      fields.add(
          new PrivilegedContent(
              "spec.selfManaged.controlPlaneTemplate", sm.controlPlaneTemplate()));
    }
    if (sm != null && sm.workerTemplate() != null) {
      fields.add(new PrivilegedContent("spec.selfManaged.workerTemplate", sm.workerTemplate()));
    }
    List<ClusterNodeGroupDto> groups = spec.nodeGroups() == null ? List.of() : spec.nodeGroups();
    for (int i = 0; i < groups.size(); i++) {
      if (groups.get(i) != null && groups.get(i).userData() != null) {
        fields.add(
            new PrivilegedContent("spec.nodeGroups[" + i + "].userData", groups.get(i).userData()));
      }
    }
    return fields;
  }

  private static void version(Validation v, String type, String version) {
    if (ECS.equals(type)) {
      v.check(version == null, "spec.version", "applies to eks and self-managed clusters only");
    } else if (TYPES.contains(type) && v.require(version, "spec.version")) {
      v.check(
          KubernetesVersions.supported(version),
          "spec.version",
          "must be one of " + KubernetesVersions.SUPPORTED);
    }
  }

  private static void only(Validation v, String type, String owner, Object block, String field) {
    if (block != null && TYPES.contains(type)) {
      v.check(owner.equals(type), field, "applies to type " + owner + " only");
    }
  }

  private static void network(Validation v, NetworkDto n) {
    if (!v.require(n, "spec.network")) {
      return;
    }
    boolean byIds = n.subnets() != null && !n.subnets().isEmpty();
    boolean byTags = n.discoverByTags() != null && !n.discoverByTags().isEmpty();
    if (!v.check(
        byIds != byTags,
        "spec.network",
        "give either subnets (with their zones) or discoverByTags, not both")) {
      return;
    }
    if (n.vpcId() != null) {
      CommonRules.awsId(v, n.vpcId(), "vpc", "spec.network.vpcId");
    }
    if (byTags) {
      v.require(n.vpcId(), "spec.network.vpcId");
      CommonRules.tags(v, n.discoverByTags(), "spec.network.discoverByTags");
      return;
    }
    Set<String> ids = new HashSet<>();
    Set<String> zones = new TreeSet<>();
    for (int i = 0; i < n.subnets().size(); i++) {
      String f = "spec.network.subnets[" + i + "]";
      SubnetDto s = n.subnets().get(i);
      if (!v.require(s, f)) {
        continue;
      }
      CommonRules.awsId(v, s.id(), "subnet", f + ".id");
      v.check(s.id() == null || ids.add(s.id()), f + ".id", "appears twice");
      if (v.require(s.zone(), f + ".zone")
          && v.check(s.zone().matches(ZONE), f + ".zone", "must be a zone such as us-east-1a")) {
        zones.add(s.zone());
      }
    }
    v.check(
        zones.size() >= ClusterNetwork.MIN_ZONES,
        "spec.network.subnets",
        "must span at least "
            + ClusterNetwork.MIN_ZONES
            + " zones for a highly available cluster; got "
            + zones.size()
            + " "
            + zones);
  }

  private static void eks(Validation v, EksDto eks) {
    if (v.require(eks.roleArn(), "spec.eks.roleArn")) {
      v.check(eks.roleArn().matches(ROLE_ARN), "spec.eks.roleArn", "must be an IAM role ARN");
    }
    if (eks.logging() != null) {
      for (int i = 0; i < eks.logging().size(); i++) {
        v.check(
            LOG_TYPES.contains(eks.logging().get(i)),
            "spec.eks.logging[" + i + "]",
            "must be one of " + new TreeSet<>(LOG_TYPES));
      }
    }
    CommonRules.awsIds(v, eks.securityGroupIds(), "sg", "spec.eks.securityGroupIds");
    if (eks.adminPrincipals() != null) {
      List<String> principals = eks.adminPrincipals();
      v.check(principals.size() <= 20, "spec.eks.adminPrincipals", "at most 20 principals");
      for (int i = 0; i < principals.size(); i++) {
        // EKS keys access entries by role or user ARN; an assumed-role session ARN is refused.
        v.check(
            principals.get(i) != null && principals.get(i).matches(PRINCIPAL_ARN),
            "spec.eks.adminPrincipals[" + i + "]",
            "must be an IAM role or user ARN (not an assumed-role session)");
      }
      v.check(
          principals.stream().distinct().count() == principals.size(),
          "spec.eks.adminPrincipals",
          "lists a principal twice");
    }
    var access = eks.endpointAccess();
    if (access != null) {
      boolean publicOn = !Boolean.FALSE.equals(access.publicAccess());
      boolean privateOn = Boolean.TRUE.equals(access.privateAccess());
      v.check(
          publicOn || privateOn,
          "spec.eks.endpointAccess",
          "publicAccess and privateAccess cannot both be false: nothing could reach the API");
      if (access.publicAccessCidrs() != null) {
        v.check(
            publicOn,
            "spec.eks.endpointAccess.publicAccessCidrs",
            "applies only when publicAccess is true");
        for (int i = 0; i < access.publicAccessCidrs().size(); i++) {
          CommonRules.ipv4Cidr(
              v,
              access.publicAccessCidrs().get(i),
              "spec.eks.endpointAccess.publicAccessCidrs[" + i + "]");
        }
      }
    }
  }

  private static void selfManaged(Validation v, SelfManagedDto sm) {
    // The nodes read their join token (the control plane also the cluster's CA keys) from Secrets
    // Manager with their instance role: without one a node can never join.
    v.require(sm.instanceProfile(), "spec.selfManaged.instanceProfile");
    if (sm.replicas() != null) {
      v.check(
          sm.replicas() == 3 || sm.replicas() == 5,
          "spec.selfManaged.replicas",
          "must be 3 or 5: etcd keeps quorum only with an odd number spread over three zones");
    }
    CommonRules.awsId(v, sm.imageId(), "ami", "spec.selfManaged.imageId");
    if (v.require(sm.instanceType(), "spec.selfManaged.instanceType")) {
      v.check(
          sm.instanceType().matches("[a-z][a-z0-9-]{0,15}\\.[a-z0-9-]{1,16}"),
          "spec.selfManaged.instanceType",
          "must be an EC2 instance type such as m6i.large");
    }
    CommonRules.awsIds(v, sm.securityGroups(), "sg", "spec.selfManaged.securityGroups");
    if (sm.apiLoadBalancerScheme() != null) {
      v.check(
          SCHEMES.contains(sm.apiLoadBalancerScheme()),
          "spec.selfManaged.apiLoadBalancerScheme",
          "must be internal or internet-facing");
    }
    if (sm.podCidr() != null) {
      CommonRules.ipv4Cidr(v, sm.podCidr(), "spec.selfManaged.podCidr");
    }
    if (sm.serviceCidr() != null) {
      CommonRules.ipv4Cidr(v, sm.serviceCidr(), "spec.selfManaged.serviceCidr");
    }
    template(v, sm.controlPlaneTemplate(), "spec.selfManaged.controlPlaneTemplate");
    template(v, sm.workerTemplate(), "spec.selfManaged.workerTemplate");
    v.check(
        PodNetwork.parse(sm.cni()).isPresent(),
        "spec.selfManaged.cni",
        "must be one of " + PodNetwork.choices());
    v.check(
        NodeBootstrap.parse(sm.bootstrap()).isPresent(),
        "spec.selfManaged.bootstrap",
        "must be one of " + NodeBootstrap.choices());
    int replicas = sm.replicas() == null || sm.replicas() < 1 ? 3 : sm.replicas();
    RolloutRules.controlPlane(v, sm.rollout(), replicas, "spec.selfManaged.rollout");
    etcdBackup(v, sm);
  }

  /** {@code s3://bucket/key}: S3's bucket name rules, and some key. */
  static final String SNAPSHOT_URI = "s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]/\\S+";

  /** Most days a snapshot may be kept: ten years is a policy, more a typo. */
  static final int MAX_RETENTION_DAYS = 3650;

  private static void etcdBackup(Validation v, SelfManagedDto sm) {
    BackupDto b = sm.backup();
    String f = "spec.selfManaged.backup";
    Duration interval = BackupSchedule.parse(BackupSchedule.DEFAULT).orElseThrow();
    if (b != null && b.schedule() != null) {
      String problem = BackupSchedule.problem(b.schedule());
      if (v.check(problem == null, f + ".schedule", problem)) {
        interval = BackupSchedule.parse(b.schedule()).orElseThrow();
      }
    }
    if (b != null
        && b.retentionDays() != null
        && v.range(b.retentionDays(), 1, MAX_RETENTION_DAYS, f + ".retentionDays")) {
      v.check(
          interval.compareTo(Duration.ofDays(b.retentionDays())) <= 0,
          f + ".schedule",
          "a snapshot every " + b.schedule() + " would expire before the next one is taken");
    }
    if (sm.restoreFrom() != null) {
      v.check(
          sm.restoreFrom().matches(SNAPSHOT_URI),
          "spec.selfManaged.restoreFrom",
          "must be an s3://bucket/key URI of an etcd snapshot");
    }
  }

  private static void template(Validation v, String template, String field) {
    if (template != null) {
      BootstrapTemplates.problems(template).forEach(problem -> v.fail(field, problem));
    }
  }

  private static void ecs(Validation v, EcsDto ecs, boolean noCapacity) {
    if (ecs == null || ecs.services() == null) {
      return;
    }
    v.check(
        ecs.services().isEmpty() || !noCapacity,
        "spec.nodeGroups",
        "an ECS cluster with services needs at least one node group for capacity");
    Set<String> names = new HashSet<>();
    for (int i = 0; i < ecs.services().size(); i++) {
      String f = "spec.ecs.services[" + i + "]";
      EcsServiceDto s = ecs.services().get(i);
      if (!v.require(s, f)) {
        continue;
      }
      if (v.require(s.name(), f + ".name")) {
        v.check(s.name().matches(ECS_NAME), f + ".name", "must be 1 to 255 of A-Z a-z 0-9 _ -");
        v.check(names.add(s.name()), f + ".name", "appears twice");
      }
      v.check(
          (s.taskDefinition() == null) != (s.container() == null),
          f,
          "give either taskDefinition or container, not both");
      if (s.taskDefinition() != null) {
        v.check(
            s.taskDefinition().matches(ECS_NAME + "(:[1-9]\\d{0,8})?"),
            f + ".taskDefinition",
            "must be family or family:revision");
      }
      container(v, s, f);
      if (v.require(s.desiredCount(), f + ".desiredCount")) {
        v.range(s.desiredCount(), 0, 5000, f + ".desiredCount");
      }
      if (s.loadBalancer() != null) {
        var lb = s.loadBalancer();
        CommonRules.name(v, lb.name(), f + ".loadBalancer.name");
        if (v.require(lb.listenerPort(), f + ".loadBalancer.listenerPort")) {
          v.range(lb.listenerPort(), 1, 65535, f + ".loadBalancer.listenerPort");
        }
        if (v.require(lb.containerPort(), f + ".loadBalancer.containerPort")) {
          v.range(lb.containerPort(), 1, 65535, f + ".loadBalancer.containerPort");
          if (s.container() != null && s.container().port() != null) {
            v.check(
                s.container().port().equals(lb.containerPort()),
                f + ".loadBalancer.containerPort",
                "must be the container's port " + s.container().port());
          }
        }
      }
      if (s.autoscaling() != null) {
        var a = s.autoscaling();
        boolean min = v.require(a.minCount(), f + ".autoscaling.minCount");
        boolean max = v.require(a.maxCount(), f + ".autoscaling.maxCount");
        min = min && v.range(a.minCount(), 0, 5000, f + ".autoscaling.minCount");
        max = max && v.range(a.maxCount(), 1, 5000, f + ".autoscaling.maxCount");
        if (min && max) {
          v.check(
              a.minCount() <= a.maxCount(),
              f + ".autoscaling.maxCount",
              "must be at least minCount");
        }
        if (v.require(a.metric(), f + ".autoscaling.metric")) {
          v.check(
              Set.of("cpu", "memory").contains(a.metric()),
              f + ".autoscaling.metric",
              "must be cpu or memory");
        }
        if (v.require(a.target(), f + ".autoscaling.target")) {
          v.check(
              a.target() > 0 && a.target() <= 100,
              f + ".autoscaling.target",
              "must be a percentage above 0 and at most 100");
        }
      }
    }
  }

  private static void container(Validation v, EcsServiceDto s, String f) {
    var c = s.container();
    if (c == null) {
      return;
    }
    if (v.require(c.name(), f + ".container.name")) {
      v.check(
          c.name().matches(ECS_NAME), f + ".container.name", "must be 1 to 255 of A-Z a-z 0-9 _ -");
    }
    if (v.require(c.image(), f + ".container.image")) {
      v.check(
          c.image().length() <= 255 && c.image().matches("[\\x21-\\x7E]+"),
          f + ".container.image",
          "must be an image reference (printable ASCII, no spaces)");
    }
    v.range(c.cpu(), 128, 16384, f + ".container.cpu");
    v.range(c.memory(), 6, 122880, f + ".container.memory");
    v.range(c.port(), 1, 65535, f + ".container.port");
    if (c.environment() != null) {
      c.environment()
          .keySet()
          .forEach(
              k ->
                  v.check(
                      k != null && k.matches("[A-Za-z_][A-Za-z0-9_]{0,254}"),
                      f + ".container.environment",
                      "variable names must be letters, digits and _: " + k));
    }
  }

  private static void nodeGroups(
      Validation v, String type, String version, List<ClusterNodeGroupDto> groups) {
    if (groups == null) {
      return;
    }
    v.check(groups.size() <= 30, "spec.nodeGroups", "at most 30 node groups");
    Set<String> names = new HashSet<>();
    for (int i = 0; i < groups.size(); i++) {
      String f = "spec.nodeGroups[" + i + "]";
      ClusterNodeGroupDto ng = groups.get(i);
      if (!v.require(ng, f)) {
        continue;
      }
      CommonRules.name(v, ng.name(), f + ".name");
      if (ng.name() != null) {
        v.check(
            ng.name().length() <= MAX_NODE_GROUP_NAME,
            f + ".name",
            "must be at most " + MAX_NODE_GROUP_NAME + " characters");
        v.check(names.add(ng.name()), f + ".name", "appears twice");
      }
      if (SELF_MANAGED.equals(type) && ng.name() != null) {
        v.check(
            !ng.name().startsWith("cp-"),
            f + ".name",
            "cp- is reserved for the control plane's groups");
      }
      if (SELF_MANAGED.equals(type)) {
        v.require(ng.instanceProfile(), f + ".instanceProfile");
      }
      if (ECS.equals(type)) {
        EcsNodeGroupRules.check(v, ng, f);
      }
      if (SELF_MANAGED.equals(type) || ECS.equals(type)) {
        RolloutRules.group(v, ng.rollout(), f + ".rollout");
      } else {
        v.check(
            ng.rollout() == null,
            f + ".rollout",
            "applies to self-managed and ecs node groups (EKS groups take updateConfig)");
      }
      if (EKS.equals(type)) {
        eksNodeGroup(v, ng, f, version);
      } else if (TYPES.contains(type)) {
        autoScalingNodeGroup(v, ng, f);
      }
    }
  }

  private static void eksNodeGroup(Validation v, ClusterNodeGroupDto ng, String f, String version) {
    amiType(v, ng, f, version);
    if (v.require(ng.nodeRole(), f + ".nodeRole")) {
      v.check(ng.nodeRole().matches(ROLE_ARN), f + ".nodeRole", "must be an IAM role ARN");
    }
    v.check(ng.imageId() == null, f + ".imageId", "EKS managed node groups choose by amiType");
    v.check(ng.userData() == null, f + ".userData", "EKS managed node groups bootstrap themselves");
    v.check(ng.instanceProfile() == null, f + ".instanceProfile", "use nodeRole for eks");
    v.check(ng.scaling() == null, f + ".scaling", "applies to self-managed node groups only");
    v.check(
        ng.instanceType() == null || ng.instanceTypes() == null,
        f + ".instanceTypes",
        "give instanceType or instanceTypes, not both");
    if (ng.capacityType() != null) {
      v.check(
          Set.of("ON_DEMAND", "SPOT").contains(ng.capacityType()),
          f + ".capacityType",
          "must be ON_DEMAND or SPOT");
    }
    v.range(ng.diskSize(), 1, 16384, f + ".diskSize");
    if (ng.updateConfig() != null) {
      var u = ng.updateConfig();
      v.check(
          (u.maxUnavailable() == null) != (u.maxUnavailablePercentage() == null),
          f + ".updateConfig",
          "give maxUnavailable or maxUnavailablePercentage");
      v.range(u.maxUnavailable(), 1, 100, f + ".updateConfig.maxUnavailable");
      v.range(u.maxUnavailablePercentage(), 1, 100, f + ".updateConfig.maxUnavailablePercentage");
    }
    // Sizes, labels, taints, subnets and tags follow the foundation's node group rules.
    for (FieldError e :
        NodeGroupValidator.validate("x", asNodeGroup(ng, "ami-00000000", "m6i.large"))) {
      if (!e.field().startsWith("spec.imageId") && !e.field().startsWith("spec.instanceType")) {
        keep(v, e, ng, f);
      }
    }
  }

  private static void amiType(Validation v, ClusterNodeGroupDto ng, String f, String version) {
    List<String> types =
        ng.instanceTypes() != null
            ? ng.instanceTypes()
            : ng.instanceType() == null ? List.of() : List.of(ng.instanceType());
    if (types.stream().allMatch(t -> t != null)) {
      EksAmiTypes.mixedArchitectures(types).ifPresent(m -> v.fail(f + ".instanceTypes", m));
    }
    String ami = ng.amiType();
    if (ami == null) {
      return;
    }
    if (version != null
        && KubernetesVersions.supported(version)
        && KubernetesVersions.minor(version) >= EksAmiTypes.FIRST_MINOR_WITHOUT_AL2) {
      v.check(
          !EksAmiTypes.isAl2(ami),
          f + ".amiType",
          "AWS publishes no Amazon Linux 2 AMI for Kubernetes 1."
              + EksAmiTypes.FIRST_MINOR_WITHOUT_AL2
              + " and later; use AL2023_x86_64_STANDARD or AL2023_ARM_64_STANDARD (the default)");
    }
    boolean graviton =
        !types.isEmpty() && types.stream().allMatch(t -> t != null && EksAmiTypes.graviton(t));
    // CUSTOM takes its AMI from a launch template, whose architecture the spec does not show.
    if (!types.isEmpty()
        && !"CUSTOM".equals(ami)
        && EksAmiTypes.mixedArchitectures(types).isEmpty()) {
      v.check(
          EksAmiTypes.isArm(ami) == graviton,
          f + ".amiType",
          graviton
              ? "is an x86 AMI type but the instance types are Graviton (ARM)"
              : "is an ARM AMI type but the instance types are x86");
    }
  }

  private static void autoScalingNodeGroup(Validation v, ClusterNodeGroupDto ng, String f) {
    for (String eksOnly :
        new String[] {"instanceTypes", "capacityType", "amiType", "diskSize", "nodeRole"}) {
      Object value =
          switch (eksOnly) {
            case "instanceTypes" -> ng.instanceTypes();
            case "capacityType" -> ng.capacityType();
            case "amiType" -> ng.amiType();
            case "diskSize" -> ng.diskSize();
            default -> ng.nodeRole();
          };
      v.check(value == null, f + "." + eksOnly, "applies to eks node groups only");
    }
    v.check(ng.updateConfig() == null, f + ".updateConfig", "applies to eks node groups only");
    for (FieldError e :
        NodeGroupValidator.validate("x", asNodeGroup(ng, ng.imageId(), ng.instanceType()))) {
      keep(v, e, ng, f);
    }
  }

  /** Re-roots a foundation node group error under the cluster's node group. */
  private static void keep(Validation v, FieldError e, ClusterNodeGroupDto ng, String f) {
    if (e.field().startsWith("metadata.")) {
      return;
    }
    if (e.field().startsWith("spec.subnetIds") && ng.subnetIds() == null) {
      return; // defaults to the cluster's subnets
    }
    v.fail(f + e.field().substring("spec".length()), e.message());
  }

  private static NodeGroupSpecDto asNodeGroup(
      ClusterNodeGroupDto ng, String imageId, String instanceType) {
    return new NodeGroupSpecDto(
        imageId,
        instanceType,
        ng.userData(),
        ng.securityGroups(),
        ng.keyName(),
        ng.instanceProfile(),
        ng.subnetIds(),
        ng.minSize(),
        ng.maxSize(),
        ng.desiredCapacity(),
        ng.scaling(),
        ng.nodeLabels(),
        ng.nodeTaints(),
        null,
        ng.tags());
  }
}
