package io.strato.cloud.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class EksAmiTypesTest {

  @Test
  void gravitonFamiliesCarryAGAfterTheGeneration() {
    for (String arm :
        List.of(
            "m7g.large",
            "c6gn.xlarge",
            "x2gd.medium",
            "is4gen.large",
            "g5g.xlarge",
            "t4g.micro",
            "a1.large",
            "r8gd.large")) {
      assertThat(EksAmiTypes.graviton(arm)).as(arm).isTrue();
    }
    for (String x86 :
        List.of(
            "m6i.large",
            "g5.xlarge",
            "g4dn.xlarge",
            "c7i-flex.large",
            "m5zn.large",
            "p4d.24xlarge",
            "inf2.xlarge")) {
      assertThat(EksAmiTypes.graviton(x86)).as(x86).isFalse();
    }
  }

  @Test
  void theDefaultFollowsTheArchitectureAndAPinnedTypeWins() {
    assertThat(EksAmiTypes.forCreate(null, List.of("m7g.large", "c7g.large")))
        .isEqualTo(EksAmiTypes.AL2023_ARM);
    assertThat(EksAmiTypes.forCreate(null, List.of("m6i.large"))).isEqualTo(EksAmiTypes.AL2023_X86);
    assertThat(EksAmiTypes.forCreate(null, List.of())).isEqualTo(EksAmiTypes.AL2023_X86);
    assertThat(EksAmiTypes.forCreate("BOTTLEROCKET_x86_64", List.of("m6i.large")))
        .isEqualTo("BOTTLEROCKET_x86_64");
    assertThat(EksAmiTypes.mixedArchitectures(List.of("m6i.large", "m7g.large"))).isPresent();
  }
}
