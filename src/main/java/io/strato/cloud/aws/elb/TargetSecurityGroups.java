package io.strato.cloud.aws.elb;

import io.strato.cloud.CloudException;
import io.strato.cloud.Ownership;
import io.strato.cloud.aws.AwsErrors;
import io.strato.cloud.aws.AwsTags;
import io.strato.cloud.loadbalancer.LoadBalancerSpec;
import io.strato.cloud.loadbalancer.Target;
import io.strato.cloud.loadbalancer.TargetIngress;
import io.strato.cloud.loadbalancer.TargetType;
import io.strato.reconcile.ReadAhead;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.GroupIdentifier;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;

/**
 * Opens the targets' own security groups to a load balancer (see {@link TargetIngress}): for each
 * target instance (explicit, or a member of an attached Auto Scaling group) the group {@link
 * TargetRulePlan#pick} chooses admits the load balancer on the target and health-check ports.
 *
 * <p>Per ensure it reads the instances once and every group involved once (one DescribeInstances,
 * one DescribeSecurityGroups, one DescribeAutoScalingGroups when groups are attached, one
 * DescribeSubnets without a load balancer group), then writes at most one revoke and one authorise
 * per group that changed, and nothing when nothing did. The instances' read is shared by the
 * ensures the engine queued before it was sent ({@link ReadAhead}, {@link FreshReads}): Services
 * created together mostly have the same targets, and a DescribeInstances of every node is the
 * slowest call of a create (about 330 ms for 50 instances on moto, five times a create call).
 *
 * <p>The groups that hold this load balancer's rules are recorded on the load balancer itself (one
 * tag per group, written before the first rule goes in), so a delete, a node moving to another
 * group or a restart after a crash still finds every rule to take back.
 */
final class TargetSecurityGroups {

  static final String RECORD_TAG = "strato.io/target-security-group/";

  /** The setting that tells Strato the account's rules-per-group quota. */
  static final String RULES_SETTING = "strato.ccm.security-group-rules-per-group";

  /**
   * What an ensure left: whether it changed anything, and the groups that now admit the load
   * balancer.
   */
  record Admission(boolean changed, Set<String> groupIds) {
    Admission {
      groupIds = Set.copyOf(groupIds);
    }
  }

  private static final Logger LOG = Logger.getLogger(TargetSecurityGroups.class);

  private final Ec2Client ec2;
  private final AutoScalingClient autoScaling;
  private final ElbTags tags;
  private final int rulesPerGroup;
  private final SecurityGroupRuleWriter writer;

  /**
   * The latest read of each set of instances, for the reconciles queued before it was sent; a set
   * of nodes is one kind, and a few sets (target-node-labels, nodes joining) live at once.
   */
  private final FreshReads<List<String>, Map<String, List<String>>> instanceReads =
      new FreshReads<>(System::nanoTime, 8);

  TargetSecurityGroups(
      Ec2Client ec2, AutoScalingClient autoScaling, ElbTags tags, int rulesPerGroup) {
    this.ec2 = ec2;
    this.autoScaling = autoScaling;
    this.tags = tags;
    this.rulesPerGroup = rulesPerGroup;
    this.writer = new SecurityGroupRuleWriter(ec2);
  }

  /** The groups holding rules of the load balancer with these tags. */
  static Set<String> recorded(Map<String, String> lbTags) {
    Set<String> groups = new TreeSet<>();
    lbTags.keySet().stream()
        .filter(k -> k.startsWith(RECORD_TAG))
        .forEach(k -> groups.add(k.substring(RECORD_TAG.length())));
    return groups;
  }

  /**
   * Makes the targets' groups hold exactly the rules the spec needs, and no other group hold any of
   * this load balancer's rules. Answers whether it changed anything, and which groups admit it.
   *
   * @throws CloudException.InvalidRequest when the rules would exceed a group's quota (nothing is
   *     changed then), or an instance has several groups tagged for the cluster
   */
  Admission ensure(Ownership owner, LoadBalancerSpec spec, ObservedLoadBalancer lb) {
    Set<String> recorded = recorded(lb.tags());
    boolean open =
        spec.targetIngress() != TargetIngress.OFF && spec.targetType() == TargetType.INSTANCE;
    if (!open && recorded.isEmpty()) {
      return new Admission(false, Set.of());
    }
    Map<String, List<String>> groupsByInstance =
        open ? sharedInstanceGroups(instanceIds(spec)) : Map.of();
    Set<String> lookAt = new TreeSet<>(recorded);
    groupsByInstance.values().forEach(lookAt::addAll);
    if (lookAt.isEmpty()) {
      return new Admission(false, Set.of());
    }
    Map<String, SecurityGroup> groups = describeGroups(lookAt);
    Set<String> targetGroups = chosen(owner, groupsByInstance, groups);
    TargetRulePlan.Sources sources =
        targetGroups.isEmpty()
            ? new TargetRulePlan.Sources(List.of(), List.of(), List.of())
            : sources(spec, lb);
    String description = TargetRulePlan.description(owner.ownerUid(), lb.name());
    TargetRulePlan.Plan plan =
        withinQuota(lb.name(), spec, sources, targetGroups, groups, description);
    Set<String> newlyUsed = new TreeSet<>(targetGroups);
    newlyUsed.removeAll(recorded);
    // The record goes first: a crash after an authorise must leave a trace the delete follows.
    tags.putAll(lb.arn(), record(newlyUsed));
    writer.apply(plan, description);
    Set<String> unused = new TreeSet<>(recorded);
    unused.removeAll(targetGroups);
    tags.removeAll(lb.arn(), unused.stream().map(g -> RECORD_TAG + g).toList());
    if (!plan.isEmpty()) {
      LOG.infof("load balancer %s: target security group rules %s", lb.name(), plan.changes());
    }
    return new Admission(
        !plan.isEmpty() || !newlyUsed.isEmpty() || !unused.isEmpty(), targetGroups);
  }

  /**
   * Opens groups that already admit this load balancer to all of the spec's listeners, without
   * looking at the instances again: for {@link ListenerAddition}, whose targets are those of the
   * remembered ensure, which chose these groups and recorded them on the load balancer before its
   * first rule. One DescribeSecurityGroups, then at most one authorise per group. Needs the load
   * balancer's own groups as the source; without (client ranges) the caller ensures in full.
   *
   * @throws CloudException.InvalidRequest when the rules would exceed a group's quota (nothing is
   *     changed then)
   */
  void admitListeners(
      Ownership owner,
      LoadBalancerSpec spec,
      String lbName,
      List<String> lbGroupIds,
      Set<String> groupIds) {
    if (groupIds.isEmpty()) {
      return;
    }
    Map<String, SecurityGroup> groups = describeGroups(groupIds);
    String description = TargetRulePlan.description(owner.ownerUid(), lbName);
    TargetRulePlan.Plan plan =
        withinQuota(
            lbName, spec, ownGroups(spec, lbGroupIds), groups.keySet(), groups, description);
    writer.apply(plan, description);
    if (!plan.isEmpty()) {
      LOG.infof("load balancer %s: target security group rules %s", lbName, plan.changes());
    }
  }

  private TargetRulePlan.Plan withinQuota(
      String lbName,
      LoadBalancerSpec spec,
      TargetRulePlan.Sources sources,
      Set<String> targetGroups,
      Map<String, SecurityGroup> groups,
      String description) {
    TargetRulePlan.Plan plan =
        TargetRulePlan.plan(
            TargetRulePlan.desired(spec.listeners(), sources),
            targetGroups,
            permissions(groups),
            description,
            rulesPerGroup);
    if (!plan.overQuota().isEmpty()) {
      throw new CloudException.InvalidRequest(
          "aws",
          "ec2:AuthorizeSecurityGroupIngress",
          "RulesPerSecurityGroupLimitExceeded",
          "cannot open the targets to load balancer "
              + lbName
              + ": "
              + String.join("; ", plan.overQuota())
              + ". Nothing was changed; raise the quota 'Inbound or outbound rules per security"
              + " group' and the setting "
              + RULES_SETTING
              + " with it, or use fewer ports or source ranges",
          null);
    }
    return plan;
  }

  /**
   * For each of these instances that exists, the groups {@link #ensure} would open for it: the one
   * {@link TargetRulePlan#pick} chooses, or all its cluster-tagged groups when it has several
   * (which an ensure refuses). One DescribeInstances; the groups' tags are read (one
   * DescribeSecurityGroups) only when an instance has more than one group, since a sole group is
   * the pick whatever its tags say.
   */
  Map<String, List<String>> candidates(String clusterId, Collection<String> instanceIds) {
    Map<String, List<String>> groupsByInstance = instanceGroups(List.copyOf(instanceIds));
    Set<String> undecided = new TreeSet<>();
    groupsByInstance.values().stream().filter(g -> g.size() > 1).forEach(undecided::addAll);
    Set<String> tagged =
        undecided.isEmpty() || clusterId == null || clusterId.isBlank()
            ? Set.of()
            : tagged(clusterId, describeGroups(undecided));
    Map<String, List<String>> out = new TreeMap<>();
    groupsByInstance.forEach(
        (instance, groups) -> {
          List<String> ours = groups.stream().filter(tagged::contains).toList();
          out.put(
              instance,
              ours.size() > 1
                  ? ours
                  : TargetRulePlan.pick(instance, groups, tagged).stream().toList());
        });
    return out;
  }

  private static Set<String> tagged(String clusterId, Map<String, SecurityGroup> groups) {
    String key = Ownership.CLUSTER_TAG_PREFIX + clusterId;
    Set<String> tagged = new TreeSet<>();
    groups.values().stream()
        .filter(g -> AwsTags.fromEc2(g.tags()).containsKey(key))
        .forEach(g -> tagged.add(g.groupId()));
    return tagged;
  }

  /** Takes this load balancer's rules out of every group it recorded, before it is deleted. */
  void revokeAll(Ownership owner, ObservedLoadBalancer lb) {
    Set<String> recorded = recorded(lb.tags());
    if (recorded.isEmpty()) {
      return;
    }
    String description = TargetRulePlan.description(owner.ownerUid(), lb.name());
    TargetRulePlan.Plan plan =
        TargetRulePlan.plan(
            Set.of(), Set.of(), permissions(describeGroups(recorded)), description, rulesPerGroup);
    writer.apply(plan, description);
  }

  private Set<String> chosen(
      Ownership owner,
      Map<String, List<String>> groupsByInstance,
      Map<String, SecurityGroup> groups) {
    Set<String> tagged =
        owner.clusterId() == null || owner.clusterId().isBlank()
            ? Set.of()
            : tagged(owner.clusterId(), groups);
    Set<String> chosen = new TreeSet<>();
    for (Map.Entry<String, List<String>> instance : groupsByInstance.entrySet()) {
      try {
        TargetRulePlan.pick(instance.getKey(), instance.getValue(), tagged)
            .filter(groups::containsKey)
            .ifPresent(chosen::add);
      } catch (IllegalArgumentException ambiguous) {
        throw new CloudException.InvalidRequest(
            "aws",
            "ec2:DescribeSecurityGroups",
            "AmbiguousTargetSecurityGroup",
            ambiguous.getMessage(),
            null);
      }
    }
    return chosen;
  }

  /**
   * The load balancer's own groups (not the user's extra ones, unless it has only those), else the
   * client ranges and the subnets' CIDRs.
   */
  private TargetRulePlan.Sources sources(LoadBalancerSpec spec, ObservedLoadBalancer lb) {
    if (!lb.securityGroupIds().isEmpty()) {
      return ownGroups(spec, lb.securityGroupIds());
    }
    List<String> clients =
        spec.sourceRanges().isEmpty() ? List.of(IngressRules.EVERYWHERE) : spec.sourceRanges();
    List<String> subnets =
        AwsErrors.call(
                "ec2:DescribeSubnets", () -> ec2.describeSubnets(r -> r.subnetIds(lb.subnetIds())))
            .subnets()
            .stream()
            .map(s -> s.cidrBlock())
            .sorted()
            .toList();
    return new TargetRulePlan.Sources(List.of(), clients, subnets);
  }

  private static TargetRulePlan.Sources ownGroups(LoadBalancerSpec spec, List<String> lbGroupIds) {
    List<String> own =
        lbGroupIds.stream().filter(g -> !spec.extraSecurityGroupIds().contains(g)).toList();
    return new TargetRulePlan.Sources(own.isEmpty() ? lbGroupIds : own, List.of(), List.of());
  }

  private List<String> instanceIds(LoadBalancerSpec spec) {
    Set<String> ids = new TreeSet<>();
    spec.targets().stream().map(Target::id).forEach(ids::add);
    if (!spec.autoScalingGroups().isEmpty()) {
      List<String> names = List.copyOf(spec.autoScalingGroups());
      for (AutoScalingGroup group :
          AwsErrors.call(
                  "autoscaling:DescribeAutoScalingGroups",
                  () -> autoScaling.describeAutoScalingGroups(r -> r.autoScalingGroupNames(names)))
              .autoScalingGroups()) {
        group.instances().forEach(i -> ids.add(i.instanceId()));
      }
    }
    return List.copyOf(ids);
  }

  /**
   * {@link #instanceGroups}, answered for a reconcile of the engine by a read of the same instances
   * sent after its key was queued, if there is one, else read here and kept for the keys queued
   * behind it. A read sent before the key was queued never serves it: an instance moved to another
   * group before the Service changed is seen.
   */
  private Map<String, List<String>> sharedInstanceGroups(List<String> instanceIds) {
    return ReadAhead.current()
        .flatMap(
            ahead ->
                instanceReads.get(instanceIds, ahead.queuedAtNanos(), true, this::instanceGroups))
        .orElseGet(() -> instanceGroups(instanceIds));
  }

  /**
   * Each instance's groups in the order AWS lists them, unmodifiable (it may be shared). A filter
   * rather than IDs, so an instance terminated since is simply absent instead of failing the call.
   */
  private Map<String, List<String>> instanceGroups(List<String> instanceIds) {
    if (instanceIds.isEmpty()) {
      return Map.of();
    }
    Map<String, List<String>> out = new TreeMap<>();
    Filter byId = Filter.builder().name("instance-id").values(instanceIds).build();
    String token = null;
    do {
      String page = token;
      var response =
          AwsErrors.call(
              "ec2:DescribeInstances",
              () -> ec2.describeInstances(r -> r.filters(byId).nextToken(page)));
      for (var reservation : response.reservations()) {
        for (Instance instance : reservation.instances()) {
          out.put(
              instance.instanceId(),
              instance.securityGroups().stream().map(GroupIdentifier::groupId).toList());
        }
      }
      token = response.nextToken();
    } while (token != null && !token.isEmpty());
    return Collections.unmodifiableMap(out);
  }

  /** The groups that exist among these, in one call (a filter: a deleted group is just absent). */
  private Map<String, SecurityGroup> describeGroups(Collection<String> ids) {
    Filter byId = Filter.builder().name("group-id").values(ids).build();
    Map<String, SecurityGroup> out = new HashMap<>();
    String token = null;
    do {
      String page = token;
      var response =
          AwsErrors.call(
              "ec2:DescribeSecurityGroups",
              () -> ec2.describeSecurityGroups(r -> r.filters(byId).nextToken(page)));
      response.securityGroups().forEach(g -> out.put(g.groupId(), g));
      token = response.nextToken();
    } while (token != null && !token.isEmpty());
    return out;
  }

  private static Map<String, List<IpPermission>> permissions(Map<String, SecurityGroup> groups) {
    Map<String, List<IpPermission>> out = new TreeMap<>();
    groups.forEach((id, g) -> out.put(id, g.ipPermissions()));
    return out;
  }

  private static Map<String, String> record(Collection<String> groupIds) {
    Map<String, String> out = new LinkedHashMap<>();
    groupIds.forEach(g -> out.put(RECORD_TAG + g, "ingress"));
    return out;
  }
}
