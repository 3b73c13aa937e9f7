package io.strato.reconcile;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A per-key work queue with the semantics of client-go's: a key is queued at most once however
 * often it is added; a key being processed is never handed to a second worker, and if it is added
 * meanwhile it is queued again when the first worker is done. Delayed adds are timers on a shared
 * scheduler, so no worker ever sleeps.
 *
 * <p>It records when each queued key entered the queue and hands that, with how many keys wait
 * behind it, to the thread that takes the key ({@link ReadAhead}) until it is done: a provider may
 * then answer the keys queued together with one read sent after they were all queued.
 */
public final class WorkQueue<K> {

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition available = lock.newCondition();
  private final ArrayDeque<K> queue = new ArrayDeque<>();
  private final Set<K> dirty = new HashSet<>();
  private final Set<K> processing = new HashSet<>();
  private final Map<K, Delayed> delayed = new HashMap<>();
  private final Map<K, Integer> failures = new HashMap<>();

  /** When each key in {@link #queue} entered it (or was last added again while waiting there). */
  private final Map<K, Long> queuedAt = new HashMap<>();

  private final ScheduledExecutorService scheduler;
  private final Backoff backoff;
  private boolean shutdown;

  private record Delayed(long dueNanos, ScheduledFuture<?> timer) {}

  public WorkQueue(ScheduledExecutorService scheduler, Backoff backoff) {
    this.scheduler = scheduler;
    this.backoff = backoff;
  }

  /** Queues the key now. A pending delayed add of it becomes redundant and is cancelled. */
  public void add(K key) {
    lock.lock();
    try {
      if (shutdown) {
        return;
      }
      Delayed pending = delayed.remove(key);
      if (pending != null) {
        pending.timer().cancel(false);
      }
      if (!dirty.add(key)) {
        // Already waiting: this add is a newer request, so no read before it may serve the key.
        queuedAt.replace(key, System.nanoTime());
        return;
      }
      if (!processing.contains(key)) {
        enqueue(key);
      }
    } finally {
      lock.unlock();
    }
  }

  /** Queues the key after a delay; of several pending delays for one key the earliest wins. */
  public void addAfter(K key, Duration delay) {
    if (delay.isZero() || delay.isNegative()) {
      add(key);
      return;
    }
    long due = System.nanoTime() + delay.toNanos();
    lock.lock();
    try {
      if (shutdown) {
        return;
      }
      Delayed pending = delayed.get(key);
      if (pending != null) {
        if (pending.dueNanos() <= due) {
          return;
        }
        pending.timer().cancel(false);
      }
      ScheduledFuture<?> timer =
          scheduler.schedule(() -> fire(key, due), delay.toNanos(), TimeUnit.NANOSECONDS);
      delayed.put(key, new Delayed(due, timer));
    } finally {
      lock.unlock();
    }
  }

  private void fire(K key, long due) {
    lock.lock();
    try {
      Delayed pending = delayed.get(key);
      if (pending == null || pending.dueNanos() != due) {
        return;
      }
      delayed.remove(key);
    } finally {
      lock.unlock();
    }
    add(key);
  }

  /** Queues the key after the backoff for its consecutive failures, and counts this failure. */
  public Duration addRateLimited(K key) {
    int n;
    lock.lock();
    try {
      n = failures.merge(key, 1, Integer::sum);
    } finally {
      lock.unlock();
    }
    Duration delay = backoff.delay(n);
    addAfter(key, delay);
    return delay;
  }

  /** The backoff the next failure of this key would get, counting it as a failure. */
  public Duration nextBackoff(K key) {
    lock.lock();
    try {
      return backoff.delay(failures.merge(key, 1, Integer::sum));
    } finally {
      lock.unlock();
    }
  }

  /** Resets the key's failure count after a success. */
  public void forget(K key) {
    lock.lock();
    try {
      failures.remove(key);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Takes the next key, waiting for one; the caller must call {@link #done(Object)} after. Returns
   * null once the queue is shut down.
   */
  public K take() throws InterruptedException {
    lock.lock();
    try {
      while (queue.isEmpty() && !shutdown) {
        available.await();
      }
      if (shutdown) {
        return null;
      }
      K key = queue.pollFirst();
      dirty.remove(key);
      processing.add(key);
      ReadAhead.begin(new ReadAhead(queuedAt.remove(key), queue.size()));
      return key;
    } finally {
      lock.unlock();
    }
  }

  /** Marks the key processed; if it was added meanwhile it is queued again now. */
  public void done(K key) {
    ReadAhead.end();
    lock.lock();
    try {
      processing.remove(key);
      if (dirty.contains(key) && !shutdown) {
        // Queued now, not when it was added: a read sent while its last reconcile ran may not
        // show what that reconcile did.
        enqueue(key);
      }
    } finally {
      lock.unlock();
    }
  }

  private void enqueue(K key) {
    queue.addLast(key);
    queuedAt.put(key, System.nanoTime());
    available.signal();
  }

  /** When the waiting key entered the queue (nanoTime), for tests; null when it is not waiting. */
  Long queuedAt(K key) {
    lock.lock();
    try {
      return queuedAt.get(key);
    } finally {
      lock.unlock();
    }
  }

  /** Keys waiting to be processed now (not those processing or delayed). */
  public int depth() {
    lock.lock();
    try {
      return queue.size();
    } finally {
      lock.unlock();
    }
  }

  /** Keys with a delayed add pending. */
  public int delayedCount() {
    lock.lock();
    try {
      return delayed.size();
    } finally {
      lock.unlock();
    }
  }

  public void shutdown() {
    lock.lock();
    try {
      shutdown = true;
      delayed.values().forEach(d -> d.timer().cancel(false));
      delayed.clear();
      available.signalAll();
    } finally {
      lock.unlock();
    }
  }
}
