package io.strato.cloud.aws.asg;

import io.strato.cloud.ChangeOutcome;
import io.strato.cloud.CloudException;
import io.strato.cloud.Deletion;
import io.strato.cloud.Ensured;
import io.strato.cloud.Ownership;
import io.strato.cloud.aws.AwsClients;
import io.strato.cloud.nodegroup.NodeGroupSpec;
import io.strato.cloud.nodegroup.NodeGroupStatus;
import io.strato.cloud.nodegroup.NodeGroups;
import java.util.Optional;
import java.util.OptionalLong;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.ScalingPolicy;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * Node groups on EC2 Auto Scaling: a launch template, a group over the given subnets (so over their
 * zones), and an optional target-tracking policy. Each step finds what exists by deterministic
 * name, checks the ownership tag, and writes only what differs, so running {@code ensure} again
 * after a failure at any point converges without twins.
 */
public final class AwsNodeGroups implements NodeGroups {

  private static final Logger LOG = Logger.getLogger(AwsNodeGroups.class);

  private final LaunchTemplates templates;
  private final AutoScalingGroups groups;
  private final ScalingPolicies policies;

  public AwsNodeGroups(AwsClients clients) {
    this(clients.ec2(), clients.autoScaling());
  }

  /** For tests that put their own interceptors on the clients. */
  AwsNodeGroups(Ec2Client ec2, AutoScalingClient autoScaling) {
    this.templates = new LaunchTemplates(ec2);
    this.groups = new AutoScalingGroups(autoScaling);
    this.policies = new ScalingPolicies(autoScaling);
  }

  @Override
  public Optional<NodeGroupStatus> get(Ownership owner, String name) {
    Optional<ObservedGroup> group = groups.find(name);
    group.ifPresent(g -> requireOwned(owner, g, "DescribeAutoScalingGroups"));
    return group.map(
        g -> g.toStatus(policies.find(name).map(ScalingPolicy::policyARN).orElse(null)));
  }

  @Override
  public Ensured<NodeGroupStatus> ensure(Ownership owner, NodeGroupSpec spec) {
    // Computed first so that an invalid policy is refused before anything is created.
    TargetTracking desiredPolicy =
        spec.scalingPolicy() == null ? null : TargetTracking.of(spec.scalingPolicy());
    Optional<ObservedGroup> existing = groups.find(spec.name());
    if (existing.isPresent()) {
      requireOwned(owner, existing.get(), "UpdateAutoScalingGroup");
      if (existing.get().deleting()) {
        throw new CloudException.Conflict(
            "aws",
            "UpdateAutoScalingGroup",
            "Auto Scaling group "
                + spec.name()
                + " is being deleted; it can be recreated once gone",
            null);
      }
    }
    OptionalLong pinned = existing.map(ObservedGroup::pinnedVersion).orElse(OptionalLong.empty());
    TemplateVersion template = templates.ensure(owner, spec, pinned);
    AutoScalingGroups.Ensured group =
        groups.ensure(owner, DesiredGroup.of(owner, spec, template), existing);
    ScalingPolicies.Ensured policy = policies.ensure(spec.name(), desiredPolicy);

    ChangeOutcome outcome =
        group.outcome() == ChangeOutcome.CREATED
            ? ChangeOutcome.CREATED
            : changed(template.outcome().and(group.outcome()).and(policy.outcome()));
    ObservedGroup observed = group.group();
    if (outcome != ChangeOutcome.UNCHANGED) {
      LOG.infof("node group %s: %s", spec.name(), outcome);
    }
    return new Ensured<>(observed.toStatus(policy.policyArn()), outcome, observed.settled());
  }

  @Override
  public Deletion ensureDeleted(Ownership owner, String name) {
    Optional<ObservedGroup> group = groups.find(name);
    if (group.isPresent() && owner.owns(group.get().tagValues())) {
      if (group.get().deleting()) {
        return Deletion.IN_PROGRESS;
      }
      // AWS deletes a group's policies with it; removing ours first also leaves nothing behind
      // on emulators that do not.
      policies.ensure(name, null);
      groups.delete(name);
      return Deletion.IN_PROGRESS;
    }
    if (group.isPresent()) {
      LOG.warnf("Auto Scaling group %s belongs to another owner; not deleting it", name);
    }
    templates.delete(owner, name);
    return Deletion.GONE;
  }

  private static void requireOwned(Ownership owner, ObservedGroup group, String operation) {
    Owners.require(owner, group.tagValues(), "Auto Scaling group", group.name(), operation);
  }

  /** A part created on an existing group (a policy, a lost template) is an update of the group. */
  private static ChangeOutcome changed(ChangeOutcome parts) {
    return parts == ChangeOutcome.UNCHANGED ? ChangeOutcome.UNCHANGED : ChangeOutcome.UPDATED;
  }
}
