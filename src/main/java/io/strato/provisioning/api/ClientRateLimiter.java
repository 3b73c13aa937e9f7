package io.strato.provisioning.api;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Token buckets per client: each client may make {@code perSecond} requests a second on average,
 * with bursts up to {@code burst}. Memory is bounded: at most {@code maxClients} buckets are kept,
 * and full (idle) buckets are dropped first when that bound is reached, since dropping a full
 * bucket loses nothing.
 */
public final class ClientRateLimiter {

  private final double perSecond;
  private final double burst;
  private final int maxClients;
  private final LongSupplier nanoTime;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  public ClientRateLimiter(double perSecond, double burst, int maxClients, LongSupplier nanoTime) {
    if (perSecond <= 0 || burst < 1) {
      throw new IllegalArgumentException("a rate limit needs perSecond > 0 and burst >= 1");
    }
    this.perSecond = perSecond;
    this.burst = burst;
    this.maxClients = maxClients;
    this.nanoTime = nanoTime;
  }

  /**
   * Takes one request from the client's bucket.
   *
   * @return zero when allowed, otherwise how long until the next request would be
   */
  public Duration acquire(String client) {
    long now = nanoTime.getAsLong();
    if (buckets.size() >= maxClients && !buckets.containsKey(client)) {
      evictFull(now);
    }
    Bucket bucket = buckets.get(client);
    if (bucket == null) {
      // Only a new client pays for the capturing lambda; a known one is one map read.
      bucket = buckets.computeIfAbsent(client, c -> new Bucket(burst, now));
    }
    synchronized (bucket) {
      bucket.refill(now, perSecond, burst);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return Duration.ZERO;
      }
      return Duration.ofNanos((long) ((1 - bucket.tokens) / perSecond * 1e9));
    }
  }

  int clients() {
    return buckets.size();
  }

  private void evictFull(long now) {
    buckets
        .entrySet()
        .removeIf(
            e -> {
              synchronized (e.getValue()) {
                e.getValue().refill(now, perSecond, burst);
                return e.getValue().tokens >= burst;
              }
            });
    if (buckets.size() >= maxClients) {
      // Every client is busy: make room anyway rather than grow without bound.
      buckets.keySet().stream().findAny().ifPresent(buckets::remove);
    }
  }

  private static final class Bucket {
    double tokens;
    long updated;

    Bucket(double tokens, long now) {
      this.tokens = tokens;
      this.updated = now;
    }

    void refill(long now, double perSecond, double burst) {
      tokens = Math.min(burst, tokens + (now - updated) / 1e9 * perSecond);
      updated = now;
    }
  }
}
