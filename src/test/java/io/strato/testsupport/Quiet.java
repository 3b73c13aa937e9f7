package io.strato.testsupport;

import io.strato.cloud.aws.CloudCallMetrics;
import java.time.Duration;

/**
 * Waits until no AWS call has been made for a while: background reconciles that other tests in the
 * same application started (a cleanup still polling) have finished, so a test that asserts "no
 * cloud call" measures only what it does itself.
 */
public final class Quiet {

  private Quiet() {}

  public static void await(CloudCallMetrics calls, Duration window) {
    long[] last = {-1};
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(window)
        .until(
            () -> {
              long now = calls.total();
              boolean quiet = now == last[0];
              last[0] = now;
              return quiet;
            });
  }
}
