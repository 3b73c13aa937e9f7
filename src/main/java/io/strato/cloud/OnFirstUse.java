package io.strato.cloud;

import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A value built by its first caller and shared by every caller after it: the AWS service clients
 * and the cluster drivers, whose building costs seconds of class loading on two cores that most
 * deployments never need. {@link #close} closes the value only if it was built; asking after close
 * fails instead of building a value nobody would close.
 */
public final class OnFirstUse<T> {

  private final Supplier<T> build;
  private volatile T value;
  private boolean closed;

  public OnFirstUse(Supplier<T> build) {
    this.build = build;
  }

  public T get() {
    T v = value;
    if (v != null) {
      return v;
    }
    synchronized (this) {
      if (closed) {
        throw new IllegalStateException("closed before its first use");
      }
      if (value == null) {
        value = build.get();
      }
      return value;
    }
  }

  public boolean built() {
    return value != null;
  }

  /** Marks it closed and hands the value, if one was built, to {@code close}. */
  public synchronized void close(Consumer<? super T> close) {
    closed = true;
    if (value != null) {
      close.accept(value);
    }
  }
}
