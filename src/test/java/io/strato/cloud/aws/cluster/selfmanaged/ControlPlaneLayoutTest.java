package io.strato.cloud.aws.cluster.selfmanaged;

import static org.assertj.core.api.Assertions.assertThat;

import io.strato.cloud.Ownership;
import io.strato.cloud.cluster.ClusterContext;
import io.strato.cloud.cluster.ClusterSubnet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The per-zone layout as a pure function: no cloud. */
class ControlPlaneLayoutTest {

  @Test
  void replicasSplitEvenlyEarlierZonesTakingTheRest() {
    assertThat(ControlPlaneLayout.shares(3, 3)).containsExactly(1, 1, 1);
    assertThat(ControlPlaneLayout.shares(5, 3)).containsExactly(2, 2, 1);
    assertThat(ControlPlaneLayout.shares(4, 3)).containsExactly(2, 1, 1);
  }

  @Test
  void theFirstThreeZonesInOrderEachPinnedToItsFirstSubnetAndTheFirstInitialises() {
    ClusterContext cluster =
        cluster(
            new ClusterSubnet("subnet-d", "us-east-1d"),
            new ClusterSubnet("subnet-b2", "us-east-1b"),
            new ClusterSubnet("subnet-a", "us-east-1a"),
            new ClusterSubnet("subnet-b1", "us-east-1b"),
            new ClusterSubnet("subnet-c", "us-east-1c"));

    List<ControlPlaneLayout.Group> groups = ControlPlaneLayout.of(cluster, 5);

    assertThat(groups)
        .extracting(ControlPlaneLayout.Group::zone)
        .containsExactly("us-east-1a", "us-east-1a", "us-east-1b", "us-east-1c");
    assertThat(groups)
        .extracting(ControlPlaneLayout.Group::subnetId)
        .containsExactly("subnet-a", "subnet-a", "subnet-b1", "subnet-c");
    // Zone a's two members: the initialising one alone in its group, the other joining.
    assertThat(groups).extracting(ControlPlaneLayout.Group::size).containsExactly(1, 1, 2, 1);
    assertThat(groups)
        .extracting(ControlPlaneLayout.Group::initialises)
        .containsExactly(true, false, false, false);
    assertThat(groups.get(0).name()).startsWith("strato-prod-cp-us-east-1a-");
    assertThat(groups.get(1).name()).startsWith("strato-prod-cp-us-east-1a-join-");
    // The API load balancer still spans every zone of the cluster.
    assertThat(ControlPlaneLayout.subnetPerZone(cluster))
        .containsExactly("subnet-a", "subnet-b1", "subnet-c", "subnet-d");
  }

  @Test
  void exactlyOneMemberInitialisesWhateverTheReplicas() {
    ClusterContext cluster =
        cluster(
            new ClusterSubnet("subnet-a", "us-east-1a"),
            new ClusterSubnet("subnet-b", "us-east-1b"),
            new ClusterSubnet("subnet-c", "us-east-1c"));
    for (int replicas = 1; replicas <= 9; replicas++) {
      List<ControlPlaneLayout.Group> groups = ControlPlaneLayout.of(cluster, replicas);

      assertThat(groups.stream().filter(ControlPlaneLayout.Group::initialises))
          .as("%d replicas", replicas)
          .singleElement()
          .extracting(ControlPlaneLayout.Group::size)
          .isEqualTo(1);
      assertThat(groups.stream().mapToInt(ControlPlaneLayout.Group::size).sum())
          .isEqualTo(replicas);
      assertThat(groups.stream().map(ControlPlaneLayout.Group::name).distinct())
          .hasSize(groups.size());
    }
  }

  @Test
  void fewerThanThreeZonesGiveNoLayout() {
    assertThat(
            ControlPlaneLayout.of(
                cluster(
                    new ClusterSubnet("subnet-a", "us-east-1a"),
                    new ClusterSubnet("subnet-b", "us-east-1b")),
                3))
        .isEmpty();
  }

  private static ClusterContext cluster(ClusterSubnet... subnets) {
    return new ClusterContext(
        "prod",
        "uid-1",
        null,
        new Ownership("uid-1", "Cluster", "prod", "prod"),
        "vpc-1",
        List.of(subnets),
        (lb, port) -> Optional.empty());
  }
}
