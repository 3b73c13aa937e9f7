package io.strato.cloud.aws.secrets;

import io.strato.cloud.CloudException;
import io.strato.cloud.aws.AwsErrors;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.InstanceProfile;

/**
 * The role behind an instance profile: a resource policy names principals (roles), while a launch
 * template names an instance profile. An instance profile holds at most one role.
 */
public final class InstanceRoles {

  private final IamClient iam;

  public InstanceRoles(IamClient iam) {
    this.iam = iam;
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
