package io.strato.cloud.aws;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Which command starts the local emulator: moto_server with the one moto bug that Strato meets
 * fixed in place. moto 5.2 keeps the user data of a version made by CreateLaunchTemplateVersion as
 * a plain string where its Auto Scaling code asserts an encoded one, so any launch from a launch
 * template's second version (a rollout, a scale-out after an upgrade) answers 500. The launcher
 * wraps that value the way moto's own CreateLaunchTemplate does, then runs moto_server's own entry
 * point; nothing else changes. Used by the local default and by the tests' moto, so both run the
 * same emulator.
 */
public final class MotoLauncher {

  private static final Logger LOG = Logger.getLogger(MotoLauncher.class);

  /** What starts moto when the patched launcher cannot. */
  static final String PLAIN = "moto_server";

  private static final String SCRIPT =
      """
      #!/usr/bin/env python3
      import sys
      from moto.core.types import Base64EncodedString
      from moto.ec2.models import launch_templates
      from moto.server import main

      _user_data = launch_templates.LaunchTemplateVersion.user_data.fget

      def user_data(self):
          value = self.data.get("UserData")
          if isinstance(value, str):
              self.data["UserData"] = Base64EncodedString(value)
          return _user_data(self)

      launch_templates.LaunchTemplateVersion.user_data = property(user_data)

      # --probe: the imports above worked with this python, so the launcher can serve.
      if sys.argv[1:] == ["--probe"]:
          sys.exit(0)
      sys.exit(main())
      """;

  // A cold moto import on a loaded machine takes seconds; this bounds a hung interpreter.
  private static final long PROBE_SECONDS = 60;

  /**
   * The probe's answer, once per process: it depends only on the python on PATH, and the tests
   * start several emulators, each of which would otherwise pay seconds for the same answer.
   */
  private static Optional<String> probed;

  private MotoLauncher() {}

  /**
   * The command to start moto with: {@code configured} when given (it always wins), else the
   * patched launcher written into {@code dir}, else, when that launcher's python cannot import moto
   * (moto installed for another interpreter, e.g. with pipx), plain {@code moto_server} with a
   * warning.
   */
  public static String command(Optional<String> configured, Path dir) {
    if (configured.isPresent()) {
      return configured.get();
    }
    Path launcher = write(dir);
    Optional<String> failure = probeOnce(launcher);
    if (failure.isEmpty()) {
      return launcher.toString();
    }
    LOG.warnf(
        "The patched moto launcher cannot run here (%s); starting plain %s instead. On it, a"
            + " launch from a launch template's second version answers 500 (a moto 5.2 bug), so"
            + " rollouts of self-managed and ECS clusters (a version, image or instance type"
            + " change) fail on this emulator. Install moto for python3 on PATH (pip install"
            + " 'moto[server]') to fix it.",
        failure.get(), PLAIN);
    return PLAIN;
  }

  private static Path write(Path dir) {
    try {
      Files.createDirectories(dir);
      Path launcher = dir.resolve("moto_server_patched");
      Files.writeString(launcher, SCRIPT);
      Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwx------"));
      return launcher;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static synchronized Optional<String> probeOnce(Path launcher) {
    if (probed == null) {
      probed = probe(launcher);
    }
    return probed;
  }

  /** Empty when the launcher imports moto and patches it; else why not. */
  private static Optional<String> probe(Path launcher) {
    try {
      Process p =
          new ProcessBuilder(launcher.toString(), "--probe")
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!p.waitFor(PROBE_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return Optional.of("it did not finish importing moto within " + PROBE_SECONDS + " s");
      }
      return p.exitValue() == 0
          ? Optional.empty()
          : Optional.of("python3 on PATH cannot import moto; exit status " + p.exitValue());
    } catch (IOException e) {
      return Optional.of("python3 cannot be started: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of("interrupted");
    }
  }
}
