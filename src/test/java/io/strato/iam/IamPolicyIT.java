package io.strato.iam;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Every AWS action the test suite made Strato call is granted by {@code
 * providers/aws/iam-policy.json}. Runs in failsafe's integration-test phase, after surefire wrote
 * {@code target/aws-actions.txt}. Granted actions no test called are printed as a warning, not a
 * failure: some (the route and instance calls, RunInstances that Auto Scaling checks) are not
 * exercised by every build.
 */
class IamPolicyIT {

  static final Path POLICY = Path.of("providers", "aws", "iam-policy.json");

  @Test
  void everyActionTheTestsCalledIsGrantedByTheShippedPolicy() throws IOException {
    Path recorded = CalledActionsWriter.file();
    assertThat(recorded)
        .as(
            "surefire writes %s at the end of the unit and integration tests; run ./mvnw verify",
            recorded)
        .exists();
    List<String> calls =
        Files.readAllLines(recorded).stream().map(String::trim).filter(l -> !l.isEmpty()).toList();
    // A hard failure, not a skip: an empty record means the recording broke, and a skipped check
    // would let a policy that lacks an action pass unseen.
    assertThat(calls)
        .as(
            "no AWS call was recorded: the tests' call metrics must carry the"
                + " testsupport.CalledActions observer (MotoServer, CalledActionsObserver)")
        .isNotEmpty();

    Path base = Path.of(System.getProperty("basedir", "."));
    IamPolicy policy = IamPolicy.read(base.resolve(POLICY));
    ImpliedActions implied = ImpliedActions.read(base.resolve(ImpliedActions.FILE));
    SortedSet<String> called = new TreeSet<>();
    calls.forEach(c -> called.add(IamActions.of(c)));
    SortedSet<String> required = implied.withImplied(called);
    List<String> missing = required.stream().filter(a -> !policy.grants(a)).toList();

    SortedSet<String> unused = new TreeSet<>(policy.allowedActions());
    unused.removeIf(granted -> required.stream().anyMatch(a -> IamPolicy.matches(granted, a)));
    System.out.printf(
        "IAM check: %d actions called by the tests and %d that AWS checks on their behalf,"
            + " all checked against %s%n",
        called.size(), required.size() - called.size(), POLICY);
    if (!unused.isEmpty()) {
      System.out.println(
          "WARNING: granted but never called by a test: " + String.join(", ", unused));
    }
    assertThat(missing)
        .as(
            "actions the tests called (or that AWS checks for them, per %s) that %s does not grant",
            ImpliedActions.FILE, POLICY)
        .isEmpty();
  }
}
