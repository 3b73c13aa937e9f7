package io.strato.controller;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Writes Events on one thread of its own, in the order they were recorded, so that a reconcile
 * never waits for the API server to store an Event: client-go's recorder does the same (it hands
 * each Event to its broadcaster, whose goroutine writes them). A Service create waited for two
 * Event writes on its worker, a third of its Kubernetes round trips. Events stay best-effort, as
 * client-go's: when {@value #CAPACITY} wait (an API server that stopped answering), a new one is
 * logged and dropped instead of holding a worker or growing the heap.
 */
public final class EventWriter implements Executor, AutoCloseable {

  /** client-go's {@code maxQueuedEvents}. */
  static final int CAPACITY = 1000;

  private static final Logger LOG = Logger.getLogger(EventWriter.class);

  private final ThreadPoolExecutor writer;

  public EventWriter(String name) {
    this(name, CAPACITY);
  }

  EventWriter(String name, int capacity) {
    this.writer =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(capacity),
            r -> {
              Thread t = new Thread(r, name);
              t.setDaemon(true);
              return t;
            },
            (r, pool) -> {
              if (!pool.isShutdown()) {
                LOG.warnf("%s: %d events wait to be written, dropping one", name, capacity);
              }
            });
  }

  @Override
  public void execute(Runnable write) {
    writer.execute(write);
  }

  /**
   * Writes what is queued (for at most 2 s: the replica is stepping down, and the next leader
   * records its own), then stops; an Event recorded after this is dropped.
   */
  @Override
  public void close() {
    writer.shutdown();
    try {
      if (!writer.awaitTermination(2, TimeUnit.SECONDS)) {
        writer.shutdownNow();
      }
    } catch (InterruptedException e) {
      writer.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
