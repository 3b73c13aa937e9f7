package io.strato.cloud.aws.asg;

import io.strato.cloud.ChangeOutcome;
import io.strato.cloud.CloudException;
import io.strato.cloud.Deletion;
import io.strato.cloud.Ensured;
import io.strato.cloud.Ownership;
import io.strato.cloud.aws.AwsTags;
import io.strato.cloud.aws.OwnershipGuard;
import io.strato.cloud.aws.asg.NodeGroupMemo.KnownPolicy;
import io.strato.cloud.nodegroup.NodeGroupBatch;
import io.strato.cloud.nodegroup.NodeGroupSpec;
import io.strato.cloud.nodegroup.NodeGroupStatus;
import io.strato.cloud.nodegroup.RolloutStep;
import io.strato.cloud.nodegroup.RolloutView;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.autoscaling.model.ScalingPolicy;
import software.amazon.awssdk.services.ec2.model.LaunchTemplate;

/**
 * Node groups as observed in one pass, and the changes that bring them to their specs. What a pass
 * of N groups costs in reads: the observation (one DescribeAutoScalingGroups and one
 * DescribeLaunchTemplates for all of them), one DescribeAutoScalingGroups naming every group it
 * wrote, launch template versions only for a template whose version this process has not seen, and
 * one DescribePolicies for the groups that have or want a scaling policy (or whose policy this
 * process does not know). Every group and template is checked for the owner's tag before it is
 * changed or deleted.
 */
final class ObservedNodeGroups implements NodeGroupBatch {

  private static final Logger LOG = Logger.getLogger(ObservedNodeGroups.class);

  private final Ownership owner;
  private final Map<String, ObservedGroup> groups;

  /** Read on first use: a deletion step that only removes groups needs no template. */
  private final Supplier<Map<String, LaunchTemplate>> templateLookup;

  private Map<String, LaunchTemplate> templates;
  private final NodeGroupParts parts;

  /** The groups as {@link #ensureAll} left them: what a rollout in the same reconcile works on. */
  private final Map<String, ObservedGroup> afterEnsure = new LinkedHashMap<>();

  /**
   * @param groups the groups seen, by name (another owner's included when looked up by name)
   * @param templates the launch templates seen, by name
   */
  ObservedNodeGroups(
      Ownership owner,
      Map<String, ObservedGroup> groups,
      Map<String, LaunchTemplate> templates,
      NodeGroupParts parts) {
    this(owner, groups, () -> templates, parts);
  }

  /**
   * @param templates reads the launch templates, by name, when first needed: by {@link #names},
   *     {@link #ensureAll}, or the deletion of a name whose group is gone
   */
  ObservedNodeGroups(
      Ownership owner,
      Map<String, ObservedGroup> groups,
      Supplier<Map<String, LaunchTemplate>> templates,
      NodeGroupParts parts) {
    this.owner = owner;
    this.groups = Map.copyOf(groups);
    this.templateLookup = templates;
    this.parts = parts;
  }

  private Map<String, LaunchTemplate> templates() {
    if (templates == null) {
      templates = Map.copyOf(templateLookup.get());
    }
    return templates;
  }

  @Override
  public Set<String> groups() {
    Set<String> owned = new TreeSet<>();
    groups.values().stream()
        .filter(g -> owner.owns(g.tagValues()))
        .forEach(g -> owned.add(g.name()));
    return owned;
  }

  @Override
  public Set<String> names() {
    Set<String> all = groups();
    templates().values().stream()
        .filter(t -> owner.owns(AwsTags.fromEc2(t.tags())))
        .forEach(t -> all.add(t.launchTemplateName()));
    return all;
  }

  @Override
  public Map<String, Ensured<NodeGroupStatus>> ensureAll(List<NodeGroupSpec> specs) {
    // Computed first so that an invalid policy is refused before anything is created.
    Map<String, TargetTracking> wantedPolicies = new LinkedHashMap<>();
    specs.forEach(
        s ->
            wantedPolicies.put(
                s.name(), s.scalingPolicy() == null ? null : TargetTracking.of(s.scalingPolicy())));

    Map<String, ChangeOutcome> templateOutcomes = new LinkedHashMap<>();
    Map<String, AutoScalingGroups.Ensured> written = new LinkedHashMap<>();
    for (NodeGroupSpec spec : specs) {
      Optional<ObservedGroup> existing = Optional.ofNullable(groups.get(spec.name()));
      existing.ifPresent(this::requireUsable);
      OptionalLong pinned = existing.map(ObservedGroup::pinnedVersion).orElse(OptionalLong.empty());
      TemplateVersion template =
          parts
              .templates()
              .ensure(owner, spec, pinned, Optional.ofNullable(templates().get(spec.name())));
      templateOutcomes.put(spec.name(), template.outcome());
      written.put(
          spec.name(),
          parts.groups().ensure(owner, DesiredGroup.of(owner, spec, template), existing));
    }

    Map<String, ObservedGroup> current = current(written);
    Map<String, ScalingPolicies.Ensured> policies = ensurePolicies(current, wantedPolicies);
    for (NodeGroupSpec spec : specs) {
      if (spec.replacement().drainTimeout() != null) {
        parts
            .hooks()
            .ensure(
                current.get(spec.name()),
                spec.replacement().drainTimeout(),
                written.get(spec.name()).outcome() == ChangeOutcome.CREATED);
      }
    }
    afterEnsure.putAll(current);

    Map<String, Ensured<NodeGroupStatus>> result = new LinkedHashMap<>();
    for (NodeGroupSpec spec : specs) {
      String name = spec.name();
      AutoScalingGroups.Ensured group = written.get(name);
      ScalingPolicies.Ensured policy = policies.get(name);
      ChangeOutcome outcome =
          group.outcome() == ChangeOutcome.CREATED
              ? ChangeOutcome.CREATED
              : changed(templateOutcomes.get(name).and(group.outcome()).and(policy.outcome()));
      if (outcome != ChangeOutcome.UNCHANGED) {
        LOG.infof("node group %s: %s", name, outcome);
      }
      ObservedGroup observed = current.get(name);
      result.put(
          name, new Ensured<>(observed.toStatus(policy.policyArn()), outcome, observed.settled()));
    }
    return result;
  }

  @Override
  public Map<String, RolloutView> rolloutViews(Collection<String> names) {
    List<ObservedGroup> wanted =
        names.stream().map(afterEnsure::get).filter(java.util.Objects::nonNull).toList();
    // The instances of a group created by this process and not moved since are of its version.
    Map<String, Long> known = new LinkedHashMap<>();
    List<String> unknown = new ArrayList<>();
    for (ObservedGroup g : wanted) {
      Optional<Long> launched = parts.memo().launchedAt(g.arn());
      boolean sure = launched.isPresent() && launched.equals(boxed(g.pinnedVersion()));
      for (ObservedGroup.Member m : g.instances()) {
        if (sure) {
          known.put(m.instanceId(), launched.get());
        } else {
          unknown.add(m.instanceId());
        }
      }
    }
    Map<String, Long> versions = new LinkedHashMap<>(parts.instanceVersions().of(unknown));
    versions.putAll(known);
    Map<String, RolloutView> views = new LinkedHashMap<>();
    for (ObservedGroup g : wanted) {
      views.put(
          g.name(),
          new RolloutView(
              g.name(),
              g.pinnedVersion().orElse(0),
              g.desiredCapacity(),
              g.maxSize(),
              g.rolloutBase(),
              g.instances().stream()
                  .map(
                      m ->
                          new RolloutView.Member(
                              m.instanceId(),
                              versions.getOrDefault(m.instanceId(), 0L),
                              m.lifecycleState(),
                              !"Unhealthy".equalsIgnoreCase(m.healthStatus())))
                  .toList()));
    }
    return views;
  }

  @Override
  public void take(String name, RolloutStep step) {
    ObservedGroup group = afterEnsure.get(name);
    if (group == null) {
      throw new IllegalStateException("node group " + name + " was not ensured in this batch");
    }
    requireUsable(group);
    parts.rollouts().take(group, step);
  }

  @Override
  public Map<String, Deletion> deleteAll(Collection<String> names) {
    List<ObservedGroup> deletable = new ArrayList<>();
    for (String name : names) {
      ObservedGroup group = groups.get(name);
      if (group != null && owner.owns(group.tagValues()) && !group.deleting()) {
        deletable.add(group);
      }
    }
    removePolicies(deletable);
    Map<String, Deletion> result = new LinkedHashMap<>();
    for (String name : names) {
      result.put(name, delete(name));
    }
    return result;
  }

  private Deletion delete(String name) {
    ObservedGroup group = groups.get(name);
    if (group != null && owner.owns(group.tagValues())) {
      if (!group.deleting()) {
        parts.groups().delete(name);
        parts.memo().forgetPolicy(group.arn());
      }
      // Its launch template goes once the group is gone: a later pass sees that.
      return Deletion.IN_PROGRESS;
    }
    if (group != null) {
      LOG.warnf("Auto Scaling group %s belongs to another owner; not deleting it", name);
    }
    LaunchTemplate template = templates().get(name);
    if (template != null) {
      parts.templates().delete(owner, template);
    }
    return Deletion.GONE;
  }

  /**
   * AWS deletes a group's policies with it; removing ours first also leaves nothing behind on
   * emulators that do not. Read only for the groups this process does not know to have none.
   */
  private void removePolicies(List<ObservedGroup> deletable) {
    List<String> unknown =
        deletable.stream()
            .filter(g -> !parts.memo().policy(g.arn()).equals(Optional.of(KnownPolicy.NONE)))
            .map(ObservedGroup::name)
            .toList();
    if (unknown.isEmpty()) {
      return;
    }
    Map<String, ScalingPolicy> found = parts.policies().findAll(unknown);
    found.forEach((group, policy) -> parts.policies().ensure(group, null, Optional.of(policy)));
  }

  /** The groups after the writes: those written read back together, the others as observed. */
  private Map<String, ObservedGroup> current(Map<String, AutoScalingGroups.Ensured> written) {
    List<String> reread =
        written.entrySet().stream()
            .filter(e -> e.getValue().written())
            .map(Map.Entry::getKey)
            .toList();
    Map<String, ObservedGroup> fresh = reread.isEmpty() ? Map.of() : parts.groups().findAll(reread);
    Map<String, ObservedGroup> current = new LinkedHashMap<>();
    written.forEach(
        (name, ensured) -> {
          ObservedGroup group = ensured.written() ? fresh.get(name) : ensured.before();
          if (group == null) {
            throw new CloudException.Transient(
                "aws",
                "DescribeAutoScalingGroups",
                "group " + name + " not visible yet after a write; retry",
                null);
          }
          if (ensured.outcome() == ChangeOutcome.CREATED) {
            // A group this process just created has no policy yet, and launches every instance
            // from the version it was created with until it is moved.
            parts.memo().policy(group.arn(), KnownPolicy.NONE);
            group.pinnedVersion().ifPresent(v -> parts.memo().launchedAt(group.arn(), v));
          } else if (!parts.memo().launchedAt(group.arn()).equals(boxed(group.pinnedVersion()))) {
            // Moved since (a rollout), or not pinned: its instances may be of several versions.
            parts.memo().forgetLaunchedAt(group.arn());
          }
          current.put(name, group);
        });
    return current;
  }

  /**
   * Reads the policies of the groups that want one, have one or are unknown (one call for all),
   * then writes what differs. A group known to have none and wanting none costs nothing.
   */
  private Map<String, ScalingPolicies.Ensured> ensurePolicies(
      Map<String, ObservedGroup> current, Map<String, TargetTracking> wanted) {
    List<String> toRead = new ArrayList<>();
    current.forEach(
        (name, group) -> {
          boolean knownNone =
              parts.memo().policy(group.arn()).equals(Optional.of(KnownPolicy.NONE));
          if (wanted.get(name) != null || !knownNone) {
            toRead.add(name);
          }
        });
    Map<String, ScalingPolicy> found =
        toRead.isEmpty() ? Map.of() : parts.policies().findAll(toRead);
    Map<String, ScalingPolicies.Ensured> result = new LinkedHashMap<>();
    current.forEach(
        (name, group) -> {
          TargetTracking desired = wanted.get(name);
          if (!toRead.contains(name)) {
            result.put(name, new ScalingPolicies.Ensured(null, ChangeOutcome.UNCHANGED));
            return;
          }
          ScalingPolicies.Ensured policy =
              parts.policies().ensure(name, desired, Optional.ofNullable(found.get(name)));
          parts
              .memo()
              .policy(
                  group.arn(),
                  desired == null
                      ? KnownPolicy.NONE
                      : new KnownPolicy(policy.policyArn(), desired));
          result.put(name, policy);
        });
    return result;
  }

  private static Optional<Long> boxed(OptionalLong version) {
    return version.isPresent() ? Optional.of(version.getAsLong()) : Optional.empty();
  }

  /** Ours, and not on its way out (a group being deleted cannot be changed back). */
  private void requireUsable(ObservedGroup group) {
    OwnershipGuard.requireOwned(
        owner, "UpdateAutoScalingGroup", "Auto Scaling group " + group.name(), group.tagValues());
    if (group.deleting()) {
      throw new CloudException.Conflict(
          "aws",
          "UpdateAutoScalingGroup",
          "Auto Scaling group " + group.name() + " is being deleted; it can be recreated once gone",
          null);
    }
  }

  /** A part created on an existing group (a policy, a lost template) is an update of the group. */
  private static ChangeOutcome changed(ChangeOutcome parts) {
    return parts == ChangeOutcome.UNCHANGED ? ChangeOutcome.UNCHANGED : ChangeOutcome.UPDATED;
  }
}
