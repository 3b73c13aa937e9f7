package io.strato.cloud.aws.cluster.ecs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EcsUserDataTest {

  private static final String JOIN = "echo ECS_CLUSTER=strato-shop-1 >> /etc/ecs/ecs.config\n";

  @Test
  void withoutUserDataTheInstanceOnlyJoinsTheCluster() {
    assertThat(EcsUserData.merged("strato-shop-1", null)).isEqualTo("#!/bin/bash\n" + JOIN);
  }

  @Test
  void aUserScriptGetsTheClusterLineFirst() {
    assertThat(EcsUserData.merged("strato-shop-1", "#!/bin/bash\nyum install -y htop\nexit 0\n"))
        .isEqualTo("#!/bin/bash\n" + JOIN + "yum install -y htop\nexit 0\n");
    assertThat(EcsUserData.merged("strato-shop-1", "#!/bin/sh")).isEqualTo("#!/bin/sh\n" + JOIN);
  }

  @Test
  void aScriptThatSetsTheClusterItselfIsLeftAlone() {
    String own = "#!/bin/bash\necho ECS_CLUSTER=other >> /etc/ecs/ecs.config\n";
    assertThat(EcsUserData.merged("strato-shop-1", own)).isEqualTo(own);
  }

  @Test
  void cloudConfigBecomesTheSecondPartOfAMultiPartArchive() {
    String own = "#cloud-config\npackages:\n  - htop\n";
    String merged = EcsUserData.merged("strato-shop-1", own);
    assertThat(merged)
        .startsWith("Content-Type: multipart/mixed; boundary=\"==STRATO-ECS==\"\n")
        .contains("Content-Type: text/x-shellscript; charset=\"us-ascii\"\n\n#!/bin/bash\n" + JOIN)
        .contains("Content-Type: text/cloud-config; charset=\"us-ascii\"\n\n" + own)
        .endsWith("--==STRATO-ECS==--\n");
    assertThat(merged.indexOf(JOIN)).isLessThan(merged.indexOf("#cloud-config"));
  }

  @Test
  void aMultiPartArchiveGetsTheClusterScriptAsItsFirstPart() {
    String own =
        "Content-Type: multipart/mixed; boundary=\"XYZ\"\nMIME-Version: 1.0\n\n"
            + "--XYZ\nContent-Type: text/cloud-config\n\npackages: [htop]\n--XYZ--\n";
    String merged = EcsUserData.merged("strato-shop-1", own);
    assertThat(merged)
        .startsWith("Content-Type: multipart/mixed; boundary=\"XYZ\"\nMIME-Version: 1.0\n\n--XYZ\n")
        .contains("text/x-shellscript; charset=\"us-ascii\"\n\n#!/bin/bash\n" + JOIN + "\n--XYZ\n")
        .endsWith("--XYZ\nContent-Type: text/cloud-config\n\npackages: [htop]\n--XYZ--\n");
  }
}
