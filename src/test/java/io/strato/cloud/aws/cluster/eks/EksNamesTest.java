package io.strato.cloud.aws.cluster.eks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EksNamesTest {

  @Test
  void clusterNameIsStableAndDiffersPerUid() {
    String name = EksNames.cluster("prod", "uid-1");
    assertThat(name).matches("strato-prod-[0-9a-f]{8}");
    assertThat(EksNames.cluster("prod", "uid-1")).isEqualTo(name);
    assertThat(EksNames.cluster("prod", "uid-2")).isNotEqualTo(name);
  }

  @Test
  void longNamesAreCutToEksLimitsAndKeepItsCharacters() {
    String cluster = EksNames.cluster("a".repeat(150) + ".x", "uid");
    assertThat(cluster).hasSize(100).matches("[0-9A-Za-z][A-Za-z0-9_-]*");
    String group = EksNames.nodegroup("uid", "b".repeat(80));
    assertThat(group).hasSize(63).matches("[0-9A-Za-z][A-Za-z0-9_-]*");
    assertThat(EksNames.cluster("team.prod", "uid")).startsWith("strato-team-prod-");
  }

  @Test
  void nodegroupNameDependsOnClusterUidAndGroup() {
    assertThat(EksNames.nodegroup("uid", "general")).matches("general-[0-9a-f]{8}");
    assertThat(EksNames.nodegroup("uid", "general"))
        .isNotEqualTo(EksNames.nodegroup("other", "general"))
        .isNotEqualTo(EksNames.nodegroup("uid", "batch"));
  }

  @Test
  void tokensRepeatForTheSameRequestOnly() {
    assertThat(EksNames.token("uid", "a")).isEqualTo(EksNames.token("uid", "a"));
    assertThat(EksNames.token("uid", "a")).isNotEqualTo(EksNames.token("uid", "b"));
    assertThat(EksNames.token("ab", "c")).isNotEqualTo(EksNames.token("a", "bc"));
    assertThat(EksNames.token("uid", "a")).hasSizeLessThanOrEqualTo(64);
  }
}
