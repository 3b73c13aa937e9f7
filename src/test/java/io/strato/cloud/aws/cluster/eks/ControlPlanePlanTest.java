package io.strato.cloud.aws.cluster.eks;

import static org.assertj.core.api.Assertions.assertThat;

import io.strato.cloud.aws.eks.EksClusterConfig;
import io.strato.cloud.aws.eks.EksEndpointAccess;
import io.strato.cloud.aws.eks.ObservedCluster;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which single update an ACTIVE control plane gets next. */
class ControlPlanePlanTest {

  private static final EksEndpointAccess PUBLIC =
      new EksEndpointAccess(true, false, List.of("0.0.0.0/0"));

  @Test
  void inSyncWhenEverythingMatches() {
    assertThat(
            ControlPlanePlan.next(
                desired("1.30", PUBLIC, Set.of("api")), observed("1.30", PUBLIC, Set.of("api"))))
        .isInstanceOf(ControlPlanePlan.InSync.class);
  }

  @Test
  void endpointFirstThenLoggingThenVersion() {
    EksEndpointAccess both = new EksEndpointAccess(true, true, List.of("10.0.0.0/8"));
    EksClusterConfig want = desired("1.31", both, Set.of("audit"));

    assertThat(ControlPlanePlan.next(want, observed("1.29", PUBLIC, Set.of())))
        .isEqualTo(new ControlPlanePlan.UpdateEndpointAccess(both));
    assertThat(ControlPlanePlan.next(want, observed("1.29", both, Set.of())))
        .isEqualTo(new ControlPlanePlan.UpdateLogging(Set.of("audit")));
    assertThat(ControlPlanePlan.next(want, observed("1.29", both, Set.of("audit"))))
        .isEqualTo(new ControlPlanePlan.Upgrade("1.29", "1.30", "1.31"));
  }

  @Test
  void upgradesOneMinorAtATime() {
    assertThat(
            ControlPlanePlan.next(
                desired("1.31", PUBLIC, Set.of()), observed("1.30", PUBLIC, Set.of())))
        .isEqualTo(new ControlPlanePlan.Upgrade("1.30", "1.31", "1.31"));
    assertThat(
            ControlPlanePlan.next(
                desired("1.10", PUBLIC, Set.of()), observed("1.9", PUBLIC, Set.of())))
        .as("numeric, not lexical")
        .isEqualTo(new ControlPlanePlan.Upgrade("1.9", "1.10", "1.10"));
  }

  @Test
  void refusesDowngrades() {
    assertThat(
            ControlPlanePlan.next(
                desired("1.29", PUBLIC, Set.of()), observed("1.30", PUBLIC, Set.of())))
        .isEqualTo(new ControlPlanePlan.DowngradeRefused("1.30", "1.29"));
  }

  @Test
  void cidrOrderAndCidrsOfAPrivateOnlyEndpointDoNotMatter() {
    EksEndpointAccess ab = new EksEndpointAccess(true, false, List.of("a", "b"));
    EksEndpointAccess ba = new EksEndpointAccess(true, false, List.of("b", "a"));
    assertThat(ab.sameAs(ba)).isTrue();
    EksEndpointAccess privateOnly = new EksEndpointAccess(false, true, List.of("0.0.0.0/0"));
    assertThat(privateOnly.sameAs(new EksEndpointAccess(false, true, List.of()))).isTrue();
  }

  @Test
  void theSupportTypeGoesAfterLoggingAndBeforeTheVersion() {
    ObservedCluster extended =
        new ObservedCluster(
            "c",
            "arn",
            "ACTIVE",
            "1.29",
            "https://x",
            "ca",
            PUBLIC,
            Set.of(),
            Map.of(),
            null,
            null,
            "EXTENDED");
    assertThat(ControlPlanePlan.next(desired("1.30", PUBLIC, Set.of("api")), extended))
        .isEqualTo(new ControlPlanePlan.UpdateLogging(Set.of("api")));
    assertThat(ControlPlanePlan.next(desired("1.30", PUBLIC, Set.of()), extended))
        .isEqualTo(new ControlPlanePlan.UpdateSupportType(false));
    assertThat(
            ControlPlanePlan.next(
                desired("1.29", PUBLIC, Set.of()), observed("1.29", PUBLIC, Set.of())))
        .as("a cluster that does not report its policy (an emulator) is not sent one blind")
        .isInstanceOf(ControlPlanePlan.InSync.class);
  }

  @Test
  void noVersionInTheSpecLeavesTheVersionAlone() {
    assertThat(
            ControlPlanePlan.next(
                desired(null, PUBLIC, Set.of()), observed("1.30", PUBLIC, Set.of())))
        .isInstanceOf(ControlPlanePlan.InSync.class);
  }

  private static EksClusterConfig desired(
      String version, EksEndpointAccess access, Set<String> logs) {
    return new EksClusterConfig(
        "c",
        "arn:aws:iam::123456789012:role/r",
        version,
        List.of("subnet-1"),
        List.of(),
        access,
        logs,
        Map.of(),
        "t",
        false);
  }

  private static ObservedCluster observed(
      String version, EksEndpointAccess access, Set<String> logs) {
    return new ObservedCluster(
        "c", "arn", "ACTIVE", version, "https://x", "ca", access, logs, Map.of(), null, null, null);
  }
}
