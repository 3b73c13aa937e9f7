package io.strato.testsupport;

/**
 * The Strato "process" dies here: nothing after this point of the reconcile runs. An {@link Error},
 * so no {@code catch (Exception e)} in Strato or the SDK can swallow it and carry on as a live
 * process never would.
 */
public final class SimulatedCrash extends Error {

  public SimulatedCrash(String where) {
    super("simulated crash " + where);
  }

  /** Whether {@code e} or one of its causes is a simulated crash. */
  public static boolean in(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SimulatedCrash) {
        return true;
      }
    }
    return false;
  }
}
