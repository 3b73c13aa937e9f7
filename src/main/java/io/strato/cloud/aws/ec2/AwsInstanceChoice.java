package io.strato.cloud.aws.ec2;

import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.ec2.model.Instance;

/**
 * Picks the one instance a key names. An instance ID names one; a private DNS name or IP can name
 * several: a terminated instance keeps being listed for about an hour while a new one already holds
 * its address, and the same private address can live in two VPCs of one account.
 */
final class AwsInstanceChoice {

  private static final Logger LOG = Logger.getLogger(AwsInstanceChoice.class);

  private AwsInstanceChoice() {}

  static Optional<Instance> choose(String key, List<Instance> candidates) {
    if (candidates.size() <= 1) {
      return candidates.stream().findFirst();
    }
    List<Instance> live =
        candidates.stream()
            .filter(
                i -> !AwsInstanceStates.of(i.state() == null ? null : i.state().name()).leaving())
            .toList();
    if (live.size() == 1) {
      return Optional.of(live.get(0));
    }
    if (live.isEmpty()) {
      // All gone: any of them answers "terminated" equally well.
      return Optional.of(candidates.get(0));
    }
    // Guessing would write another machine's providerID onto this node: say "not found" instead.
    LOG.warnf(
        "%s names %d live instances (%s): not choosing",
        key, live.size(), live.stream().map(Instance::instanceId).toList());
    return Optional.empty();
  }
}
