package io.strato.cloud.aws.elb;

import io.strato.cloud.aws.AwsClients;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;

/**
 * Wraps the SDK clients of an {@link AwsClients} in dynamic proxies that count every AWS call and
 * can simulate a crash right after the k-th call (the call took effect, its answer is lost) or make
 * one operation fail. The real clients, and so the call metrics, stay underneath; {@link
 * AwsClients} needs no test hook.
 */
final class SdkFaults {

  private static final Set<String> NOT_CALLS =
      Set.of("close", "serviceName", "serviceClientConfiguration", "utilities", "waiter");

  private final AtomicInteger calls = new AtomicInteger();
  private final Map<String, Supplier<RuntimeException>> failing = new ConcurrentHashMap<>();
  private final Set<String> repeated = ConcurrentHashMap.newKeySet();
  private volatile int crashAfter = Integer.MAX_VALUE;

  /** Every call after the k-th (and the k-th itself, once done) ends in a client-side failure. */
  SdkFaults crashAfter(int k) {
    crashAfter = k;
    return this;
  }

  /** Makes every call of one SDK method (e.g. {@code deleteSecurityGroup}) fail without effect. */
  SdkFaults fail(String method, Supplier<RuntimeException> error) {
    failing.put(method, error);
    return this;
  }

  /**
   * Makes one SDK method run twice, answering with the second run: what the SDK's own retry does
   * when the first attempt took effect but its answer was lost on the way back.
   */
  SdkFaults twice(String method) {
    repeated.add(method);
    return this;
  }

  int calls() {
    return calls.get();
  }

  AwsLoadBalancers loadBalancers(AwsClients clients) {
    return new AwsLoadBalancers(
        wrap(Ec2Client.class, clients.ec2()),
        wrap(ElasticLoadBalancingV2Client.class, clients.elb()),
        wrap(AutoScalingClient.class, clients.autoScaling()));
  }

  private <T> T wrap(Class<T> type, T client) {
    return type.cast(
        Proxy.newProxyInstance(
            type.getClassLoader(),
            new Class<?>[] {type},
            (proxy, method, args) -> call(client, method, args)));
  }

  private Object call(Object client, Method method, Object[] args) throws Throwable {
    if (method.getDeclaringClass() == Object.class || NOT_CALLS.contains(method.getName())) {
      return invoke(client, method, args);
    }
    Supplier<RuntimeException> fault = failing.get(method.getName());
    if (fault != null) {
      throw fault.get();
    }
    if (repeated.contains(method.getName())) {
      invoke(client, method, args);
    }
    int n = calls.incrementAndGet();
    Object result;
    try {
      result = invoke(client, method, args);
    } catch (Throwable answer) {
      if (n >= crashAfter) {
        throw crash(n, method);
      }
      throw answer;
    }
    if (n >= crashAfter) {
      throw crash(n, method);
    }
    return result;
  }

  private static Object invoke(Object client, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(client, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private static SdkClientException crash(int n, Method method) {
    return SdkClientException.create(
        "injected crash after call " + n + " (" + method.getName() + ")");
  }
}
