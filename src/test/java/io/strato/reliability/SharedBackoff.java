package io.strato.reliability;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.strato.cloud.aws.AwsClients;
import io.strato.cloud.aws.CloudCallMetrics;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.retries.api.RetryStrategy;

/**
 * Shows that one {@link AwsClients} (one account and region) has one backoff: after throttles on
 * one service, the others slow down too, while another account's clients do not. Two views:
 *
 * <ul>
 *   <li>the state the SDK keeps per retry scope, read from each client's strategy: the adaptive
 *       rate limiter (fill rate, measured send rate, whether throttling switched it on) and the
 *       retry token bucket. The SDK exposes none of it, so this reads its private fields; it is a
 *       print-out for the campaign, nothing asserts on it but the identity of the buckets.
 *   <li>a probe: EC2 send rate of this account and of a second, independent one, before and after
 *       only the load balancer API of this account was throttled. Printed, never asserted (a rate
 *       on a shared 2-core machine is no basis for a test).
 * </ul>
 */
final class SharedBackoff {

  /** The retry scope the SDK's retry stage uses for every request. */
  private static final String SCOPE = "GLOBAL";

  private SharedBackoff() {}

  /** One client's view of the shared state. */
  record ClientState(
      int rateLimiterId,
      boolean throttlingSeen,
      double fillRate,
      double measuredSendRate,
      int retryBucketId,
      int retryCapacity) {

    @Override
    public String toString() {
      return String.format(
          "limiter#%08x %s fill=%.1f/s sent=%.1f/s, retry bucket#%08x capacity=%d",
          rateLimiterId,
          throttlingSeen ? "on" : "off",
          fillRate,
          measuredSendRate,
          retryBucketId,
          retryCapacity);
    }
  }

  /** Each SDK client's view, keyed by service. */
  static Map<String, ClientState> state(AwsClients aws) {
    Map<String, ClientState> out = new LinkedHashMap<>();
    out.put("ec2", of(aws.ec2()));
    out.put("elasticloadbalancing", of(aws.elb()));
    out.put("autoscaling", of(aws.autoScaling()));
    out.put("eks", of(aws.eks()));
    out.put("ecs", of(aws.ecs()));
    return out;
  }

  /** Whether every client reads and writes the same rate limiter and retry bucket. */
  static boolean shared(Map<String, ClientState> state) {
    return state.values().stream().map(ClientState::rateLimiterId).distinct().count() == 1
        && state.values().stream().map(ClientState::retryBucketId).distinct().count() == 1;
  }

  private static ClientState of(SdkClient client) {
    RetryStrategy strategy =
        client.serviceClientConfiguration().overrideConfiguration().retryStrategy().orElseThrow();
    try {
      Object limiterStore = field(strategy, "rateLimiterTokenBucketStore");
      Object limiter = call(limiterStore, "tokenBucketForScope", SCOPE);
      Object state = field(limiter, "state");
      Object retryStore = field(strategy, "tokenBucketStore");
      Object retryBucket = call(retryStore, "tokenBucketForScope", SCOPE);
      return new ClientState(
          System.identityHashCode(limiter),
          (boolean) field(state, "enabled"),
          (double) field(state, "fillRate"),
          (double) field(state, "measuredTxRate"),
          System.identityHashCode(retryBucket),
          (int) call(retryBucket, "currentCapacity"));
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("the SDK's retry internals changed shape", e);
    }
  }

  /** The probe's figures: EC2 calls per second for this account and an independent one. */
  record Probe(
      double beforeThis,
      double beforeOther,
      double afterThis,
      double afterOther,
      long elbThrottles) {}

  /**
   * Measures both accounts' EC2 send rate side by side, throttles every load balancer call of
   * {@code aws} (and only those), then measures again. Random faults are off meanwhile.
   */
  static Probe probe(AwsClients aws, URI proxy, Duration window) {
    try (AwsClients other =
        new AwsClients(aws.settings(), new CloudCallMetrics(new SimpleMeterRegistry()))) {
      ProxyFigures.admin(proxy, "/off");
      double[] before = sideBySide(aws, other, window);
      ProxyFigures start = ProxyFigures.admin(proxy, "/throttle/elasticloadbalancing");
      for (int i = 0; i < 3; i++) {
        try {
          aws.elb().describeLoadBalancers();
        } catch (SdkException expected) {
          // Throttled on every attempt: exactly what should slow the account's other clients.
        }
      }
      ProxyFigures end = ProxyFigures.admin(proxy, "/throttle/none");
      double[] after = sideBySide(aws, other, window);
      ProxyFigures.admin(proxy, "/on");
      long throttles =
          end.since(start).counts().getOrDefault("probe-throttles/elasticloadbalancing", 0L);
      return new Probe(before[0], before[1], after[0], after[1], throttles);
    }
  }

  private static double[] sideBySide(AwsClients one, AwsClients two, Duration window) {
    CompletableFuture<Double> a = CompletableFuture.supplyAsync(() -> ec2Rate(one, window));
    CompletableFuture<Double> b = CompletableFuture.supplyAsync(() -> ec2Rate(two, window));
    return new double[] {a.join(), b.join()};
  }

  private static double ec2Rate(AwsClients aws, Duration window) {
    long end = System.nanoTime() + window.toNanos();
    int calls = 0;
    while (System.nanoTime() < end) {
      aws.ec2().describeAvailabilityZones();
      calls++;
    }
    return calls / (window.toMillis() / 1000.0);
  }

  private static Object field(Object target, String name) throws ReflectiveOperationException {
    for (Class<?> c = target.getClass(); c != null; c = c.getSuperclass()) {
      try {
        Field f = c.getDeclaredField(name);
        f.setAccessible(true);
        return f.get(target);
      } catch (NoSuchFieldException next) {
        // look in the superclass
      }
    }
    throw new NoSuchFieldException(name);
  }

  private static Object call(Object target, String name, Object... args)
      throws ReflectiveOperationException {
    for (Method m : target.getClass().getMethods()) {
      if (m.getName().equals(name) && m.getParameterCount() == args.length) {
        m.setAccessible(true);
        return m.invoke(target, args);
      }
    }
    throw new NoSuchMethodException(name);
  }
}
