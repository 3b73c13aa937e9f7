package io.strato.cloud.aws.elb;

import io.strato.cloud.CloudException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

/**
 * Coalesces one kind of read across concurrent reconciles (the DataLoader pattern, driven by what
 * is in flight rather than by a timer). A request that finds no call of its kind in flight goes out
 * at once, alone, so a single resource is never slowed. Requests that arrive while a call is in
 * flight queue up and go out together, in one call of up to {@code maxKeys} keys, as soon as the
 * call in flight returns; the first of them makes it, on its own thread.
 *
 * <p>Each caller gets the answers for its own keys only (a key missing from the answer is absent
 * for that caller). AWS fails a whole ELBv2 describe when one named resource is missing, so when a
 * call of several requests fails with {@link CloudException.NotFound}, each request is made again
 * alone: one caller's missing load balancer never fails another caller, and the caller whose
 * resource is missing sees the same NotFound it would have seen calling alone. Any other failure
 * (throttled, transient) reaches every caller of the call, as it would have reached each of them.
 *
 * @param <K> a key (an ARN, a name)
 * @param <V> the immutable answer for one key
 */
final class InFlightBatches<K, V> {

  /** One caller's keys and, once answered, its answers or failure. */
  private static final class Request<K, V> {
    final Set<K> keys;
    final CompletableFuture<Map<K, V>> answer = new CompletableFuture<>();

    /** Completed when this request is to make the next call itself. */
    final CompletableFuture<Void> lead = new CompletableFuture<>();

    Request(Collection<K> keys) {
      this.keys = new LinkedHashSet<>(keys);
    }
  }

  private final int maxKeys;
  private final Function<List<K>, Map<K, V>> call;
  private final ArrayDeque<Request<K, V>> queued = new ArrayDeque<>();
  private boolean inFlight;

  /**
   * @param maxKeys the most keys one call takes (a single request with more is passed whole, and
   *     {@code call} splits it)
   * @param call one AWS call for these distinct keys: their answers, absent keys left out
   */
  InFlightBatches(int maxKeys, Function<List<K>, Map<K, V>> call) {
    if (maxKeys < 1) {
      throw new IllegalArgumentException("maxKeys must be at least 1");
    }
    this.maxKeys = maxKeys;
    this.call = call;
  }

  /** The answers for {@code keys} that exist, from a call this request may share. */
  Map<K, V> get(Collection<K> keys) {
    if (keys.isEmpty()) {
      return Map.of();
    }
    Request<K, V> mine = new Request<>(keys);
    boolean leadNow;
    synchronized (this) {
      queued.add(mine);
      leadNow = !inFlight;
      inFlight = true;
    }
    if (!leadNow) {
      // Either another caller answers this request, or the call in flight returned and this
      // request heads the queue: then it makes the next call.
      // (A failure is read from the answer below, not here.)
      CompletableFuture.anyOf(mine.answer, mine.lead).exceptionally(failed -> null).join();
    }
    if (!mine.answer.isDone()) {
      callFor(takeBatch());
    }
    try {
      return mine.answer.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a shared call", e);
    } catch (ExecutionException e) {
      throw rethrown(e.getCause());
    }
  }

  /** How many requests wait for a call (for tests that line callers up). */
  synchronized int queued() {
    return queued.size();
  }

  /** The requests at the head of the queue whose keys together fit in one call. */
  private synchronized List<Request<K, V>> takeBatch() {
    List<Request<K, V>> batch = new ArrayList<>();
    Set<K> keys = new LinkedHashSet<>();
    while (!queued.isEmpty()) {
      Request<K, V> next = queued.peek();
      Set<K> union = new LinkedHashSet<>(keys);
      union.addAll(next.keys);
      if (!batch.isEmpty() && union.size() > maxKeys) {
        break;
      }
      batch.add(queued.poll());
      keys = union;
    }
    return batch;
  }

  /** Makes the call for a batch, answers each request, then hands the next call on. */
  private void callFor(List<Request<K, V>> batch) {
    try {
      Set<K> keys = new LinkedHashSet<>();
      batch.forEach(r -> keys.addAll(r.keys));
      Map<K, V> answers;
      try {
        answers = call.apply(List.copyOf(keys));
      } catch (CloudException.NotFound missing) {
        if (batch.size() == 1) {
          throw missing;
        }
        batch.forEach(this::callAlone);
        return;
      }
      batch.forEach(r -> r.answer.complete(own(r, answers)));
    } catch (RuntimeException | Error e) {
      batch.forEach(r -> r.answer.completeExceptionally(e));
    } finally {
      handOn();
    }
  }

  private void callAlone(Request<K, V> request) {
    try {
      request.answer.complete(own(request, call.apply(List.copyOf(request.keys))));
    } catch (RuntimeException | Error e) {
      request.answer.completeExceptionally(e);
    }
  }

  /** Lets the head of the queue make the next call, or marks nothing in flight. */
  private void handOn() {
    Request<K, V> next;
    synchronized (this) {
      next = queued.peek();
      inFlight = next != null;
    }
    if (next != null) {
      next.lead.complete(null);
    }
  }

  /** Only this request's keys, so no caller sees another's answers. */
  private static <K, V> Map<K, V> own(Request<K, V> request, Map<K, V> answers) {
    Map<K, V> out = new HashMap<>();
    for (K key : request.keys) {
      V value = answers.get(key);
      if (value != null) {
        out.put(key, value);
      }
    }
    return Map.copyOf(out);
  }

  private static RuntimeException rethrown(Throwable cause) {
    if (cause instanceof RuntimeException runtime) {
      return runtime;
    }
    if (cause instanceof Error error) {
      throw error;
    }
    return new IllegalStateException(cause);
  }
}
