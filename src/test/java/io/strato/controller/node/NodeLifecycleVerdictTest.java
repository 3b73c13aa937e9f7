package io.strato.controller.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.strato.cloud.instance.InstanceState;
import io.strato.controller.node.NodeLifecycle.Verdict;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Fast tier: what a NotReady node's instance state means, for every EC2 state. moto jumps straight
 * to running, stopped and terminated, so the states in between are shown here;
 * NodeControllerScenarioTest drives the ones moto reaches through the controller.
 */
class NodeLifecycleVerdictTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    // cloud-provider-aws: InstanceExistsByProviderID is false only for terminated (or unlisted)
    "TERMINATED, DELETE",
    // still exists: the node goes once the instance is terminated, not on the way there
    "SHUTTING_DOWN, KEEP",
    // InstanceShutdownByProviderID is true only for stopped
    "STOPPED, SHUT_DOWN",
    "STOPPING, KEEP",
    "RUNNING, KEEP",
    "PENDING, KEEP"
  })
  void eachInstanceStateHasOneVerdict(InstanceState state, Verdict verdict) {
    assertThat(NodeLifecycle.verdict(Optional.of(state))).isEqualTo(verdict);
  }

  @Test
  void anInstanceNoLongerListedMeansDelete() {
    assertThat(NodeLifecycle.verdict(Optional.empty())).isEqualTo(Verdict.DELETE);
  }
}
