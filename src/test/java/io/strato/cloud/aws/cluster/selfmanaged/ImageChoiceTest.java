package io.strato.cloud.aws.cluster.selfmanaged;

import static org.assertj.core.api.Assertions.assertThat;

import io.strato.cloud.cluster.NodeBootstrap;
import io.strato.cloud.image.MachineImage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which images fit which bootstrap choice, from their names and tags alone. No cloud. */
class ImageChoiceTest {

  private static final MachineImage IMAGE_BUILDER =
      new MachineImage(
          "ami-1",
          "capa-ami-ubuntu-24.04-v1.33.2-1733300000",
          Map.of("kubernetes_version", "v1.33.2", "distribution", "ubuntu"));
  private static final MachineImage STOCK =
      new MachineImage(
          "ami-2", "ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server", Map.of());
  private static final MachineImage TAGGED_ONLY =
      new MachineImage("ami-3", "golden-2026-11", Map.of("kubernetes_version", "1.31.4"));

  private static List<String> doubts(NodeBootstrap b, String version, MachineImage... images) {
    Map<String, MachineImage> found = new java.util.TreeMap<>();
    for (MachineImage i : images) {
      found.put(i.id(), i);
    }
    return ImageChoice.doubts(b, version, found.keySet(), found);
  }

  @Test
  void anImageBuilderImageOfTheClustersMinorFitsPreinstalled() {
    assertThat(doubts(NodeBootstrap.PREINSTALLED, "1.33", IMAGE_BUILDER)).isEmpty();
    assertThat(doubts(NodeBootstrap.PREINSTALLED, "1.33.2", IMAGE_BUILDER)).isEmpty();
  }

  @Test
  void anImageBuiltForAnotherMinorIsDoubtful() {
    assertThat(doubts(NodeBootstrap.PREINSTALLED, "1.34", IMAGE_BUILDER))
        .singleElement()
        .asString()
        .contains("ami-1", "built for Kubernetes 1.33", "the cluster runs 1.34");
    assertThat(doubts(NodeBootstrap.PREINSTALLED, "1.33", TAGGED_ONLY))
        .singleElement()
        .asString()
        .contains("built for Kubernetes 1.31");
  }

  @Test
  void aStockImageIsDoubtfulForPreinstalledAndFineForInstall() {
    assertThat(doubts(NodeBootstrap.PREINSTALLED, "1.33", STOCK))
        .singleElement()
        .asString()
        .contains("ami-2", "does not look like", "selfManaged.bootstrap: install");
    assertThat(doubts(NodeBootstrap.INSTALL, "1.33", STOCK)).isEmpty();
  }

  @Test
  void anImageTheAccountCannotSeeIsNamed() {
    assertThat(
            ImageChoice.doubts(NodeBootstrap.INSTALL, "1.33", List.of("ami-9", "ami-9"), Map.of()))
        .containsExactly("ami-9 is not an image this account can launch in the region");
  }
}
