package io.strato.cloud.aws.asg;

import io.strato.cloud.ChangeOutcome;
import io.strato.cloud.CloudException;
import io.strato.cloud.aws.AwsErrors;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.LaunchTemplate;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateVersion;

/**
 * The versions of a node group's launch template. A content change becomes a new version; the group
 * is then pinned to that version number, never to {@code $Latest}, so that every rollout is an
 * explicit change of the group.
 */
final class TemplateVersions {

  private static final Logger LOG = Logger.getLogger(TemplateVersions.class);

  private final Ec2Client ec2;
  private final NodeGroupMemo memo;

  TemplateVersions(Ec2Client ec2, NodeGroupMemo memo) {
    this.ec2 = ec2;
    this.memo = memo;
  }

  /**
   * Finds a version with the desired content among the one the group is pinned to and the latest
   * (after a crash between creating a version and moving the group, the latest already has it), or
   * creates one.
   */
  TemplateVersion ensure(LaunchTemplate template, LaunchContent desired, OptionalLong pinned) {
    String id = template.launchTemplateId();
    long latest = template.latestVersionNumber();
    OptionalLong known = knownMatch(id, latest, desired, pinned);
    if (known.isPresent()) {
      return new TemplateVersion(id, known.getAsLong(), ChangeOutcome.UNCHANGED);
    }
    List<String> candidates =
        pinned.isPresent() && pinned.getAsLong() < latest
            ? List.of(Long.toString(pinned.getAsLong()), Long.toString(latest))
            : List.of(Long.toString(latest));
    for (LaunchTemplateVersion version : describeVersions(id, candidates)) {
      LaunchContent content = LaunchContent.observed(version.launchTemplateData());
      memo.versionContent(id, version.versionNumber(), content.fingerprint());
      if (desired.equals(content)) {
        return new TemplateVersion(id, version.versionNumber(), ChangeOutcome.UNCHANGED);
      }
    }
    // The base version is in the token so that going back to earlier content (A, B, A) makes a
    // new version instead of EC2 answering with the old request's version.
    String token = Fingerprint.of(id, Long.toString(latest), desired.fingerprint());
    long created =
        AwsErrors.call(
                "CreateLaunchTemplateVersion",
                () ->
                    ec2.createLaunchTemplateVersion(
                        r ->
                            r.launchTemplateId(id)
                                .clientToken(token)
                                .launchTemplateData(desired.toRequest())))
            .launchTemplateVersion()
            .versionNumber();
    // The token holds the content's fingerprint, so the version answered has exactly that content.
    memo.versionContent(id, created, desired.fingerprint());
    LOG.infof("launch template %s: version %d created", template.launchTemplateName(), created);
    return new TemplateVersion(id, created, ChangeOutcome.UPDATED);
  }

  /**
   * The version known (from this process's memo, without a call) to hold the desired content, when
   * that answer is the one the full comparison would give: the pinned version if it matches, else
   * the latest when the pinned one is known to differ or is the latest itself.
   */
  private OptionalLong knownMatch(
      String id, long latest, LaunchContent desired, OptionalLong pinned) {
    String wanted = desired.fingerprint();
    if (pinned.isPresent()) {
      var pinnedContent = memo.versionContent(id, pinned.getAsLong());
      if (pinnedContent.isEmpty() && pinned.getAsLong() < latest) {
        return OptionalLong.empty();
      }
      if (pinnedContent.filter(wanted::equals).isPresent()) {
        return pinned;
      }
    }
    return memo.versionContent(id, latest).filter(wanted::equals).isPresent()
        ? OptionalLong.of(latest)
        : OptionalLong.empty();
  }

  private List<LaunchTemplateVersion> describeVersions(String id, List<String> versions) {
    List<LaunchTemplateVersion> found;
    try {
      found =
          AwsErrors.call(
                  "DescribeLaunchTemplateVersions",
                  () ->
                      ec2.describeLaunchTemplateVersions(
                          r -> r.launchTemplateId(id).versions(versions)))
              .launchTemplateVersions();
    } catch (CloudException.NotFound versionGone) {
      if (versions.size() == 1) {
        throw versionGone;
      }
      // Someone deleted the pinned version: only the latest is left to compare with.
      return describeVersions(id, versions.subList(versions.size() - 1, versions.size()));
    }
    // Pinned first: when both match, keep the group where it is.
    return found.stream()
        .sorted(Comparator.comparingInt(v -> versions.indexOf(v.versionNumber().toString())))
        .toList();
  }
}
