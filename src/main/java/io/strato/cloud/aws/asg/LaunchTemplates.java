package io.strato.cloud.aws.asg;

import io.strato.cloud.ChangeOutcome;
import io.strato.cloud.CloudException;
import io.strato.cloud.Ownership;
import io.strato.cloud.aws.AwsErrors;
import io.strato.cloud.aws.AwsTags;
import io.strato.cloud.aws.OwnershipGuard;
import io.strato.cloud.nodegroup.NodeGroupSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.LaunchTemplate;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/**
 * The launch template of a node group, named like the group. Created with its ownership tags in the
 * same call, so there is never an untagged template to orphan. A content change becomes a new
 * version; the group is then pinned to that version number, never to {@code $Latest}, so that every
 * rollout is an explicit change of the group.
 */
final class LaunchTemplates {

  private static final Logger LOG = Logger.getLogger(LaunchTemplates.class);
  private static final String ALREADY_EXISTS = "InvalidLaunchTemplateName.AlreadyExistsException";

  private final Ec2Client ec2;
  private final EcTags tags;
  private final TemplateVersions versions;

  private final NodeGroupMemo memo;

  LaunchTemplates(Ec2Client ec2, NodeGroupMemo memo) {
    this.ec2 = ec2;
    this.tags = new EcTags(ec2);
    this.versions = new TemplateVersions(ec2, memo);
    this.memo = memo;
  }

  /**
   * Every launch template carrying the owner's tag, by name, in one paginated call. Strato creates
   * templates with their tags in the create call, so none of the owner's is missed.
   */
  Map<String, LaunchTemplate> findOwned(Ownership owner) {
    Map<String, LaunchTemplate> owned = new TreeMap<>();
    AwsErrors.call(
            "DescribeLaunchTemplates",
            () ->
                ec2
                    .describeLaunchTemplatesPaginator(
                        r ->
                            r.filters(
                                f -> f.name("tag:" + Ownership.OWNER_TAG).values(owner.ownerUid())))
                    .launchTemplates()
                    .stream()
                    .toList())
        .forEach(t -> owned.put(t.launchTemplateName(), t));
    return owned;
  }

  Optional<LaunchTemplate> find(String name) {
    try {
      return AwsErrors.call(
              "DescribeLaunchTemplates",
              () -> ec2.describeLaunchTemplates(r -> r.launchTemplateNames(name)))
          .launchTemplates()
          .stream()
          .findFirst();
    } catch (CloudException.NotFound absent) {
      return Optional.empty();
    }
  }

  /**
   * Makes the template hold the desired content in some version and returns that version.
   *
   * @param pinned the version the group launches from now, if the group exists
   */
  TemplateVersion ensure(Ownership owner, NodeGroupSpec spec, OptionalLong pinned) {
    return ensure(owner, spec, pinned, find(spec.name()));
  }

  /**
   * @param found the template as just observed; empty when it was not seen (absent, or another
   *     owner's, which the create call then finds)
   */
  TemplateVersion ensure(
      Ownership owner, NodeGroupSpec spec, OptionalLong pinned, Optional<LaunchTemplate> found) {
    LaunchContent desired = LaunchContent.desired(owner, spec.launch());
    Map<String, String> wantedTags = templateTags(owner, spec);
    if (found.isEmpty()) {
      Optional<LaunchTemplate> created = create(owner, spec.name(), desired, wantedTags);
      if (created.isPresent()) {
        memo.versionContent(
            created.get().launchTemplateId(),
            created.get().latestVersionNumber(),
            desired.fingerprint());
        return new TemplateVersion(
            created.get().launchTemplateId(),
            created.get().latestVersionNumber(),
            ChangeOutcome.CREATED);
      }
      found = find(spec.name());
      if (found.isEmpty()) {
        throw new CloudException.Transient(
            "aws",
            "CreateLaunchTemplate",
            "launch template "
                + spec.name()
                + " was reported to exist but is not found yet (eventual consistency); retry",
            null);
      }
    }
    LaunchTemplate template = found.get();
    OwnershipGuard.requireOwned(
        owner,
        "CreateLaunchTemplate",
        "launch template " + spec.name(),
        AwsTags.fromEc2(template.tags()));
    ChangeOutcome tagOutcome =
        tags.reconcile(template.launchTemplateId(), AwsTags.fromEc2(template.tags()), wantedTags);
    TemplateVersion version = versions.ensure(template, desired, pinned);
    return new TemplateVersion(
        version.templateId(), version.version(), version.outcome().and(tagOutcome));
  }

  /** Deletes the template if it exists and is ours; another owner's is left alone. */
  void delete(Ownership owner, String name) {
    find(name).ifPresent(t -> delete(owner, t));
  }

  /** Deletes the template just observed if it is ours; another owner's is left alone. */
  void delete(Ownership owner, LaunchTemplate found) {
    String name = found.launchTemplateName();
    if (!owner.owns(AwsTags.fromEc2(found.tags()))) {
      LOG.warnf("launch template %s belongs to another owner; not deleting it", name);
      return;
    }
    String id = found.launchTemplateId();
    try {
      AwsErrors.run(
          "DeleteLaunchTemplate", () -> ec2.deleteLaunchTemplate(r -> r.launchTemplateId(id)));
      LOG.infof("launch template %s (%s) deleted", name, id);
    } catch (CloudException.NotFound alreadyGone) {
      // deleted between the look-up and now: the goal is reached
    }
  }

  /**
   * Creates the template; empty when it already exists (a retry after a crash, or another replica),
   * in which case the caller looks it up. The client token makes a retried create with the same
   * content return the first one; a different token after a content change just meets the
   * unique-name check.
   */
  private Optional<LaunchTemplate> create(
      Ownership owner, String name, LaunchContent content, Map<String, String> wantedTags) {
    String token = Fingerprint.of(owner.ownerUid(), name, content.fingerprint());
    try {
      LaunchTemplate created =
          AwsErrors.call(
                  "CreateLaunchTemplate",
                  () ->
                      ec2.createLaunchTemplate(
                          r ->
                              r.launchTemplateName(name)
                                  .clientToken(token)
                                  .launchTemplateData(content.toRequest())
                                  .tagSpecifications(
                                      TagSpecification.builder()
                                          .resourceType(ResourceType.LAUNCH_TEMPLATE)
                                          .tags(AwsTags.toEc2(wantedTags))
                                          .build())))
              .launchTemplate();
      LOG.infof("launch template %s (%s) created", name, created.launchTemplateId());
      return Optional.of(created);
    } catch (CloudException.Conflict e) {
      if (ALREADY_EXISTS.equals(AwsErrors.codeOf(e.getCause()))) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** The template's own tags: the user's, then ownership (which wins). */
  private static Map<String, String> templateTags(Ownership owner, NodeGroupSpec spec) {
    Map<String, String> tags = new LinkedHashMap<>(spec.tags());
    tags.putAll(owner.tags());
    return tags;
  }
}
