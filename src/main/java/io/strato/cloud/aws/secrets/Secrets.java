package io.strato.cloud.aws.secrets;

import io.strato.cloud.CloudException;
import io.strato.cloud.aws.AwsErrors;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;
import software.amazon.awssdk.services.secretsmanager.model.Tag;

/**
 * Secrets Manager, as Strato uses it: secrets found by their deterministic name, created once with
 * their tags, their value replaced in place, locked to their readers with a resource policy, and
 * deleted for good. Strato writes secret values but never reads one back: what it needs to know
 * about a secret later (a public digest, a version marker) it keeps in the secret's tags, so a
 * policy that lets only nodes call {@code GetSecretValue} does not lock Strato out.
 */
public final class Secrets {

  private final SecretsManagerClient client;

  public Secrets(SecretsManagerClient client) {
    this.client = client;
  }

  /** What Strato reads of a secret: never its value. */
  public record Observed(String arn, String name, Map<String, String> tags) {}

  /** The secret by name, or empty when none exists (or one is already scheduled for deletion). */
  public Optional<Observed> find(String name) {
    DescribeSecretResponse d;
    try {
      d = AwsErrors.call("DescribeSecret", () -> client.describeSecret(r -> r.secretId(name)));
    } catch (CloudException.NotFound absent) {
      return Optional.empty();
    }
    if (d.deletedDate() != null) {
      return Optional.empty();
    }
    Map<String, String> tags = new TreeMap<>();
    d.tags().forEach(t -> tags.put(t.key(), t.value()));
    return Optional.of(new Observed(d.arn(), d.name(), tags));
  }

  /**
   * Creates the secret with its first value and its tags in one call (tag-on-create, so an IAM
   * policy can require the ownership tags). A twin created by a run that crashed before it heard
   * the answer is found instead (ResourceExists, then one {@link #find}): a caller that has a
   * reason to expect no secret may create without asking {@link #find} first.
   */
  public Observed create(String name, String description, String value, Map<String, String> tags) {
    try {
      String arn =
          AwsErrors.call(
                  "CreateSecret",
                  () ->
                      client.createSecret(
                          r ->
                              r.name(name)
                                  .description(description)
                                  .secretString(value)
                                  .tags(
                                      tags.entrySet().stream()
                                          .map(
                                              e ->
                                                  Tag.builder()
                                                      .key(e.getKey())
                                                      .value(e.getValue())
                                                      .build())
                                          .toList())))
              .arn();
      return new Observed(arn, name, new TreeMap<>(tags));
    } catch (CloudException e) {
      if (e.getCause() instanceof ResourceExistsException) {
        return find(name).orElseThrow(() -> e);
      }
      throw e;
    }
  }

  /**
   * A new current version with this value; the previous one stays readable as AWSPREVIOUS.
   *
   * @param versionId the version's idempotency token (32 to 64 characters): a retry with the same
   *     id and value creates nothing new
   */
  public void putValue(String arn, String value, String versionId) {
    AwsErrors.run(
        "PutSecretValue",
        () ->
            client.putSecretValue(
                r -> r.secretId(arn).secretString(value).clientRequestToken(versionId)));
  }

  public void tag(String arn, Map<String, String> tags) {
    AwsErrors.run(
        "TagResource",
        () ->
            client.tagResource(
                r ->
                    r.secretId(arn)
                        .tags(
                            tags.entrySet().stream()
                                .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build())
                                .toList())));
  }

  /** Replaces the resource policy; a policy that would make the secret public is refused by AWS. */
  public void putPolicy(String arn, String policyJson) {
    AwsErrors.run(
        "PutResourcePolicy",
        () ->
            client.putResourcePolicy(
                r -> r.secretId(arn).resourcePolicy(policyJson).blockPublicPolicy(true)));
  }

  /**
   * Deletes the secret at once, without the recovery window: absent is success. See the caller for
   * why no window.
   */
  public void deleteForGood(String name) {
    try {
      AwsErrors.run(
          "DeleteSecret",
          () -> client.deleteSecret(r -> r.secretId(name).forceDeleteWithoutRecovery(true)));
    } catch (CloudException.NotFound gone) {
      // already gone
    }
  }
}
