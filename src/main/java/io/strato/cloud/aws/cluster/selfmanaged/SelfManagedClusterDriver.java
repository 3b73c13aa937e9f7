package io.strato.cloud.aws.cluster.selfmanaged;

import io.strato.cloud.ChangeOutcome;
import io.strato.cloud.CloudException;
import io.strato.cloud.Deletion;
import io.strato.cloud.Ensured;
import io.strato.cloud.Ownership;
import io.strato.cloud.aws.AwsClients;
import io.strato.cloud.aws.ec2.AwsMachineImages;
import io.strato.cloud.aws.ec2.ClusterNetworkTags;
import io.strato.cloud.aws.s3.AwsSnapshotBuckets;
import io.strato.cloud.aws.secrets.InstanceRoles;
import io.strato.cloud.cluster.BootstrapTemplates;
import io.strato.cloud.cluster.ClusterContext;
import io.strato.cloud.cluster.ClusterDriver;
import io.strato.cloud.cluster.ClusterNodeGroups;
import io.strato.cloud.cluster.ClusterProgress;
import io.strato.cloud.cluster.ClusterSpecDto.ClusterNodeGroupDto;
import io.strato.cloud.cluster.GroupRollouts;
import io.strato.cloud.image.MachineImages;
import io.strato.cloud.loadbalancer.LastEnsures;
import io.strato.cloud.loadbalancer.LoadBalancerStatus;
import io.strato.cloud.loadbalancer.LoadBalancers;
import io.strato.cloud.loadbalancer.Scheme;
import io.strato.cloud.nodegroup.NodeGroupBatch;
import io.strato.cloud.nodegroup.NodeGroupSpec;
import io.strato.cloud.nodegroup.NodeGroupStatus;
import io.strato.cloud.nodegroup.NodeGroups;
import io.strato.cloud.nodegroup.RolloutStep;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jboss.logging.Logger;

/**
 * A Kubernetes control plane that Strato runs itself, kubeadm's highly available layout on EC2:
 * per-zone Auto Scaling groups of control-plane members (see {@link ControlPlaneLayout}) behind a
 * network load balancer on 6443, worker node groups joining through that load balancer, and the
 * cluster's subnets and route tables tagged for the cloud controller manager.
 *
 * <p>One reconcile walks the steps in dependency order and returns: network tags, the API load
 * balancer (its DNS name goes into every node's user data, so it comes first), the control-plane
 * groups' bootstrap secrets, the control-plane groups, the worker groups, the API load balancer's
 * attachment to the control-plane groups this pass created, removal of groups the spec no longer
 * names, then the report. The CA and the join token live in Secrets Manager (see {@link
 * BootstrapSecrets}); what the user data needs of them (ARNs, the CA hash) is read back from the
 * secrets' metadata, so every step is a function of the spec and the cloud, and a restart renders
 * the same user data.
 *
 * <p>A restart of Strato: the secrets are found by name; the CA is never generated again (its hash
 * comes from the secret's tag); the token of the current window is derived again from the bootstrap
 * key, and written only if the secret holds an older window's. If Strato was down past a window's
 * end it writes the current token on its first reconcile; the nodes' join loops re-read the secret
 * at each attempt, so a node launched meanwhile joins once the new token is registered.
 *
 * <p>A version change renders new user data, so each group gets a new launch template version; then
 * the instances that run an older version are replaced, one step per reconcile (see {@link
 * ControlPlaneRollout} and {@link GroupRollouts}), the control plane as one quorum and each worker
 * group within its own bounds.
 */
public final class SelfManagedClusterDriver implements ClusterDriver {

  public static final String TYPE = "self-managed";

  private static final Logger LOG = Logger.getLogger(SelfManagedClusterDriver.class);

  /**
   * Full ensures of the API load balancer apart while a cluster polls with an unchanged spec: the
   * polls between read only its state (see {@link LastEnsures#settledForPolls}).
   */
  private static final int API_LOAD_BALANCER_STATE_READS = 10;

  /**
   * How long a terminating worker is held for its node to cordon itself and let its pods go (see
   * the worker template); AWS continues the termination after it even if the node never answers.
   */
  static final Duration WORKER_DRAIN_TIMEOUT = Duration.ofMinutes(5);

  /**
   * The cluster record carries no generation here, so the version is constant and the desired load
   * balancer spec (derived from the cluster spec and the control-plane groups) is the key.
   */
  private static final long ANY_VERSION = 0;

  private final LoadBalancers loadBalancers;
  private final LastEnsures apiLoadBalancers;
  private final NodeGroups nodeGroups;
  private final ClusterNetworkTags networkTags;
  private final AppliedNetworkTags appliedNetworkTags;
  private final BootstrapSecrets secrets;
  private final ApiTargetHealth apiHealth;
  private final PublicSubnets publicSubnets;
  private final String region;
  private final MachineImages images;
  private final EtcdBackups backups;

  public SelfManagedClusterDriver(
      AwsClients clients,
      LoadBalancers loadBalancers,
      NodeGroups nodeGroups,
      byte[] bootstrapSecret) {
    this(
        clients,
        loadBalancers,
        nodeGroups,
        bootstrapSecret,
        Clock.systemUTC(),
        BootstrapToken.DEFAULT_TTL);
  }

  /**
   * @param bootstrapSecret at least 16 bytes, stable across restarts and replicas: the kubeadm
   *     tokens of every cluster are derived from it
   * @param tokenTtl how long a bootstrap token is accepted; renewed every half of it
   */
  public SelfManagedClusterDriver(
      AwsClients clients,
      LoadBalancers loadBalancers,
      NodeGroups nodeGroups,
      byte[] bootstrapSecret,
      Clock clock,
      Duration tokenTtl) {
    if (bootstrapSecret == null || bootstrapSecret.length < 16) {
      throw new IllegalArgumentException("the bootstrap secret must be at least 16 bytes");
    }
    this.loadBalancers = loadBalancers;
    this.apiLoadBalancers =
        LastEnsures.settledForPolls(loadBalancers, API_LOAD_BALANCER_STATE_READS);
    this.nodeGroups = nodeGroups;
    this.networkTags = new ClusterNetworkTags(clients.ec2());
    this.appliedNetworkTags = new AppliedNetworkTags(networkTags, API_LOAD_BALANCER_STATE_READS);
    // One role memory for the secrets' policies and the bucket's: both name the control plane's.
    InstanceRoles roles = new InstanceRoles(clients.iam(), clock);
    this.secrets = new BootstrapSecrets(clients, roles, bootstrapSecret.clone(), clock, tokenTtl);
    this.apiHealth = new ApiTargetHealth(clients.elb(), API_LOAD_BALANCER_STATE_READS);
    this.publicSubnets = new PublicSubnets(clients.ec2(), API_LOAD_BALANCER_STATE_READS);
    this.region = clients.region();
    this.images = new AwsMachineImages(clients.ec2());
    this.backups =
        new EtcdBackups(new AwsSnapshotBuckets(clients.s3(), roles, clients.region()), clock);
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public ClusterProgress reconcile(ClusterContext cluster) {
    ControlPlaneSettings settings = ControlPlaneSettings.of(cluster);
    refuseBrokenTemplates(settings);
    refuseMissingProfiles(cluster, settings);
    // A backup schedule stored before the REST check existed is refused here, before any call.
    EtcdBackupSettings.of(settings.spec());
    List<ControlPlaneLayout.Group> layout = ControlPlaneLayout.of(cluster, settings.replicas());
    refuseNameClash(cluster, layout);
    if (layout.isEmpty()) {
      // The REST validator refuses this before any call; this is the defence behind it.
      return SelfManagedReport.insufficientZones(cluster, settings);
    }
    Ownership owner = cluster.owner();
    SelfManagedReport report = new SelfManagedReport(cluster, settings);
    checkImages(cluster, settings, report);

    ClusterNetworkTags.Tagged tagged =
        appliedNetworkTags.ensure(
            cluster.name(), cluster.uid(), cluster.vpcId(), cluster.subnetIds());
    report.network(tagged);

    // Every node group of the cluster in one observation; the steps below work from it.
    NodeGroupBatch existing = nodeGroups.observeAll(owner);
    List<String> attachable =
        layout.stream()
            .map(ControlPlaneLayout.Group::name)
            .filter(existing.groups()::contains)
            .toList();
    List<String> lbSubnets = ControlPlaneLayout.subnetPerZone(cluster);
    if (settings.apiScheme() == Scheme.INTERNET_FACING) {
      List<String> zones = layout.stream().map(ControlPlaneLayout.Group::zone).distinct().toList();
      PublicSubnets.Choice choice = publicSubnets.choose(cluster.uid(), cluster.vpcId(), zones);
      if (!choice.complete()) {
        // Nothing is created: every node's user data names the endpoint, and an internet-facing
        // load balancer in private subnets would be an endpoint nobody outside can reach.
        return report.noPublicSubnets(cluster.vpcId(), choice.zonesWithout());
      }
      lbSubnets = choice.subnetIds();
    }
    Ensured<LoadBalancerStatus> firstLb =
        apiLoadBalancers.ensure(
            owner, ANY_VERSION, ApiLoadBalancer.spec(cluster, settings, lbSubnets, attachable));
    report.loadBalancer(firstLb, attachable);
    String dns = firstLb.status().dnsName();
    if (dns == null || dns.isBlank()) {
      // Every node's user data names the API endpoint: nothing can be rendered before it exists.
      return report.waitingForEndpoint();
    }

    // The snapshot bucket before the user data that names it; settings once per spec, a listing
    // once per backup interval (see EtcdBackups).
    report.backup(backups.reconcile(cluster, settings));

    BootstrapUserData userData =
        new BootstrapUserData(
            cluster,
            settings,
            secrets.ensure(cluster, settings, firstLb.outcome() == ChangeOutcome.CREATED),
            dns,
            region);
    List<NodeGroupSpec> controlPlaneSpecs = new ArrayList<>();
    for (ControlPlaneLayout.Group group : layout) {
      String rendered =
          render(() -> userData.controlPlane(group.zone(), group.initialises(), group.name()));
      controlPlaneSpecs.add(
          ControlPlaneLayout.spec(cluster, settings, group, rendered)
              .withReplacement(ControlPlaneLayout.replacement(settings)));
    }
    List<ClusterNodeGroupDto> workers = ClusterNodeGroups.of(cluster.spec());
    List<NodeGroupSpec> workerSpecs = new ArrayList<>();
    for (ClusterNodeGroupDto group : workers) {
      String rendered = render(() -> userData.worker(group));
      workerSpecs.add(
          ClusterNodeGroups.toNodeGroupSpec(cluster, group, rendered)
              .withReplacement(
                  new NodeGroupSpec.Replacement(
                      ClusterNodeGroups.rollout(group), WORKER_DRAIN_TIMEOUT, null)));
    }
    List<NodeGroupSpec> specs = new ArrayList<>(controlPlaneSpecs);
    specs.addAll(workerSpecs);
    Map<String, Ensured<NodeGroupStatus>> ensured = existing.ensureAll(specs);
    // Control-plane groups this pass created are attached now, not on the next pass: AWS then
    // registers each member as it launches, and no pass exists only to attach them. From the
    // ensure above, remembered: no observation (see LastEnsures, GroupAddition).
    List<String> attached =
        layout.stream().map(ControlPlaneLayout.Group::name).filter(ensured::containsKey).toList();
    Ensured<LoadBalancerStatus> lb =
        attached.equals(attachable)
            ? firstLb
            : apiLoadBalancers.ensure(
                owner, ANY_VERSION, ApiLoadBalancer.spec(cluster, settings, lbSubnets, attached));
    if (lb != firstLb) {
      report.loadBalancer(lb, attached);
    }
    layout.forEach(g -> report.controlPlane(g, ensured.get(g.name())));
    readApiHealth(cluster, lb.status(), layout, attached, ensured, report);
    workers.forEach(
        g -> report.worker(g, ensured.get(ClusterNodeGroups.cloudName(cluster, g.name()))));
    removeObsolete(owner, existing, ensured.keySet(), report);

    // Then one rollout step for the control plane (as one quorum) and for each worker group.
    Map<String, RolloutStep> steps = new LinkedHashMap<>();
    steps.putAll(
        ControlPlaneRollout.roll(
            existing,
            controlPlaneSpecs,
            () -> membersNotAnswering(cluster, lb.status(), layout, ensured)));
    Map<String, RolloutStep> workerSteps = GroupRollouts.roll(existing, workerSpecs);
    for (ClusterNodeGroupDto g : workers) {
      RolloutStep step = workerSteps.get(ClusterNodeGroups.cloudName(cluster, g.name()));
      if (step != null) {
        steps.put("node group " + g.name(), step);
      }
    }
    report.rollouts(steps);
    return report.progress();
  }

  /**
   * Reads the cluster's images (one DescribeImages the first time an image ID is seen, none after)
   * and reports whether their names and tags fit the bootstrap choice: a doubt at plan time, not a
   * failure, since nothing but booting one proves what an image carries.
   */
  private void checkImages(
      ClusterContext cluster, ControlPlaneSettings settings, SelfManagedReport report) {
    List<String> ids = new ArrayList<>();
    ids.add(settings.spec().imageId());
    ClusterNodeGroups.of(cluster.spec()).stream()
        .map(ClusterNodeGroupDto::imageId)
        .filter(id -> id != null && !id.isBlank())
        .forEach(ids::add);
    ids.removeIf(id -> id == null || id.isBlank());
    report.images(
        settings.bootstrap(),
        ImageChoice.doubts(settings.bootstrap(), settings.version(), ids, images.describe(ids)));
  }

  /**
   * The control-plane members the API load balancer does not call healthy, with their state: what a
   * rollout waits on before the next member goes. One DescribeTargetHealth, and only while a
   * control-plane rollout runs.
   */
  private Map<String, String> membersNotAnswering(
      ClusterContext cluster,
      LoadBalancerStatus lb,
      List<ControlPlaneLayout.Group> layout,
      Map<String, Ensured<NodeGroupStatus>> ensured) {
    List<String> members = new ArrayList<>();
    layout.forEach(g -> members.addAll(ensured.get(g.name()).status().instanceIds()));
    return lb.listeners().stream()
        .filter(l -> l.port() == BootstrapUserData.API_PORT && l.targetGroupArn() != null)
        .findFirst()
        .map(l -> apiHealth.read(cluster.uid(), l.targetGroupArn(), members).problems())
        .orElseGet(
            () -> {
              Map<String, String> none = new TreeMap<>();
              members.forEach(m -> none.put(m, "no API target group yet"));
              return none;
            });
  }

  @Override
  public Deletion delete(ClusterContext cluster) {
    apiLoadBalancers.forget(cluster.owner().ownerUid());
    appliedNetworkTags.forget(cluster.uid());
    secrets.forget(cluster.uid());
    apiHealth.forget(cluster.uid());
    publicSubnets.forget(cluster.uid());
    return new SelfManagedTeardown(loadBalancers, nodeGroups, networkTags, secrets, backups)
        .delete(cluster);
  }

  /**
   * Once every member is in service and its group attached to the API target group, asks the load
   * balancer whether they answer on 6443: {@code ControlPlaneReady} rests on that. Before then
   * there is nothing to ask, and no call is made.
   */
  private void readApiHealth(
      ClusterContext cluster,
      LoadBalancerStatus lb,
      List<ControlPlaneLayout.Group> layout,
      List<String> attached,
      Map<String, Ensured<NodeGroupStatus>> ensured,
      SelfManagedReport report) {
    List<String> members = new ArrayList<>();
    for (ControlPlaneLayout.Group group : layout) {
      Ensured<NodeGroupStatus> e = ensured.get(group.name());
      if (!e.settled() || !attached.contains(group.name())) {
        return;
      }
      members.addAll(e.status().instanceIds());
    }
    lb.listeners().stream()
        .filter(l -> l.port() == BootstrapUserData.API_PORT && l.targetGroupArn() != null)
        .findFirst()
        .ifPresent(
            l -> report.apiHealth(apiHealth.read(cluster.uid(), l.targetGroupArn(), members)));
  }

  /** Node groups of ours that the spec no longer names (a removed worker group, a moved zone). */
  private void removeObsolete(
      Ownership owner, NodeGroupBatch existing, Set<String> wanted, SelfManagedReport report) {
    Set<String> obsolete = new TreeSet<>(existing.names());
    obsolete.removeAll(wanted);
    obsolete.forEach(
        name ->
            LOG.infof(
                "cluster %s: node group %s is no longer in the spec; deleting it",
                owner.name(), name));
    report.removed(obsolete.isEmpty() ? Map.of() : existing.deleteAll(obsolete));
  }

  /**
   * The REST validator answers 422 for these already; checked again here, before any cloud call,
   * for specs stored before the check existed.
   */
  private static void refuseBrokenTemplates(ControlPlaneSettings settings) {
    List<String> problems = new ArrayList<>();
    String cp = settings.spec().controlPlaneTemplate();
    String worker = settings.spec().workerTemplate();
    if (cp != null) {
      BootstrapTemplates.problems(cp).forEach(p -> problems.add("controlPlaneTemplate: " + p));
    }
    if (worker != null) {
      BootstrapTemplates.problems(worker).forEach(p -> problems.add("workerTemplate: " + p));
    }
    if (!problems.isEmpty()) {
      throw new CloudException.InvalidRequest(
          "aws", "RenderUserData", "InvalidBootstrapTemplate", String.join("; ", problems), null);
    }
  }

  /**
   * Every node reads its join token (and a control-plane member the cluster's keys) from Secrets
   * Manager with its instance role, and the secrets' policies name those roles: a group without an
   * instance profile could never join. Refused before any cloud call.
   */
  private static void refuseMissingProfiles(ClusterContext cluster, ControlPlaneSettings settings) {
    List<String> missing = new ArrayList<>();
    if (blank(settings.spec().instanceProfile())) {
      missing.add("selfManaged.instanceProfile");
    }
    for (ClusterNodeGroupDto group : ClusterNodeGroups.of(cluster.spec())) {
      if (blank(group.instanceProfile())) {
        missing.add("nodeGroups[" + group.name() + "].instanceProfile");
      }
    }
    if (!missing.isEmpty()) {
      throw new CloudException.InvalidRequest(
          "aws",
          "ReadSpec",
          "MissingInstanceProfile",
          String.join(", ", missing)
              + ": a self-managed cluster's nodes read their bootstrap secrets with their instance"
              + " role",
          null);
    }
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  /**
   * A worker group called {@code cp-<zone>} would get a control-plane group's cloud name, and the
   * two specs would overwrite each other's group on every pass.
   */
  private static void refuseNameClash(
      ClusterContext cluster, List<ControlPlaneLayout.Group> layout) {
    Set<String> controlPlane = new TreeSet<>();
    layout.forEach(g -> controlPlane.add(g.name()));
    for (ClusterNodeGroupDto group : ClusterNodeGroups.of(cluster.spec())) {
      if (controlPlane.contains(ClusterNodeGroups.cloudName(cluster, group.name()))) {
        throw new CloudException.InvalidRequest(
            "aws",
            "ReadSpec",
            "NodeGroupNameReserved",
            "node group name " + group.name() + " is reserved for the control plane",
            null);
      }
    }
  }

  /** A user's template that does not render is the user's to fix: do not retry it. */
  private static String render(java.util.function.Supplier<String> rendering) {
    try {
      return rendering.get();
    } catch (IllegalArgumentException e) {
      throw new CloudException.InvalidRequest(
          "aws", "RenderUserData", "InvalidBootstrapTemplate", e.getMessage(), e);
    }
  }
}
