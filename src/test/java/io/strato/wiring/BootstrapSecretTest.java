package io.strato.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bootstrap key file: created owner-only, refused when its group or others may use it. */
class BootstrapSecretTest {

  @TempDir Path dir;

  @Test
  void anAbsentKeyIsCreatedReadableByItsOwnerOnly() throws Exception {
    Path file = dir.resolve("bootstrap.key");
    assertThat(BootstrapSecret.load(file)).hasSize(BootstrapSecret.LENGTH);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(BootstrapSecret.load(file)).isEqualTo(Files.readAllBytes(file));
  }

  @Test
  void aKeyTheGroupOrOthersMayReadIsRefusedWithTheFix() throws Exception {
    for (String mode : new String[] {"rw-r--r--", "rw-r-----", "rw----r--", "rw--w----"}) {
      Path file = dir.resolve("exposed-" + mode + ".key");
      Files.write(file, new byte[BootstrapSecret.LENGTH]);
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
      assertThatThrownBy(() -> BootstrapSecret.load(file))
          .as(mode)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining(file.toAbsolutePath().toString())
          .hasMessageContaining("chmod 600");
    }
  }

  @Test
  void anOwnerOnlyKeyIsRead() throws Exception {
    Path file = dir.resolve("owner.key");
    Files.write(file, new byte[BootstrapSecret.LENGTH]);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--------"));
    assertThat(BootstrapSecret.load(file)).hasSize(BootstrapSecret.LENGTH);
  }
}
