package io.strato.cloud.aws.asg;

/** The Strato process "dies" here: nothing after this point of the reconcile runs. */
final class SimulatedCrash extends RuntimeException {

  SimulatedCrash(String where) {
    super("simulated crash " + where);
  }

  /** Whether {@code e} or one of its causes is a simulated crash. */
  static boolean in(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SimulatedCrash) {
        return true;
      }
    }
    return false;
  }
}
