package io.strato.cloud.aws;

import java.net.URI;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * How to reach AWS.
 *
 * @param endpoint an endpoint override for every service (moto, LocalStack); empty for real AWS
 * @param credentials explicit credentials, or empty for the default chain (environment, profile,
 *     web identity / IRSA, container and instance roles)
 * @param maxAttempts SDK attempts per call, the first included, before the engine's own backoff
 *     takes over
 */
public record AwsSettings(
    String region,
    Optional<URI> endpoint,
    Optional<AwsCredentialsProvider> credentials,
    int maxAttempts) {

  public AwsSettings {
    if (region == null || region.isBlank()) {
      throw new IllegalArgumentException("an AWS region is required");
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1");
    }
  }
}
