package io.strato.cloud.aws.cluster.selfmanaged;

import io.strato.cloud.Ownership;
import io.strato.cloud.aws.AwsClients;
import io.strato.cloud.aws.asg.AwsNodeGroups;
import io.strato.cloud.aws.elb.AwsLoadBalancers;
import io.strato.cloud.cluster.ClusterContext;
import io.strato.cloud.cluster.ClusterProgress;
import io.strato.cloud.cluster.ClusterSpecDto;
import io.strato.cloud.cluster.ClusterSpecDto.ClusterNodeGroupDto;
import io.strato.cloud.cluster.ClusterSpecDto.NetworkDto;
import io.strato.cloud.cluster.ClusterSpecDto.SelfManagedDto;
import io.strato.cloud.cluster.ClusterSpecDto.SubnetDto;
import io.strato.cloud.cluster.ClusterSubnet;
import io.strato.cloud.nodegroup.NodeGroupSpecDto.TaintDto;
import io.strato.testsupport.AwsFixtures;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateVersion;
import software.amazon.awssdk.services.ec2.model.RouteTable;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;

/**
 * An account prepared for a self-managed cluster (a VPC over three zones, one subnet with its own
 * route table), the cluster as the engine would hand it to the driver, and read-outs of what moto
 * holds.
 */
final class SelfManagedFixture {

  static final String NAME = "prod";
  static final byte[] SECRET = "a-test-bootstrap-secret-of-32-by".getBytes(StandardCharsets.UTF_8);

  final AwsClients clients;
  final AwsFixtures network;
  final String imageId;
  final String explicitRouteTable;
  final String uid = java.util.UUID.randomUUID().toString();

  /** The roles behind the control-plane and worker instance profiles, by profile name. */
  final Map<String, String> roles;

  SelfManagedFixture(AwsClients clients) {
    this.clients = clients;
    this.network = AwsFixtures.network(clients.ec2(), null);
    this.imageId = AwsFixtures.imageId(clients.ec2());
    // The first private subnet gets its own route table; the others use the VPC's main table.
    this.explicitRouteTable =
        clients.ec2().createRouteTable(r -> r.vpcId(network.vpcId())).routeTable().routeTableId();
    clients
        .ec2()
        .associateRouteTable(
            r -> r.routeTableId(explicitRouteTable).subnetId(network.privateSubnets().get(0)));
    this.roles = AwsFixtures.nodeProfiles(clients.iam());
  }

  SelfManagedClusterDriver driver() {
    return driver(clients);
  }

  /** A fresh driver, as after a restart: nothing in memory. */
  static SelfManagedClusterDriver driver(AwsClients clients) {
    return new SelfManagedClusterDriver(
        clients, new AwsLoadBalancers(clients), new AwsNodeGroups(clients), SECRET);
  }

  /** A fresh driver that reads the time from {@code clock}, with the default 24 h token TTL. */
  static SelfManagedClusterDriver driver(AwsClients clients, java.time.Clock clock) {
    return new SelfManagedClusterDriver(
        clients,
        new AwsLoadBalancers(clients),
        new AwsNodeGroups(clients),
        SECRET,
        clock,
        BootstrapToken.DEFAULT_TTL);
  }

  ClusterContext cluster() {
    return cluster(UnaryOperator.identity());
  }

  ClusterContext cluster(UnaryOperator<ClusterSpecDto> change) {
    return cluster(change, network.privateSubnets());
  }

  ClusterContext cluster(UnaryOperator<ClusterSpecDto> change, List<String> subnetIds) {
    List<ClusterSubnet> subnets = new ArrayList<>();
    for (int i = 0; i < subnetIds.size(); i++) {
      subnets.add(new ClusterSubnet(subnetIds.get(i), AwsFixtures.ZONES.get(i % 3)));
    }
    subnets.sort(Comparator.comparing(ClusterSubnet::zone).thenComparing(ClusterSubnet::id));
    ClusterSpecDto spec =
        change.apply(
            new ClusterSpecDto(
                "aws",
                "self-managed",
                "1.31",
                new NetworkDto(
                    network.vpcId(),
                    subnets.stream().map(s -> new SubnetDto(s.id(), s.zone())).toList(),
                    null),
                null,
                selfManaged(3, null, null),
                null,
                List.of(workers(2)),
                Map.of("team", "platform")));
    return new ClusterContext(
        NAME,
        uid,
        spec,
        new Ownership(uid, "Cluster", NAME, NAME),
        network.vpcId(),
        subnets,
        (lb, port) -> Optional.empty());
  }

  /** The control-plane settings with an internet-facing API load balancer. */
  SelfManagedDto internetFacing() {
    SelfManagedDto sm = selfManaged(3, null, null);
    return new SelfManagedDto(
        sm.replicas(),
        sm.imageId(),
        sm.instanceType(),
        sm.instanceProfile(),
        sm.keyName(),
        sm.securityGroups(),
        "internet-facing",
        sm.podCidr(),
        sm.serviceCidr(),
        sm.controlPlaneTemplate(),
        sm.workerTemplate());
  }

  /**
   * Makes {@code subnets} public the way AWS defines it: an internet gateway attached to the VPC
   * and a route table sending 0.0.0.0/0 to it, associated with each subnet.
   */
  void routeToInternet(List<String> subnets) {
    String igw = clients.ec2().createInternetGateway().internetGateway().internetGatewayId();
    clients.ec2().attachInternetGateway(r -> r.internetGatewayId(igw).vpcId(network.vpcId()));
    String table =
        clients.ec2().createRouteTable(r -> r.vpcId(network.vpcId())).routeTable().routeTableId();
    clients
        .ec2()
        .createRoute(r -> r.routeTableId(table).destinationCidrBlock("0.0.0.0/0").gatewayId(igw));
    subnets.forEach(s -> clients.ec2().associateRouteTable(r -> r.routeTableId(table).subnetId(s)));
  }

  SelfManagedDto selfManaged(int replicas, String controlPlaneTemplate, String workerTemplate) {
    return new SelfManagedDto(
        replicas,
        imageId,
        "m5.large",
        AwsFixtures.CONTROL_PLANE_PROFILE,
        null,
        List.of(),
        null,
        null,
        null,
        controlPlaneTemplate,
        workerTemplate);
  }

  ClusterNodeGroupDto workers(int desired) {
    return new ClusterNodeGroupDto(
        "workers",
        imageId,
        "m5.large",
        null,
        null,
        null,
        null,
        null,
        AwsFixtures.NODE_PROFILE,
        null,
        List.of(),
        null,
        null,
        1,
        5,
        desired,
        null,
        Map.of("role", "worker"),
        List.of(new TaintDto("dedicated", "batch", "NoSchedule")),
        null,
        null);
  }

  static ClusterSpecDto withSelfManaged(ClusterSpecDto s, SelfManagedDto sm) {
    return new ClusterSpecDto(
        s.provider(),
        s.type(),
        s.version(),
        s.network(),
        s.eks(),
        sm,
        s.ecs(),
        s.nodeGroups(),
        s.tags());
  }

  static ClusterSpecDto withVersion(ClusterSpecDto s, String version) {
    return new ClusterSpecDto(
        s.provider(),
        s.type(),
        version,
        s.network(),
        s.eks(),
        s.selfManaged(),
        s.ecs(),
        s.nodeGroups(),
        s.tags());
  }

  static ClusterSpecDto withNodeGroups(ClusterSpecDto s, List<ClusterNodeGroupDto> groups) {
    return new ClusterSpecDto(
        s.provider(),
        s.type(),
        s.version(),
        s.network(),
        s.eks(),
        s.selfManaged(),
        s.ecs(),
        groups,
        s.tags());
  }

  /**
   * Reconciles as the engine would (each call the next step) until Ready; fails after 30 (a rollout
   * of a three-member control plane takes three steps a member).
   */
  static List<ClusterProgress> untilReady(SelfManagedClusterDriver driver, ClusterContext c)
      throws Exception {
    List<ClusterProgress> all = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      ClusterProgress p = driver.reconcile(c);
      all.add(p);
      if (p.ready()) {
        return all;
      }
    }
    throw new AssertionError("not ready after 30 reconciles: " + all.get(all.size() - 1));
  }

  // --- what moto holds ---

  List<AutoScalingGroup> groups() {
    return clients.autoScaling().describeAutoScalingGroups().autoScalingGroups();
  }

  AutoScalingGroup group(String name) {
    return groups().stream()
        .filter(g -> g.autoScalingGroupName().equals(name))
        .findFirst()
        .orElseThrow();
  }

  List<String> templateNames() {
    return clients.ec2().describeLaunchTemplates().launchTemplates().stream()
        .map(t -> t.launchTemplateName())
        .toList();
  }

  List<LaunchTemplateVersion> versions(String templateName) {
    return clients
        .ec2()
        .describeLaunchTemplateVersions(r -> r.launchTemplateName(templateName))
        .launchTemplateVersions();
  }

  /** The user data of the version the group launches from, decoded. */
  String userData(String groupName) {
    AutoScalingGroup g = group(groupName);
    String version = g.launchTemplate().version();
    LaunchTemplateVersion v =
        clients
            .ec2()
            .describeLaunchTemplateVersions(
                r -> r.launchTemplateId(g.launchTemplate().launchTemplateId()).versions(version))
            .launchTemplateVersions()
            .get(0);
    byte[] payload = Base64.getDecoder().decode(v.launchTemplateData().userData());
    // Above 16 KiB the script travels gzipped, as cloud-init reads it (UserDataPayload).
    if (payload.length > 1 && payload[0] == (byte) 0x1f && payload[1] == (byte) 0x8b) {
      try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(payload))) {
        payload = in.readAllBytes();
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    return new String(payload, StandardCharsets.UTF_8);
  }

  /** The current value of a secret, read as a node would (moto enforces no resource policy). */
  String secretValue(String nameOrArn) {
    return clients.secretsManager().getSecretValue(r -> r.secretId(nameOrArn)).secretString();
  }

  /** Every secret in the account, by name. */
  List<String> secretNames() {
    return clients.secretsManager().listSecrets().secretList().stream().map(x -> x.name()).toList();
  }

  List<LoadBalancer> loadBalancers() {
    return clients.elb().describeLoadBalancers().loadBalancers();
  }

  Map<String, String> subnetTags(String subnetId) {
    Subnet s = clients.ec2().describeSubnets(r -> r.subnetIds(subnetId)).subnets().get(0);
    return toMap(s.tags());
  }

  String subnetZone(String subnetId) {
    return clients
        .ec2()
        .describeSubnets(r -> r.subnetIds(subnetId))
        .subnets()
        .get(0)
        .availabilityZone();
  }

  Map<String, String> routeTableTags(String id) {
    RouteTable t = clients.ec2().describeRouteTables(r -> r.routeTableIds(id)).routeTables().get(0);
    return toMap(t.tags());
  }

  String mainRouteTable() {
    return clients
        .ec2()
        .describeRouteTables(
            r ->
                r.filters(
                    f -> f.name("vpc-id").values(network.vpcId()),
                    f -> f.name("association.main").values("true")))
        .routeTables()
        .get(0)
        .routeTableId();
  }

  static Map<String, String> toMap(List<Tag> tags) {
    Map<String, String> out = new java.util.TreeMap<>();
    tags.forEach(t -> out.put(t.key(), t.value()));
    return out;
  }
}
