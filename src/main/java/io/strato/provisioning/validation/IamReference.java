package io.strato.provisioning.validation;

/**
 * A field of a spec that names an IAM role or instance profile. Naming one hands it to EC2 or EKS
 * ({@code iam:PassRole}), so every such field is checked against {@link PassableIdentities}.
 *
 * @param field the JSON path of the field, e.g. {@code spec.eks.roleArn}
 * @param value the role ARN, or the instance profile ARN or name, as the spec gives it
 */
public record IamReference(String field, Type type, String value) {

  public enum Type {
    ROLE("role"),
    INSTANCE_PROFILE("instance-profile");

    /** The resource type in an IAM ARN: {@code arn:aws:iam::<account>:<resource>/<path/name>}. */
    final String arnResource;

    Type(String arnResource) {
      this.arnResource = arnResource;
    }
  }

  public static IamReference role(String field, String arn) {
    return new IamReference(field, Type.ROLE, arn);
  }

  public static IamReference instanceProfile(String field, String arnOrName) {
    return new IamReference(field, Type.INSTANCE_PROFILE, arnOrName);
  }
}
