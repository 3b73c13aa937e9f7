package io.strato.controller.node;

import io.strato.config.StratoConfig;
import java.time.Duration;

/**
 * @param workers reconciles in parallel
 * @param monitorPeriod how often NotReady nodes are checked against their instances
 * @param statusUpdatePeriod how often every initialised node's addresses and labels are compared
 *     with its instance (cloud-controller-manager's {@code --node-status-update-frequency}, 5
 *     minutes); zero turns the refresh off
 * @param answerFreshness how long one batched look-up serves other nodes' reconciles
 * @param batchWindow how long a node that needs a look-up waits for others to share it
 * @param notFoundRetry when to look again for an uninitialized node's instance that was not found
 *     (a just-launched instance can take seconds to show in DescribeInstances)
 * @param providerIdPrefix the providerIDs this cloud answers for
 */
public record NodeControllerSettings(
    int workers,
    Duration monitorPeriod,
    Duration statusUpdatePeriod,
    Duration answerFreshness,
    Duration batchWindow,
    Duration notFoundRetry,
    String providerIdPrefix) {

  public NodeControllerSettings {
    if (notFoundRetry.compareTo(answerFreshness) <= 0) {
      // Otherwise a retry would be served the very answer that made it retry.
      throw new IllegalArgumentException("notFoundRetry must be longer than answerFreshness");
    }
    if (batchWindow.compareTo(answerFreshness) >= 0) {
      // Otherwise the first answers of a batch could expire before the last node reads them.
      throw new IllegalArgumentException("batchWindow must be shorter than answerFreshness");
    }
  }

  public static NodeControllerSettings from(StratoConfig.Ccm ccm) {
    return new NodeControllerSettings(
        ccm.workers(),
        ccm.nodeMonitorPeriod(),
        ccm.nodeStatusUpdatePeriod(),
        Duration.ofSeconds(5),
        Duration.ofSeconds(1),
        Duration.ofSeconds(30),
        "aws://");
  }
}
