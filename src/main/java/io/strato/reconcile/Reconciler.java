package io.strato.reconcile;

/**
 * Brings one key's actual state in line with its desired state. Must be idempotent: the engine may
 * call it again at any time, including after a crash halfway through. Throwing means "retry with
 * backoff"; a {@link RetryAfter} failure is honoured with its retry-after.
 */
@FunctionalInterface
public interface Reconciler<K> {
  Result reconcile(K key) throws Exception;
}
