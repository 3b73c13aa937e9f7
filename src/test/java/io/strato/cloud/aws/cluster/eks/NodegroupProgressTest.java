package io.strato.cloud.aws.cluster.eks;

import static org.assertj.core.api.Assertions.assertThat;

import io.strato.reconcile.Condition;
import org.junit.jupiter.api.Test;

/** NodeGroupsReady names what needs the user before what only needs time. */
class NodegroupProgressTest {

  @Test
  void readyWhenEveryGroupIsActive() {
    NodegroupProgress progress = new NodegroupProgress();
    progress.note("general", "ACTIVE", "");
    assertThat(progress.condition(1))
        .extracting(Condition::status, Condition::reason, Condition::message)
        .containsExactly("True", "Ready", "1 node group(s) active");
  }

  @Test
  void aFailureWithEksHealthComesFirst() {
    NodegroupProgress progress = new NodegroupProgress();
    progress.note("general", "CREATING", "");
    progress.replacement.add("batch (instanceTypes)");
    progress.note("spot", "DEGRADED", "Ec2SubnetInvalidConfiguration: no public IPs");
    assertThat(progress.condition(3))
        .extracting(Condition::reason, Condition::message)
        .containsExactly(
            "Failed", "spot is DEGRADED: Ec2SubnetInvalidConfiguration: no public IPs");
  }

  @Test
  void replacementBeforeWorkInProgress() {
    NodegroupProgress progress = new NodegroupProgress();
    progress.note("general", "UPDATING", "");
    progress.replacement.add("batch (capacityType)");
    assertThat(progress.condition(2).reason()).isEqualTo("ReplacementRequired");
    assertThat(progress.condition(2).message()).endsWith("batch (capacityType)");
  }
}
