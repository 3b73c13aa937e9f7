package io.strato.reconcile;

import java.time.Duration;
import java.util.Optional;

/**
 * What a reconcile asks of the engine when it returns normally: nothing more, or another look after
 * a delay ("not ready yet" means "look again in 10 seconds", never a sleep in the worker).
 */
public record Result(Duration requeueAfter) {

  private static final Result DONE = new Result(null);

  public static Result done() {
    return DONE;
  }

  public static Result after(Duration delay) {
    return new Result(delay);
  }

  public Optional<Duration> requeue() {
    return Optional.ofNullable(requeueAfter);
  }
}
