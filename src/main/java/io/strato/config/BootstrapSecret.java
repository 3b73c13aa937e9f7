package io.strato.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;

/**
 * The key file behind self-managed clusters' bootstrap tokens: read when present, otherwise created
 * once with 32 random bytes, readable by its owner only. Its content is never logged.
 */
final class BootstrapSecret {

  static final int LENGTH = 32;

  private BootstrapSecret() {}

  static byte[] load(Path file) {
    try {
      if (!Files.exists(file)) {
        create(file);
      }
      byte[] key = Files.readAllBytes(file);
      if (key.length < LENGTH) {
        throw new IllegalStateException(
            file + " holds " + key.length + " bytes; a bootstrap key needs " + LENGTH);
      }
      return key;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the bootstrap key " + file, e);
    }
  }

  private static void create(Path file) throws IOException {
    byte[] key = new byte[LENGTH];
    new SecureRandom().nextBytes(key);
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, ".bootstrap", ".tmp");
    try {
      try {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException notPosix) {
        // best effort on file systems without POSIX permissions
      }
      Files.write(tmp, key, StandardOpenOption.TRUNCATE_EXISTING);
      // A second process racing us keeps the first key written: never replace one in use.
      Files.createLink(file, tmp);
    } catch (FileAlreadyExistsException raced) {
      // the other process won; its key is the one to use
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
