package io.strato.cloud.aws.cluster.eks;

import static org.assertj.core.api.Assertions.assertThat;

import io.strato.cloud.aws.eks.EksNodegroupConfig;
import io.strato.cloud.aws.eks.EksScaling;
import io.strato.cloud.aws.eks.EksTaint;
import io.strato.cloud.aws.eks.EksUpdateConfig;
import io.strato.cloud.aws.eks.NodegroupUpdate;
import io.strato.cloud.aws.eks.ObservedNodegroup;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What an existing managed node group needs: in place, or a replacement. */
class NodegroupDiffTest {

  private static final EksTaint GPU = new EksTaint("gpu", "true", "NO_SCHEDULE");

  @Test
  void nothingWhenTheGroupMatches() {
    NodegroupUpdate update =
        NodegroupDiff.update(desired(new EksScaling(1, 5, 2), true), observed());
    assertThat(update.isEmpty()).isTrue();
    assertThat(
            NodegroupDiff.replacementFields(
                desired(new EksScaling(1, 5, 2), true).config(), observed()))
        .isEmpty();
  }

  @Test
  void scalingCarriesTheWholeTriple() {
    NodegroupUpdate update =
        NodegroupDiff.update(desired(new EksScaling(2, 8, 3), true), observed());
    assertThat(update.scaling()).isEqualTo(new EksScaling(2, 8, 3));
    assertThat(update.parts()).containsExactly("scaling");
  }

  @Test
  void anUnpinnedDesiredSizeIsOnlyKeptInsideTheBounds() {
    assertThat(NodegroupDiff.scaling(new EksScaling(1, 5, 1), new EksScaling(1, 5, 4), false))
        .isNull();
    assertThat(NodegroupDiff.scaling(new EksScaling(1, 3, 1), new EksScaling(1, 5, 4), false))
        .isEqualTo(new EksScaling(1, 3, 3));
    assertThat(NodegroupDiff.scaling(new EksScaling(5, 9, 5), new EksScaling(1, 5, 4), false))
        .isEqualTo(new EksScaling(5, 9, 5));
  }

  @Test
  void labelsAndTaintsChangeByDifference() {
    ObservedNodegroup have = observed();
    DesiredNodegroup want =
        new DesiredNodegroup(
            "general",
            config(
                new EksScaling(1, 5, 2),
                Map.of("pool", "general", "tier", "web"),
                List.of(
                    new EksTaint("gpu", "false", "NO_SCHEDULE"),
                    new EksTaint("spot", null, "NO_EXECUTE"))),
            true);
    ObservedNodegroup withExtra =
        copy(
            have,
            Map.of("pool", "old", "legacy", "1"),
            List.of(GPU, new EksTaint("old", "x", "NO_EXECUTE")));

    NodegroupUpdate update = NodegroupDiff.update(want, withExtra);

    assertThat(update.addOrUpdateLabels())
        .containsOnly(Map.entry("pool", "general"), Map.entry("tier", "web"));
    assertThat(update.removeLabels()).containsExactly("legacy");
    assertThat(update.addOrUpdateTaints())
        .containsExactly(
            new EksTaint("gpu", "false", "NO_SCHEDULE"), new EksTaint("spot", null, "NO_EXECUTE"));
    assertThat(update.removeTaints()).containsExactly(new EksTaint("old", "x", "NO_EXECUTE"));
    assertThat(update.scaling()).isNull();
  }

  @Test
  void updateConfigIsComparedOnlyWhenTheSpecGivesOne() {
    DesiredNodegroup none = desired(new EksScaling(1, 5, 2), true);
    assertThat(NodegroupDiff.update(none, observed()).updateConfig()).isNull();
    DesiredNodegroup pct =
        new DesiredNodegroup(
            "general",
            new EksNodegroupConfig(
                "general-1",
                "role",
                List.of("s1", "s2"),
                new EksScaling(1, 5, 2),
                List.of("m6i.large"),
                "ON_DEMAND",
                null,
                null,
                Map.of("pool", "general"),
                List.of(GPU),
                new EksUpdateConfig(null, 25),
                Map.of(),
                "t"),
            true);
    assertThat(NodegroupDiff.update(pct, observed()).updateConfig())
        .isEqualTo(new EksUpdateConfig(null, 25));
  }

  @Test
  void namesEveryFieldEksCannotChangeInPlace() {
    EksNodegroupConfig want =
        new EksNodegroupConfig(
            "general-1",
            "role",
            List.of("s3"),
            new EksScaling(1, 5, 2),
            List.of("m6i.xlarge"),
            "SPOT",
            "BOTTLEROCKET_x86_64",
            100,
            Map.of(),
            List.of(),
            null,
            Map.of(),
            "t");
    assertThat(NodegroupDiff.replacementFields(want, observed()))
        .containsExactly("instanceTypes", "capacityType", "amiType", "diskSize", "subnets");
  }

  @Test
  void subnetOrderAndEksDefaultsAreNotDifferences() {
    EksNodegroupConfig want =
        new EksNodegroupConfig(
            "general-1",
            "role",
            List.of("s2", "s1"),
            new EksScaling(1, 5, 2),
            List.of(),
            "ON_DEMAND",
            null,
            null,
            Map.of(),
            List.of(),
            null,
            Map.of(),
            "t");
    assertThat(NodegroupDiff.replacementFields(want, observed())).isEmpty();
  }

  private static DesiredNodegroup desired(EksScaling scaling, boolean pinned) {
    return new DesiredNodegroup(
        "general", config(scaling, Map.of("pool", "general"), List.of(GPU)), pinned);
  }

  private static EksNodegroupConfig config(
      EksScaling scaling, Map<String, String> labels, List<EksTaint> taints) {
    return new EksNodegroupConfig(
        "general-1",
        "role",
        List.of("s1", "s2"),
        scaling,
        List.of("m6i.large"),
        "ON_DEMAND",
        null,
        null,
        labels,
        taints,
        null,
        Map.of(),
        "t");
  }

  private static ObservedNodegroup observed() {
    return new ObservedNodegroup(
        "general-1",
        "ACTIVE",
        "1.30",
        List.of("s1", "s2"),
        new EksScaling(1, 5, 2),
        List.of("m6i.large"),
        "ON_DEMAND",
        "AL2_x86_64",
        20,
        Map.of("pool", "general"),
        List.of(GPU),
        new EksUpdateConfig(1, null),
        Map.of(),
        "");
  }

  private static ObservedNodegroup copy(
      ObservedNodegroup o, Map<String, String> labels, List<EksTaint> taints) {
    return new ObservedNodegroup(
        o.name(),
        o.status(),
        o.version(),
        o.subnetIds(),
        o.scaling(),
        o.instanceTypes(),
        o.capacityType(),
        o.amiType(),
        o.diskSize(),
        labels,
        taints,
        o.updateConfig(),
        o.tags(),
        o.health());
  }
}
