package io.strato.cloud.aws.elb;

import io.strato.cloud.CloudException;
import io.strato.cloud.Deletion;
import io.strato.cloud.Ensured;
import io.strato.cloud.Ownership;
import io.strato.cloud.aws.AwsClients;
import io.strato.cloud.loadbalancer.KnownTargetGroup;
import io.strato.cloud.loadbalancer.LoadBalancerSpec;
import io.strato.cloud.loadbalancer.LoadBalancerStatus;
import io.strato.cloud.loadbalancer.LoadBalancers;
import io.strato.cloud.loadbalancer.Target;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;

/**
 * Network load balancers on AWS (ELBv2), with their listeners, target groups, managed security
 * group, Auto Scaling attachment and the rules that open the targets' groups to them. A thin
 * conductor: each step lives in its own class.
 */
public final class AwsLoadBalancers implements LoadBalancers {

  private static final Logger LOG = Logger.getLogger(AwsLoadBalancers.class);

  private final NetworkLoadBalancers loadBalancers;
  private final LoadBalancerObserver observer;
  private final EnsurePipeline reconciler;
  private final LoadBalancerTeardown teardown;
  private final TargetRegistrations registrations;
  private final ListenerAddition addition;
  private final GroupAddition groupAddition;
  private final TargetSecurityGroups targetAccess;
  private final WaitingStates waiting;

  /** With AWS's default quota of inbound rules per security group. */
  public AwsLoadBalancers(AwsClients clients) {
    this(clients, TargetRulePlan.DEFAULT_RULES_PER_GROUP);
  }

  /**
   * @param rulesPerGroup the account's quota of inbound rules per security group, which target
   *     ingress stays within ({@code strato.ccm.security-group-rules-per-group})
   */
  public AwsLoadBalancers(AwsClients clients, int rulesPerGroup) {
    this(clients.ec2(), clients.elb(), clients.autoScaling(), rulesPerGroup);
  }

  /** For tests that wrap the SDK clients (counting calls, injecting failures). */
  AwsLoadBalancers(Ec2Client ec2, ElasticLoadBalancingV2Client elb, AutoScalingClient autoScaling) {
    this(ec2, elb, autoScaling, TargetRulePlan.DEFAULT_RULES_PER_GROUP);
  }

  private AwsLoadBalancers(
      Ec2Client ec2,
      ElasticLoadBalancingV2Client elb,
      AutoScalingClient autoScaling,
      int rulesPerGroup) {
    ElbTags tags = new ElbTags(elb);
    ElbTargetGroups targetGroupCalls = new ElbTargetGroups(elb);
    NetworkLoadBalancers loadBalancers = new NetworkLoadBalancers(elb, tags);
    this.loadBalancers = loadBalancers;
    this.waiting =
        new WaitingStates(
            NetworkLoadBalancers.DESCRIBE_BATCH,
            loadBalancers::describeArns,
            loadBalancers::findByArn,
            System::nanoTime);
    Listeners listeners = new Listeners(elb);
    TargetGroups targetGroups = new TargetGroups(targetGroupCalls, tags);
    ManagedSecurityGroup securityGroup = new ManagedSecurityGroup(ec2);
    AutoScalingAttachment attachment = new AutoScalingAttachment(autoScaling, tags);
    TargetSecurityGroups targetAccess =
        new TargetSecurityGroups(ec2, autoScaling, tags, rulesPerGroup);
    this.targetAccess = targetAccess;
    this.registrations = new TargetRegistrations(elb);
    this.observer = new LoadBalancerObserver(loadBalancers, listeners, targetGroupCalls, tags);
    this.reconciler =
        new EnsurePipeline(
            observer,
            new LoadBalancerPlacement(new SubnetResolver(ec2), securityGroup, loadBalancers, tags),
            targetGroups,
            targetGroupCalls,
            registrations,
            attachment,
            listeners,
            tags,
            new LoadBalancerAttributeSync(elb),
            targetAccess);
    this.addition =
        new ListenerAddition(
            tags, securityGroup, targetGroupCalls, registrations, listeners, targetAccess);
    this.groupAddition = new GroupAddition(tags, attachment, targetAccess, waiting);
    this.teardown =
        new LoadBalancerTeardown(
            loadBalancers, targetGroupCalls, tags, attachment, securityGroup, targetAccess);
  }

  @Override
  public Optional<LoadBalancerStatus> get(Ownership owner, String name) {
    return observer
        .observeShallow(owner, name)
        .map(seen -> LoadBalancerStatuses.of(seen.loadBalancer().orElseThrow(), seen.listeners()));
  }

  @Override
  public Ensured<LoadBalancerStatus> ensure(Ownership owner, LoadBalancerSpec spec) {
    Ensured<LoadBalancerStatus> ensured = reconciler.ensure(owner, spec);
    waiting.answered(ensured.status().arn(), ensured.status().state());
    LOG.debugf(
        "load balancer %s: %s (settled: %s)", spec.name(), ensured.outcome(), ensured.settled());
    return ensured;
  }

  /**
   * One DescribeLoadBalancers by ARN (an ARN names one load balancer for good, never a twin),
   * shared with the other load balancers waiting to turn active, or none when such a shared read
   * already answered this one since it started waiting ({@link WaitingStates}).
   */
  @Override
  public Optional<LoadBalancerStatus> refreshState(Ownership owner, LoadBalancerStatus last) {
    return waiting.state(last.arn()).map(lb -> last.withState(lb.state(), lb.dnsName()));
  }

  @Override
  public Optional<Ensured<LoadBalancerStatus>> addListeners(
      Ownership owner,
      LoadBalancerSpec last,
      LoadBalancerStatus lastStatus,
      LoadBalancerSpec spec) {
    SpecValidation.check(spec);
    return addition.add(owner, last, lastStatus, spec);
  }

  @Override
  public Optional<Ensured<LoadBalancerStatus>> addAutoScalingGroups(
      Ownership owner,
      LoadBalancerSpec last,
      LoadBalancerStatus lastStatus,
      LoadBalancerSpec spec) {
    SpecValidation.check(spec);
    return groupAddition.add(owner, last, lastStatus, spec);
  }

  @Override
  public Map<String, List<String>> targetSecurityGroups(
      String clusterId, Collection<String> instanceIds) {
    return instanceIds.isEmpty() ? Map.of() : targetAccess.candidates(clusterId, instanceIds);
  }

  @Override
  public List<KnownTargetGroup> updateTargets(Ownership owner, String name, List<Target> targets) {
    EnsurePipeline.Observed seen = observer.observe(owner, name);
    if (seen.loadBalancer().isEmpty()) {
      throw new CloudException.NotFound(
          "aws", "elbv2:DescribeLoadBalancers", "load balancer " + name + " does not exist", null);
    }
    List<KnownTargetGroup> groups = new ArrayList<>();
    for (ObservedTargetGroup group : seen.targetGroups()) {
      registrations.reconcile(
          group.arn(), TargetRegistrations.on(targets, group.port()), true, false);
      groups.add(new KnownTargetGroup(group.arn(), group.port()));
    }
    return groups;
  }

  /**
   * Trusts the caller's groups and ports: no ownership check, since the caller learnt them from
   * {@link #ensure} or {@link #updateTargets}, which did check. A group deleted since answers
   * TargetGroupNotFound, which surfaces as NotFound for the caller to observe again.
   */
  @Override
  public void changeTargets(
      Ownership owner, List<KnownTargetGroup> groups, List<Target> add, List<Target> remove) {
    for (KnownTargetGroup group : groups) {
      registrations.apply(
          group.arn(),
          new TargetRegistrations.Changes(
              TargetRegistrations.on(add, group.targetPort()),
              TargetRegistrations.on(remove, group.targetPort())));
    }
  }

  @Override
  public Deletion ensureDeleted(Ownership owner, String name) {
    return teardown.ensureDeleted(owner, name);
  }
}
