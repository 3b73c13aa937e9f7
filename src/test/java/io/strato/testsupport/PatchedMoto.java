package io.strato.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * moto_server with its one bug that Strato's tests meet fixed in place: moto 5.2 keeps the user
 * data of a version made by CreateLaunchTemplateVersion as a plain string where its Auto Scaling
 * code asserts an encoded one, so any launch from a launch template's second version (a rollout, a
 * scale-out after an upgrade) answers 500. The launcher wraps that value the way moto's own
 * CreateLaunchTemplate does, then runs moto_server's own entry point; nothing else changes. {@code
 * MOTO_SERVER} still overrides the command.
 */
final class PatchedMoto {

  private static final String LAUNCHER =
      """
      #!/usr/bin/env python3
      import sys
      from moto.core.types import Base64EncodedString
      from moto.ec2.models import launch_templates

      _user_data = launch_templates.LaunchTemplateVersion.user_data.fget

      def user_data(self):
          value = self.data.get("UserData")
          if isinstance(value, str):
              self.data["UserData"] = Base64EncodedString(value)
          return _user_data(self)

      launch_templates.LaunchTemplateVersion.user_data = property(user_data)

      from moto.server import main
      sys.exit(main())
      """;

  private PatchedMoto() {}

  /**
   * The command to start moto with: {@code MOTO_SERVER}, or the patched launcher in {@code dir}.
   */
  static String command(Path dir) {
    String configured = System.getenv("MOTO_SERVER");
    if (configured != null) {
      return configured;
    }
    try {
      Path launcher = dir.resolve("moto_server_patched");
      Files.writeString(launcher, LAUNCHER);
      Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwx------"));
      return launcher.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
