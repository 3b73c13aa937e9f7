package io.strato.cloud.aws.elb;

import io.strato.cloud.aws.RecentlyUsed;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The latest read of each kind, with the moment its call was sent, shared by the reconciles the
 * engine queued before that moment ({@link io.strato.reconcile.ReadAhead}). A reconcile queued
 * after the read was sent never gets it: it reads again, and its read then serves the keys queued
 * before it. A read in flight is waited for rather than repeated. Memory only, and never a call of
 * its own: a read happens only for a reconcile that needs it. It keeps the latest read of at most a
 * capacity of kinds (the least recently used goes first), so kinds that name what they read (a set
 * of instances) cannot grow it without bound.
 *
 * @param <K> the kind of read (a subnet discovery, the account's load balancers)
 * @param <V> its immutable answer
 */
final class FreshReads<K, V> {

  private record Read<V>(long sentAt, CompletableFuture<V> answer) {}

  /** Far more than the few kinds of account-wide read (subnet discoveries, listings) there are. */
  static final int DEFAULT_CAPACITY = 64;

  private final LongSupplier clock;
  private final Map<K, Read<V>> latest;

  FreshReads(LongSupplier clock) {
    this(clock, DEFAULT_CAPACITY);
  }

  FreshReads(LongSupplier clock, int capacity) {
    this.clock = clock;
    this.latest = RecentlyUsed.map(capacity); // guarded by this
  }

  /**
   * The answer of a read of {@code kind} sent after {@code queuedAt}: one done or in flight, else,
   * when {@code mayRead}, a new one made here; empty when there is none and {@code mayRead} is
   * false. A shared read that failed is made again by each caller that waited for it.
   */
  Optional<V> get(K kind, long queuedAt, boolean mayRead, Function<K, V> read) {
    Read<V> found;
    boolean mine = false;
    synchronized (this) {
      found = latest.get(kind);
      if (found == null || found.sentAt() <= queuedAt) {
        if (!mayRead) {
          return Optional.empty();
        }
        // Timed before the call is sent, so the answer is at least as new as sentAt.
        found = new Read<>(clock.getAsLong(), new CompletableFuture<>());
        latest.put(kind, found);
        mine = true;
      }
    }
    if (mine) {
      try {
        V value = read.apply(kind);
        found.answer().complete(value);
        return Optional.of(value);
      } catch (RuntimeException | Error e) {
        found.answer().completeExceptionally(e);
        synchronized (this) {
          latest.remove(kind, found);
        }
        throw e;
      }
    }
    try {
      return Optional.of(found.answer().join());
    } catch (CompletionException failed) {
      return Optional.of(read.apply(kind));
    }
  }
}
