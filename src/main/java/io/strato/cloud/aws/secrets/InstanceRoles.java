package io.strato.cloud.aws.secrets;

import io.strato.cloud.CloudException;
import io.strato.cloud.aws.AwsErrors;
import io.strato.cloud.aws.RecentlyUsed;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.InstanceProfile;

/**
 * The role behind an instance profile: a resource policy names principals (roles), while a launch
 * template names an instance profile. An instance profile holds at most one role.
 */
public final class InstanceRoles {

  /**
   * How long an answer is reused. One reconcile of a self-managed cluster asks for the control
   * plane's profile twice (the secrets' policies and the snapshot bucket's policy), a few calls
   * apart; both are written only when their digests say the profile set changed, so a longer memory
   * would save nothing. The price: a role swapped inside a profile within this long of a read is
   * written from the read before (the digests already miss such a swap until the set changes).
   */
  public static final Duration REUSE = Duration.ofSeconds(30);

  private static final int CAPACITY = 256;

  private record Answer(String roleArn, Instant readAt) {}

  private final IamClient iam;
  private final Clock clock;
  private final Map<String, Answer> answers = RecentlyUsed.synchronizedMap(CAPACITY);

  /** Every call reads IAM. */
  public InstanceRoles(IamClient iam) {
    this(iam, null);
  }

  /**
   * @param clock when not null, a profile's role is reused for {@link #REUSE} after it was read
   *     (failures are never reused: the user's fix is seen at once)
   */
  public InstanceRoles(IamClient iam, Clock clock) {
    this.iam = iam;
    this.clock = clock;
  }

  /**
   * @param profile an instance profile name or ARN (the launch template accepts both)
   * @return the ARN of the profile's role
   * @throws CloudException.InvalidRequest if the profile does not exist or holds no role: the
   *     user's to fix, and no node of it could read anything
   */
  public String roleArnOf(String profile) {
    String name =
        profile.startsWith("arn:") ? profile.substring(profile.lastIndexOf('/') + 1) : profile;
    if (clock == null) {
      return read(profile, name);
    }
    Instant now = clock.instant();
    Answer last = answers.get(name);
    if (last != null && now.isBefore(last.readAt().plus(REUSE)) && !now.isBefore(last.readAt())) {
      return last.roleArn();
    }
    String roleArn = read(profile, name);
    answers.put(name, new Answer(roleArn, now));
    return roleArn;
  }

  private String read(String profile, String name) {
    InstanceProfile found;
    try {
      found =
          AwsErrors.call(
              "GetInstanceProfile",
              () -> iam.getInstanceProfile(r -> r.instanceProfileName(name)).instanceProfile());
    } catch (CloudException.NotFound e) {
      throw new CloudException.InvalidRequest(
          "aws",
          "GetInstanceProfile",
          "InstanceProfileNotFound",
          "instance profile " + profile + " does not exist",
          e);
    }
    if (found.roles().isEmpty()) {
      throw new CloudException.InvalidRequest(
          "aws",
          "GetInstanceProfile",
          "InstanceProfileWithoutRole",
          "instance profile " + profile + " holds no role, so its nodes have no credentials",
          null);
    }
    return found.roles().get(0).arn();
  }
}
