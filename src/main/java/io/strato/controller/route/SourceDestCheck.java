package io.strato.controller.route;

import io.strato.cloud.route.Routes;
import java.util.Set;

/**
 * Turns off EC2's source/destination check on the instances that receive pod traffic; without it
 * EC2 drops packets addressed to a pod IP rather than to the instance. A batched form, so that a
 * provider can look once and change only what needs it (AWS: one DescribeInstances, then
 * ModifyInstanceAttribute only where the check is still on).
 */
@FunctionalInterface
public interface SourceDestCheck {

  void disable(Set<String> instanceIds);

  /** For a provider without a batched form: one idempotent call per instance, every time. */
  static SourceDestCheck oneByOne(Routes routes) {
    return ids -> ids.forEach(routes::disableSourceDestCheck);
  }
}
