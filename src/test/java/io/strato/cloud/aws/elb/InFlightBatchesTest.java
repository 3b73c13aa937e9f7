package io.strato.cloud.aws.elb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.strato.cloud.CloudException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Coalescing without a cloud: a call that the test holds in flight lines the next callers up, so
 * every scenario is exact (which keys went out together, who got what), not a matter of timing.
 */
class InFlightBatchesTest {

  private final ExecutorService pool = Executors.newCachedThreadPool();
  private final List<List<String>> calls = new CopyOnWriteArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  /** Answers "value of k" for each key except those named "gone-*", the first call held. */
  private Function<List<String>, Map<String, String>> held(boolean failWhenGoneInBatch) {
    return keys -> {
      calls.add(keys);
      if (calls.size() == 1) {
        try {
          release.await();
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
      }
      if (failWhenGoneInBatch && keys.stream().anyMatch(k -> k.startsWith("gone"))) {
        throw new CloudException.NotFound("aws", "elbv2:DescribeLoadBalancers", "no", null);
      }
      Map<String, String> out = new HashMap<>();
      keys.stream().filter(k -> !k.startsWith("gone")).forEach(k -> out.put(k, "value of " + k));
      return out;
    };
  }

  @Test
  void aLoneRequestGoesOutAtOnceAndAlone() {
    InFlightBatches<String, String> batches =
        new InFlightBatches<>(20, keys -> keys.contains("a") ? Map.of("a", "v") : Map.of());

    assertThat(batches.get(List.of("a"))).containsExactly(Map.entry("a", "v"));
    assertThat(batches.get(List.of("b"))).as("absent from the answer: absent").isEmpty();
  }

  @Test
  void requestsArrivingWhileACallIsInFlightShareTheNextCallAndEachGetsItsOwnAnswer()
      throws Exception {
    InFlightBatches<String, String> batches = new InFlightBatches<>(20, held(false));
    Future<Map<String, String>> first = pool.submit(() -> batches.get(List.of("a")));
    await().until(() -> calls.size() == 1);
    List<Future<Map<String, String>>> later = new ArrayList<>();
    for (String key : List.of("b", "c", "gone-d", "e")) {
      later.add(pool.submit(() -> batches.get(List.of(key))));
    }
    later.add(pool.submit(() -> batches.get(List.of("b", "f"))));
    await().until(() -> batches.queued() == 5);
    release.countDown();

    assertThat(first.get()).containsExactly(Map.entry("a", "value of a"));
    assertThat(later.get(0).get()).containsExactly(Map.entry("b", "value of b"));
    assertThat(later.get(1).get()).containsExactly(Map.entry("c", "value of c"));
    assertThat(later.get(2).get()).as("not in the answer: not found for that caller").isEmpty();
    assertThat(later.get(3).get()).containsExactly(Map.entry("e", "value of e"));
    assertThat(later.get(4).get())
        .containsOnly(Map.entry("b", "value of b"), Map.entry("f", "value of f"));
    assertThat(calls).hasSize(2);
    assertThat(calls.get(0)).as("the first alone").containsExactly("a");
    assertThat(calls.get(1))
        .as("then one call for all that queued behind it, each key once")
        .containsExactlyInAnyOrder("b", "c", "gone-d", "e", "f");
  }

  @Test
  void aCallTakesAtMostMaxKeysAndTheRestGoOutRightAfter() throws Exception {
    InFlightBatches<String, String> batches = new InFlightBatches<>(20, held(false));
    Future<Map<String, String>> first = pool.submit(() -> batches.get(List.of("k0")));
    await().until(() -> calls.size() == 1);
    List<Future<Map<String, String>>> later = new ArrayList<>();
    for (int i = 1; i <= 25; i++) {
      String key = "k" + i;
      later.add(pool.submit(() -> batches.get(List.of(key))));
      int queued = i;
      await().until(() -> batches.queued() == queued); // queue order = key order
    }
    release.countDown();

    for (int i = 0; i < 25; i++) {
      assertThat(later.get(i).get())
          .containsExactly(Map.entry("k" + (i + 1), "value of k" + (i + 1)));
    }
    assertThat(first.get()).containsKey("k0");
    assertThat(calls).extracting(List::size).containsExactly(1, 20, 5);
  }

  @Test
  void oneCallersMissingResourceDoesNotFailTheOthers() throws Exception {
    // AWS fails a whole DescribeLoadBalancers or DescribeTags when one named resource is gone.
    InFlightBatches<String, String> batches = new InFlightBatches<>(20, held(true));
    Future<Map<String, String>> first = pool.submit(() -> batches.get(List.of("a")));
    await().until(() -> calls.size() == 1);
    Future<Map<String, String>> b = pool.submit(() -> batches.get(List.of("b")));
    await().until(() -> batches.queued() == 1);
    Future<Map<String, String>> gone = pool.submit(() -> batches.get(List.of("gone-x")));
    await().until(() -> batches.queued() == 2);
    Future<Map<String, String>> c = pool.submit(() -> batches.get(List.of("c")));
    await().until(() -> batches.queued() == 3);
    release.countDown();

    assertThat(first.get()).containsKey("a");
    assertThat(b.get()).containsExactly(Map.entry("b", "value of b"));
    assertThat(c.get()).containsExactly(Map.entry("c", "value of c"));
    assertThatThrownBy(gone::get).hasCauseInstanceOf(CloudException.NotFound.class);
    assertThat(calls)
        .as("the shared call failed, so each request was asked again alone")
        .containsExactly(
            List.of("a"),
            List.of("b", "gone-x", "c"),
            List.of("b"),
            List.of("gone-x"),
            List.of("c"));
  }

  @Test
  void aFailureOfTheSharedCallReachesEachOfItsCallersAndTheNextCallStillGoesOut() throws Exception {
    CountDownLatch held = new CountDownLatch(1);
    List<List<String>> seen = new CopyOnWriteArrayList<>();
    InFlightBatches<String, String> batches =
        new InFlightBatches<>(
            20,
            keys -> {
              seen.add(keys);
              if (seen.size() == 1) {
                try {
                  held.await();
                } catch (InterruptedException e) {
                  throw new IllegalStateException(e);
                }
              }
              if (seen.size() == 2) {
                throw new CloudException.Throttled(
                    "aws", "elbv2:DescribeTags", "slow down", null, null);
              }
              return Map.of();
            });
    Future<Map<String, String>> first = pool.submit(() -> batches.get(List.of("a")));
    await().until(() -> seen.size() == 1);
    Future<Map<String, String>> b = pool.submit(() -> batches.get(List.of("b")));
    Future<Map<String, String>> c = pool.submit(() -> batches.get(List.of("c")));
    await().until(() -> batches.queued() == 2);
    held.countDown();

    assertThat(first.get()).isEmpty();
    assertThatThrownBy(b::get).hasCauseInstanceOf(CloudException.Throttled.class);
    assertThatThrownBy(c::get).hasCauseInstanceOf(CloudException.Throttled.class);
    assertThat(batches.get(List.of("d"))).as("nothing left in flight").isEmpty();
    assertThat(seen).hasSize(3);
  }
}
