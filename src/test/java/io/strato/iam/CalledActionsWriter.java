package io.strato.iam;

import io.strato.testsupport.CalledActions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Writes the AWS calls Strato made during the test run to {@code target/aws-actions.txt}, one
 * {@code Service:Operation} a line, when the JUnit session ends. A listener cannot fail the build,
 * so {@code IamPolicyIT} reads the file afterwards (failsafe, after surefire) and judges it.
 * Registered through {@code META-INF/services}.
 */
public final class CalledActionsWriter implements LauncherSessionListener {

  static final String FILE = "aws-actions.txt";

  @Override
  public void launcherSessionClosed(LauncherSession session) {
    List<String> lines = new ArrayList<>(CalledActions.snapshot());
    if (lines.isEmpty()) {
      // failsafe's own session (IamPolicyIT calls no AWS) must not clobber surefire's record
      return;
    }
    try {
      Path file = file();
      Files.createDirectories(file.getParent());
      Files.write(file, lines);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code target/aws-actions.txt} under the module's base directory. */
  static Path file() {
    String base = System.getProperty("basedir", System.getProperty("user.dir"));
    return Path.of(base, "target", FILE);
  }
}
