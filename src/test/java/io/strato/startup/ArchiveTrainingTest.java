package io.strato.startup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ArchiveTrainingTest {

  @Test
  void theTrainingStoreIsRemovedWholeDirectoriesFirst() throws Exception {
    Path dir = Files.createTempDirectory("strato-aot-training-");
    Files.createDirectories(dir.resolve("data"));
    Files.writeString(dir.resolve("data").resolve("strato.mv.db"), "store");

    ArchiveTraining.removeTree(dir);

    assertThat(dir).doesNotExist();
    ArchiveTraining.removeTree(dir); // already gone: nothing to do, no failure
  }
}
