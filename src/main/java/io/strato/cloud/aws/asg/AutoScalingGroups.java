package io.strato.cloud.aws.asg;

import io.strato.cloud.ChangeOutcome;
import io.strato.cloud.CloudException;
import io.strato.cloud.Ownership;
import io.strato.cloud.aws.AwsErrors;
import io.strato.cloud.aws.OwnershipGuard;
import io.strato.cloud.aws.TagChanges;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.Tag;
import software.amazon.awssdk.services.autoscaling.model.UpdateAutoScalingGroupRequest;

/**
 * The Auto Scaling group of a node group. CreateAutoScalingGroup has no client token, so creation
 * is find-then-create, with the tags in the create call, and an {@code AlreadyExists} answer (a
 * retry after a lost response, or another replica) means "look it up and carry on".
 */
final class AutoScalingGroups {

  private static final Logger LOG = Logger.getLogger(AutoScalingGroups.class);
  private static final String RESOURCE_TYPE = "auto-scaling-group";

  /** DescribeAutoScalingGroups takes at most this many names per call. */
  static final int NAMES_PER_CALL = 100;

  /**
   * What ensuring did, and the group as seen before: current when UNCHANGED; after a write the
   * caller reads it again (in one batch with its other groups), null after a create.
   */
  record Ensured(ObservedGroup before, ChangeOutcome outcome) {
    boolean written() {
      return outcome != ChangeOutcome.UNCHANGED;
    }
  }

  private final AutoScalingClient autoScaling;

  AutoScalingGroups(AutoScalingClient autoScaling) {
    this.autoScaling = autoScaling;
  }

  Optional<ObservedGroup> find(String name) {
    return AwsErrors.call(
            "DescribeAutoScalingGroups",
            () -> autoScaling.describeAutoScalingGroups(r -> r.autoScalingGroupNames(name)))
        .autoScalingGroups()
        .stream()
        .filter(g -> name.equals(g.autoScalingGroupName()))
        .findFirst()
        .map(ObservedGroup::of);
  }

  /**
   * The groups of those names that exist, whoever owns them, in one call per hundred names.
   * Ownership is the caller's to check.
   */
  Map<String, ObservedGroup> findAll(Collection<String> names) {
    List<String> all = List.copyOf(new TreeSet<>(names));
    Map<String, ObservedGroup> found = new TreeMap<>();
    for (int from = 0; from < all.size(); from += NAMES_PER_CALL) {
      List<String> chunk = all.subList(from, Math.min(all.size(), from + NAMES_PER_CALL));
      AwsErrors.call(
              "DescribeAutoScalingGroups",
              () ->
                  autoScaling
                      .describeAutoScalingGroupsPaginator(r -> r.autoScalingGroupNames(chunk))
                      .autoScalingGroups()
                      .stream()
                      .toList())
          .stream()
          .filter(g -> chunk.contains(g.autoScalingGroupName()))
          .forEach(g -> found.put(g.autoScalingGroupName(), ObservedGroup.of(g)));
    }
    return found;
  }

  /**
   * Every group carrying the owner's tag, by name, in one paginated call. The tag is in the create
   * call, so no group of the owner's is missed.
   */
  Map<String, ObservedGroup> findOwned(Ownership owner) {
    Map<String, ObservedGroup> owned = new TreeMap<>();
    AwsErrors.call(
            "DescribeAutoScalingGroups",
            () ->
                autoScaling
                    .describeAutoScalingGroupsPaginator(
                        r ->
                            r.filters(
                                f -> f.name("tag:" + Ownership.OWNER_TAG).values(owner.ownerUid())))
                    .autoScalingGroups()
                    .stream()
                    .toList())
        .forEach(g -> owned.put(g.autoScalingGroupName(), ObservedGroup.of(g)));
    return owned;
  }

  /**
   * Makes the group match {@code desired}. Does not read the group back: the caller does, for all
   * its groups at once.
   *
   * @param existing the group as just observed (and checked to be ours), or empty
   */
  Ensured ensure(Ownership owner, DesiredGroup desired, Optional<ObservedGroup> existing) {
    if (existing.isEmpty()) {
      if (create(desired)) {
        return new Ensured(null, ChangeOutcome.CREATED);
      }
      existing = find(desired.name());
      if (existing.isEmpty()) {
        throw new CloudException.Transient(
            "aws",
            "CreateAutoScalingGroup",
            "group " + desired.name() + " was reported to exist but is not found yet; retry",
            null);
      }
      OwnershipGuard.requireOwned(
          owner,
          "CreateAutoScalingGroup",
          "Auto Scaling group " + desired.name(),
          existing.get().tagValues());
    }
    GroupChanges changes = GroupChanges.between(existing.get(), desired);
    if (changes.isEmpty()) {
      return new Ensured(existing.get(), ChangeOutcome.UNCHANGED);
    }
    apply(desired.name(), changes);
    return new Ensured(existing.get(), ChangeOutcome.UPDATED);
  }

  /** Deletes the group and terminates its instances; a group already gone is fine. */
  void delete(String name) {
    try {
      AwsErrors.run(
          "DeleteAutoScalingGroup",
          () ->
              autoScaling.deleteAutoScalingGroup(
                  r -> r.autoScalingGroupName(name).forceDelete(true)));
      LOG.infof("Auto Scaling group %s: deletion started", name);
    } catch (CloudException.InvalidRequest e) {
      // Auto Scaling answers a missing group with a ValidationError, not a NotFound code.
      if (!isGroupNotFound(e)) {
        throw e;
      }
    }
  }

  /** False when the group already exists. */
  private boolean create(DesiredGroup desired) {
    try {
      AwsErrors.run(
          "CreateAutoScalingGroup",
          () ->
              autoScaling.createAutoScalingGroup(
                  r ->
                      r.autoScalingGroupName(desired.name())
                          .vpcZoneIdentifier(desired.vpcZoneIdentifier())
                          .minSize(desired.minSize())
                          .maxSize(desired.maxSize())
                          .desiredCapacity(desired.initialCapacity())
                          .healthCheckType(desired.healthCheckType())
                          .healthCheckGracePeriod(desired.healthCheckGracePeriod())
                          .launchTemplate(
                              lt ->
                                  lt.launchTemplateId(desired.templateId())
                                      .version(Long.toString(desired.templateVersion())))
                          .tags(tags(desired.name(), desired.tags()))));
      LOG.infof("Auto Scaling group %s created", desired.name());
      return true;
    } catch (CloudException.Conflict e) {
      String code = AwsErrors.codeOf(e.getCause());
      if ("AlreadyExists".equals(code) || "AlreadyExistsFault".equals(code)) {
        return false;
      }
      throw e;
    }
  }

  private void apply(String name, GroupChanges changes) {
    if (changes.updatesGroup()) {
      UpdateAutoScalingGroupRequest.Builder update =
          UpdateAutoScalingGroupRequest.builder()
              .autoScalingGroupName(name)
              .minSize(changes.minSize())
              .maxSize(changes.maxSize())
              .desiredCapacity(changes.desiredCapacity())
              .vpcZoneIdentifier(changes.vpcZoneIdentifier());
      if (changes.healthCheckType() != null) {
        update
            .healthCheckType(changes.healthCheckType())
            .healthCheckGracePeriod(changes.healthCheckGracePeriod());
      }
      if (changes.templateVersion() != null) {
        update.launchTemplate(
            lt ->
                lt.launchTemplateId(changes.templateId())
                    .version(Long.toString(changes.templateVersion())));
      }
      AwsErrors.run(
          "UpdateAutoScalingGroup", () -> autoScaling.updateAutoScalingGroup(update.build()));
      LOG.infof("Auto Scaling group %s updated: %s", name, changes);
    }
    TagChanges<GroupTag> tagChanges = changes.tags();
    if (!tagChanges.put().isEmpty()) {
      AwsErrors.run(
          "CreateOrUpdateTags",
          () -> autoScaling.createOrUpdateTags(r -> r.tags(tags(name, tagChanges.put()))));
    }
    if (!tagChanges.delete().isEmpty()) {
      List<Tag> keys =
          tagChanges.delete().stream()
              .map(k -> Tag.builder().resourceId(name).resourceType(RESOURCE_TYPE).key(k).build())
              .toList();
      AwsErrors.run("DeleteTags", () -> autoScaling.deleteTags(r -> r.tags(keys)));
    }
  }

  private static List<Tag> tags(String group, Map<String, GroupTag> tags) {
    return tags.entrySet().stream()
        .map(
            e ->
                Tag.builder()
                    .resourceId(group)
                    .resourceType(RESOURCE_TYPE)
                    .key(e.getKey())
                    .value(e.getValue().value())
                    .propagateAtLaunch(e.getValue().propagateAtLaunch())
                    .build())
        .toList();
  }

  static boolean isGroupNotFound(CloudException e) {
    return "ValidationError".equals(AwsErrors.codeOf(e.getCause()))
        && e.getMessage() != null
        && e.getMessage().toLowerCase(Locale.ROOT).contains("not found");
  }
}
