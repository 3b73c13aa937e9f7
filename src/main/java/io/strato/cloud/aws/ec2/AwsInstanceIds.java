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

  /**
   * The instance ID a node is named after under resource-based naming: the kubelet registers as the
   * host name, which is {@code i-0123456789abcdef0} or {@code
   * i-0123456789abcdef0.<region>.compute.internal} depending on the distribution
   * (cloud-provider-aws takes whatever precedes the first dot, as here). Such a node may report no
   * address at all, and its name is no {@code ip-...} private DNS name to filter on.
   */
  public static Optional<String> fromNodeName(String nodeName) {
    if (nodeName == null) {
      return Optional.empty();
    }
    int dot = nodeName.indexOf('.');
    String host = dot < 0 ? nodeName : nodeName.substring(0, dot);
    return INSTANCE_ID.matcher(host).matches() ? Optional.of(host) : Optional.empty();
  }

  public static String providerId(String zone, String instanceId) {
    return "aws:///" + zone + "/" + instanceId;
  }
}
