package io.strato.cloud.aws.ec2;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes the AWS providerID. Kubernetes nodes on AWS carry {@code
 * aws:///<zone>/<instance-id>}; cloud-provider-aws also accepts the zone left out ({@code
 * aws:////<instance-id>}) and a bare instance ID, so nodes initialised by it keep working here.
 */
public final class AwsInstanceIds {

  private static final Pattern INSTANCE_ID = Pattern.compile("i-[0-9a-f]{8,17}");
  private static final Pattern PROVIDER_ID = Pattern.compile("aws://(/[^/]*)?/(i-[0-9a-f]{8,17})");

  private AwsInstanceIds() {}

  /** The EC2 instance ID in a providerID, or empty when it names no EC2 instance (Fargate...). */
  public static Optional<String> instanceId(String providerId) {
    if (providerId == null || providerId.isBlank()) {
      return Optional.empty();
    }
    if (INSTANCE_ID.matcher(providerId).matches()) {
      return Optional.of(providerId);
    }
    Matcher m = PROVIDER_ID.matcher(providerId);
    return m.matches() ? Optional.of(m.group(2)) : Optional.empty();
  }

  public static String providerId(String zone, String instanceId) {
    return "aws:///" + zone + "/" + instanceId;
  }
}
