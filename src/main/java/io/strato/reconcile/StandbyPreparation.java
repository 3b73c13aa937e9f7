package io.strato.reconcile;

/**
 * What a standby replica does to be ready to lead. Clients and drivers are built on first use so
 * that a single replica starts fast, which leaves a new leader paying for building them on its
 * first reconcile, seconds on a loaded machine, after its predecessor died. A replica that sees
 * another one lead prepares instead while it waits.
 */
@FunctionalInterface
public interface StandbyPreparation {

  /** Prepares nothing: a replica that never stands by, or a test. */
  StandbyPreparation NONE = () -> {};

  /**
   * Starts preparing, the first time it is asked, and returns at once: it is called from lease
   * renewal loops. It must make no cloud call, since an idle standby must not act.
   */
  void prepare();
}
