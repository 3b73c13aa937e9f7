package io.strato.wiring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.Set;

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
      refuseIfExposed(file);
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

  /**
   * Refuses a key file that its group or anyone else may read or write: whoever reads it can derive
   * every self-managed cluster's join token and certificate key, and whoever writes it chooses
   * them. Absent is fine (it is created owner-only); a file system without POSIX permissions cannot
   * be checked and is let through.
   */
  static void refuseIfExposed(Path file) {
    if (!Files.exists(file)) {
      return;
    }
    Set<PosixFilePermission> perms;
    try {
      perms = Files.getPosixFilePermissions(file);
    } catch (UnsupportedOperationException notPosix) {
      return;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the permissions of the bootstrap key " + file, e);
    }
    Set<PosixFilePermission> exposed = EnumSet.copyOf(perms);
    exposed.retainAll(GROUP_OR_OTHERS);
    if (!exposed.isEmpty()) {
      throw new IllegalStateException(
          "the bootstrap key "
              + file.toAbsolutePath()
              + " is "
              + PosixFilePermissions.toString(perms)
              + ": its group or others may use it, and with it derive every self-managed"
              + " cluster's join secrets. Fix: chmod 600 "
              + file.toAbsolutePath()
              + " (owned by the user Strato runs as)");
    }
  }

  private static final Set<PosixFilePermission> GROUP_OR_OTHERS =
      EnumSet.of(
          PosixFilePermission.GROUP_READ,
          PosixFilePermission.GROUP_WRITE,
          PosixFilePermission.GROUP_EXECUTE,
          PosixFilePermission.OTHERS_READ,
          PosixFilePermission.OTHERS_WRITE,
          PosixFilePermission.OTHERS_EXECUTE);

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
