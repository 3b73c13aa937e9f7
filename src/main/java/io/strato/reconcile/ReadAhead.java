package io.strato.reconcile;

import java.util.Optional;

/**
 * What the engine tells the reconcile running on this thread about the queue, so that a provider
 * may answer it from a read it shared with the keys queued behind it: when this reconcile's key
 * entered the queue, and how many keys wait behind it. Provider-neutral (times and counts only); a
 * provider may serve this reconcile from a read only if that read was sent after {@code
 * queuedAtNanos}, so no reconcile acts on a read older than its own request.
 *
 * @param queuedAtNanos {@link System#nanoTime()} when the key last entered the queue (after the
 *     previous reconcile of it had ended)
 * @param othersQueued keys waiting to be taken when this one was taken
 */
public record ReadAhead(long queuedAtNanos, int othersQueued) {

  private static final ThreadLocal<ReadAhead> CURRENT = new ThreadLocal<>();

  /** The reconcile this thread runs for the engine now; empty outside a worker's reconcile. */
  public static Optional<ReadAhead> current() {
    return Optional.ofNullable(CURRENT.get());
  }

  static void begin(ReadAhead readAhead) {
    CURRENT.set(readAhead);
  }

  static void end() {
    CURRENT.remove();
  }
}
