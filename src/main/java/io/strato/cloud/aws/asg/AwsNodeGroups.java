package io.strato.cloud.aws.asg;

import io.strato.cloud.Deletion;
import io.strato.cloud.Ensured;
import io.strato.cloud.Ownership;
import io.strato.cloud.aws.AwsClients;
import io.strato.cloud.aws.OwnershipGuard;
import io.strato.cloud.nodegroup.NodeGroupBatch;
import io.strato.cloud.nodegroup.NodeGroupSpec;
import io.strato.cloud.nodegroup.NodeGroupStatus;
import io.strato.cloud.nodegroup.NodeGroups;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.ScalingPolicy;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.LaunchTemplate;

/**
 * Node groups on EC2 Auto Scaling: a launch template, a group over the given subnets (so over their
 * zones), and an optional target-tracking policy. Each step finds what exists by deterministic
 * name, checks the ownership tag, and writes only what differs, so running {@code ensure} again
 * after a failure at any point converges without twins.
 *
 * <p>One group ({@link #ensure}) and many ({@link #observeAll}) take the same path through {@link
 * ObservedNodeGroups}; they differ only in how the groups are first observed: by name, or by the
 * owner's tag.
 */
public final class AwsNodeGroups implements NodeGroups {

  private final NodeGroupParts parts;

  public AwsNodeGroups(AwsClients clients) {
    this(clients.ec2(), clients.autoScaling());
  }

  /** For tests that put their own interceptors on the clients. */
  AwsNodeGroups(Ec2Client ec2, AutoScalingClient autoScaling) {
    NodeGroupMemo memo = new NodeGroupMemo();
    this.parts =
        new NodeGroupParts(
            new LaunchTemplates(ec2, memo),
            new AutoScalingGroups(autoScaling),
            new ScalingPolicies(autoScaling),
            memo,
            new InstanceVersions(ec2, memo),
            new TerminationHooks(autoScaling, memo),
            new RolloutActions(autoScaling));
  }

  @Override
  public Optional<NodeGroupStatus> get(Ownership owner, String name) {
    Optional<ObservedGroup> group = parts.groups().find(name);
    group.ifPresent(
        g ->
            OwnershipGuard.requireOwned(
                owner, "DescribeAutoScalingGroups", "Auto Scaling group " + name, g.tagValues()));
    return group.map(
        g -> g.toStatus(parts.policies().find(name).map(ScalingPolicy::policyARN).orElse(null)));
  }

  @Override
  public Ensured<NodeGroupStatus> ensure(Ownership owner, NodeGroupSpec spec) {
    if (spec.scalingPolicy() != null) {
      TargetTracking.of(spec.scalingPolicy()); // refuses an invalid policy before any call
    }
    String name = spec.name();
    Map<String, ObservedGroup> group = new TreeMap<>();
    parts.groups().find(name).ifPresent(g -> group.put(name, g));
    Map<String, LaunchTemplate> template = new TreeMap<>();
    parts.templates().find(name).ifPresent(t -> template.put(name, t));
    return new ObservedNodeGroups(owner, group, template, parts).ensureAll(List.of(spec)).get(name);
  }

  @Override
  public Deletion ensureDeleted(Ownership owner, String name) {
    Map<String, ObservedGroup> group = new TreeMap<>();
    parts.groups().find(name).ifPresent(g -> group.put(name, g));
    Map<String, LaunchTemplate> template = new TreeMap<>();
    if (group.isEmpty() || !owner.owns(group.get(name).tagValues())) {
      // The template is looked up only once no group of ours is left to delete first.
      parts.templates().find(name).ifPresent(t -> template.put(name, t));
    }
    return new ObservedNodeGroups(owner, group, template, parts).deleteAll(List.of(name)).get(name);
  }

  @Override
  public NodeGroupBatch observeAll(Ownership owner) {
    Map<String, ObservedGroup> groups = parts.groups().findOwned(owner);
    Supplier<Map<String, LaunchTemplate>> templates = () -> parts.templates().findOwned(owner);
    return new ObservedNodeGroups(owner, groups, templates, parts);
  }

  /**
   * Nothing read: a create refused because the name is taken reads that group or template by name
   * and checks its ownership tag before adopting it ({@code AutoScalingGroups.ensure}, {@code
   * LaunchTemplates.ensure}), so a leftover is neither created twice nor taken from another owner.
   */
  @Override
  public NodeGroupBatch noneYet(Ownership owner) {
    return new ObservedNodeGroups(owner, Map.of(), Map.of(), parts);
  }
}
