package io.strato.cloud.aws.elb;

import io.strato.cloud.ChangeOutcome;
import io.strato.cloud.CloudException;
import io.strato.cloud.Ensured;
import io.strato.cloud.Ownership;
import io.strato.cloud.loadbalancer.ListenerSpec;
import io.strato.cloud.loadbalancer.ListenerStatus;
import io.strato.cloud.loadbalancer.LoadBalancerSpec;
import io.strato.cloud.loadbalancer.LoadBalancerStatus;
import io.strato.cloud.loadbalancer.TargetIngress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Adds listeners to a load balancer whose last ensure the caller remembers, without observing it
 * again: a Service that gains a port. It reads only what it must before changing anything: the
 * ownership tags of the load balancer and of its target groups (one batched call, which also fails
 * for one that is gone) and the managed security group (its ownership and rules); then it creates
 * the new target groups, registers the targets in them and creates the listeners.
 *
 * <p>When the targets' own groups admit the load balancer ({@code TargetIngress}), the new ports
 * are opened in the groups the remembered ensure chose (one more read, of those groups).
 *
 * <p>It declines (and the caller ensures in full) unless the new spec is the remembered one plus
 * listeners on new ports, the remembered ensure left everything settled, and the cloud agrees with
 * the memory (owned, no target group sweep pending, the same target groups recorded). A conflict on
 * the way (a group or listener that exists though the memory says not) also declines: the full
 * ensure that follows finds it.
 */
final class ListenerAddition {

  private static final Logger LOG = Logger.getLogger(ListenerAddition.class);

  private final ElbTags tags;
  private final ManagedSecurityGroup securityGroup;
  private final ElbTargetGroups targetGroups;
  private final TargetRegistrations registrations;
  private final Listeners listeners;
  private final TargetSecurityGroups targetAccess;

  ListenerAddition(
      ElbTags tags,
      ManagedSecurityGroup securityGroup,
      ElbTargetGroups targetGroups,
      TargetRegistrations registrations,
      Listeners listeners,
      TargetSecurityGroups targetAccess) {
    this.tags = tags;
    this.securityGroup = securityGroup;
    this.targetAccess = targetAccess;
    this.targetGroups = targetGroups;
    this.registrations = registrations;
    this.listeners = listeners;
  }

  /** The listeners of {@code spec} that {@code last} lacks, if that is the only difference. */
  static List<ListenerSpec> added(LoadBalancerSpec last, LoadBalancerSpec spec) {
    if (!last.equals(spec.withListeners(last.listeners()))
        || !spec.listeners().containsAll(last.listeners())
        || !spec.autoScalingGroups().isEmpty()) {
      return List.of();
    }
    Set<Integer> lastPorts =
        last.listeners().stream().map(ListenerSpec::port).collect(Collectors.toSet());
    List<ListenerSpec> added =
        spec.listeners().stream().filter(l -> !last.listeners().contains(l)).toList();
    boolean newPortsOnly = added.stream().noneMatch(l -> lastPorts.contains(l.port()));
    boolean onePerPort = added.stream().map(ListenerSpec::port).distinct().count() == added.size();
    return newPortsOnly && onePerPort ? added : List.of();
  }

  Optional<Ensured<LoadBalancerStatus>> add(
      Ownership owner,
      LoadBalancerSpec last,
      LoadBalancerStatus lastStatus,
      LoadBalancerSpec spec) {
    List<ListenerSpec> added = added(last, spec);
    if (added.isEmpty() || !lastStatus.active() || lastStatus.cleanupPending()) {
      return Optional.empty();
    }
    Map<Integer, String> groupByPort = new LinkedHashMap<>();
    lastStatus.listeners().forEach(l -> groupByPort.put(l.port(), l.targetGroupArn()));
    if (last.listeners().stream().anyMatch(l -> groupByPort.get(l.port()) == null)) {
      return Optional.empty();
    }
    // The new ports must open on the targets' own groups too. The remembered groups are still the
    // right ones (the targets are the remembered ones), but they can be told the load balancer's
    // own groups only: client ranges also need its subnets' CIDRs, which the full ensure reads.
    Set<String> targetGroupIds = Set.copyOf(lastStatus.targetSecurityGroupIds());
    if (!targetGroupIds.isEmpty()
        && (spec.targetIngress() != TargetIngress.LOAD_BALANCER_GROUP
            || lastStatus.securityGroupIds().isEmpty())) {
      return Optional.empty();
    }
    try {
      if (!listenersAsRemembered(lastStatus)
          || !stillOurs(
              owner, spec.name(), lastStatus.arn(), groupByPort.values(), targetGroupIds)) {
        return Optional.empty();
      }
      if (spec.managesSecurityGroup()) {
        securityGroup.ensure(owner, spec, lastStatus.vpcId(), false);
      }
      // Before the listener, as in the full ensure: a listener whose port the targets refuse
      // fails its health checks.
      targetAccess.admitListeners(
          owner, spec, spec.name(), lastStatus.securityGroupIds(), targetGroupIds);
      List<ListenerStatus> now = new ArrayList<>(lastStatus.listeners());
      for (ListenerSpec listener : added) {
        now.add(addOne(owner, spec, lastStatus, listener));
      }
      now.sort(Comparator.comparingInt(ListenerStatus::port));
      LOG.debugf("load balancer %s: added listeners on %s", spec.name(), ports(added));
      return Optional.of(new Ensured<>(lastStatus.withListeners(now), ChangeOutcome.UPDATED, true));
    } catch (CloudException.Conflict | CloudException.NotFound e) {
      LOG.infof(
          "load balancer %s: the remembered state is stale (%s); ensuring in full",
          spec.name(), e.getMessage());
      return Optional.empty();
    }
  }

  /**
   * One DescribeListeners: the listeners are those the memory holds, forwarding to the same groups
   * (a group cannot be deleted while a listener uses it, so they exist too). It fails with NotFound
   * when the load balancer is gone.
   */
  private boolean listenersAsRemembered(LoadBalancerStatus lastStatus) {
    Set<String> now =
        listeners.describe(lastStatus.arn()).stream()
            .map(l -> l.arn() + "|" + l.port() + "|" + l.targetGroupArn())
            .collect(Collectors.toSet());
    Set<String> remembered =
        lastStatus.listeners().stream()
            .map(l -> l.listenerArn() + "|" + l.port() + "|" + l.targetGroupArn())
            .collect(Collectors.toSet());
    return now.equals(remembered);
  }

  /**
   * One DescribeTags: the load balancer and every group still ours, none gone, no sweep due, and
   * the targets' groups recorded on it exactly those remembered (a record that differs means an
   * ensure since, or one that crashed, left rules the full ensure must reconcile).
   */
  private boolean stillOurs(
      Ownership owner,
      String name,
      String loadBalancerArn,
      Collection<String> groups,
      Set<String> targetGroupIds) {
    List<String> arns = new ArrayList<>();
    arns.add(loadBalancerArn);
    arns.addAll(groups);
    Map<String, Map<String, String>> byArn = tags.describe(arns);
    Map<String, String> lbTags = byArn.getOrDefault(loadBalancerArn, Map.of());
    return owner.owns(lbTags)
        && !lbTags.containsKey(TargetGroups.SWEEP_TAG)
        && AutoScalingAttachment.recorded(lbTags).isEmpty()
        && TargetSecurityGroups.recorded(lbTags).equals(targetGroupIds)
        && groups.stream()
            .allMatch(g -> TargetGroups.ours(owner, name, byArn.getOrDefault(g, Map.of())));
  }

  private ListenerStatus addOne(
      Ownership owner, LoadBalancerSpec spec, LoadBalancerStatus lb, ListenerSpec listener) {
    String name = TargetGroupNames.of(spec.name(), listener, TargetGroups.targetType(spec));
    ObservedTargetGroup group =
        targetGroups.create(
            name,
            listener,
            TargetGroups.targetType(spec),
            lb.vpcId(),
            TargetGroups.desiredTags(owner, spec));
    Map<String, String> attributes =
        listener.attributes() == null ? Map.of() : listener.attributes().asAwsAttributes();
    if (!attributes.isEmpty()) {
      targetGroups.modifyAttributes(group.arn(), attributes);
    }
    registrations.reconcile(
        group.arn(), TargetRegistrations.on(spec.targets(), listener.targetPort()), true, true);
    Map<Integer, String> arnByPort = Map.of(listener.port(), group.arn());
    ObservedListener created =
        listeners
            .apply(
                lb.arn(),
                List.of(),
                new ListenerPlan(List.of(), List.of(), List.of(listener)),
                arnByPort,
                owner.tags())
            .get(0);
    return new ListenerStatus(
        created.port(), created.protocol(), created.arn(), group.arn(), group.name());
  }

  private static List<Integer> ports(List<ListenerSpec> listeners) {
    return listeners.stream().map(ListenerSpec::port).toList();
  }
}
