package io.strato.cloud.aws.asg;

import io.strato.testsupport.AwsWireError;
import io.strato.testsupport.FaultProxy;
import io.strato.testsupport.MotoServer;
import io.strato.testsupport.ProxiedCall;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * SDK clients on moto with a test's hands on every call: a hook before the request is sent and one
 * after the response is read. AwsClients has no place for extra interceptors, so these clients are
 * built here and given to AwsNodeGroups through its package-private constructor.
 *
 * <p>They reach moto through a fault proxy that gives AWS's answer where moto has none: moto's
 * CreateAutoScalingGroup silently replaces a group of the same name (autoscaling/models.py stores
 * groups by name), where AWS answers {@code AlreadyExists}. The proxy answers that error on the
 * wire whenever the name is taken, so the create-after-a-race path parses a real error response.
 */
final class HookedAws implements AutoCloseable, ExecutionInterceptor {

  /** Runs around one call; {@code call} counts from 1 across both clients. */
  interface Hook {
    void run(String operation, int call);
  }

  private static final Hook NONE = (operation, call) -> {};
  private static final ExecutionAttribute<Integer> CALL = new ExecutionAttribute<>("hooked.call");

  private final AtomicInteger calls = new AtomicInteger();
  private final AtomicInteger alreadyExists = new AtomicInteger();
  private final FaultProxy proxy;
  private final AutoScalingClient lookup;
  private final Ec2Client ec2;
  private final AutoScalingClient autoScaling;
  private volatile Hook before = NONE;
  private volatile Hook after = NONE;

  HookedAws(MotoServer moto) {
    var credentials = moto.settings().credentials().orElseThrow();
    this.lookup =
        AutoScalingClient.builder()
            .endpointOverride(moto.endpoint())
            .region(Region.of(MotoServer.REGION))
            .credentialsProvider(credentials)
            .httpClientBuilder(ApacheHttpClient.builder())
            .build();
    this.proxy =
        FaultProxy.scripted(moto.endpoint())
            .refuseAll(
                call -> call.action().equals("CreateAutoScalingGroup") && taken(call),
                new AwsWireError(
                    400, "AlreadyExists", "AutoScalingGroup by this name already exists"));
    this.ec2 =
        Ec2Client.builder()
            .endpointOverride(proxy.endpoint())
            .region(Region.of(MotoServer.REGION))
            .credentialsProvider(credentials)
            .httpClientBuilder(ApacheHttpClient.builder())
            .overrideConfiguration(c -> c.addExecutionInterceptor(this))
            .build();
    this.autoScaling =
        AutoScalingClient.builder()
            .endpointOverride(proxy.endpoint())
            .region(Region.of(MotoServer.REGION))
            .credentialsProvider(credentials)
            .httpClientBuilder(ApacheHttpClient.builder())
            .overrideConfiguration(c -> c.addExecutionInterceptor(this))
            .build();
  }

  private boolean taken(ProxiedCall create) {
    String name = create.param("AutoScalingGroupName");
    boolean taken =
        !lookup
            .describeAutoScalingGroups(r -> r.autoScalingGroupNames(name))
            .autoScalingGroups()
            .isEmpty();
    if (taken) {
      alreadyExists.incrementAndGet();
    }
    return taken;
  }

  /** How many creates the proxy answered with AlreadyExists: the race a test meant happened. */
  int alreadyExistsAnswers() {
    return alreadyExists.get();
  }

  AwsNodeGroups nodeGroups() {
    return new AwsNodeGroups(ec2, autoScaling);
  }

  HookedAws before(Hook hook) {
    this.before = hook;
    return this;
  }

  HookedAws after(Hook hook) {
    this.after = hook;
    return this;
  }

  /** Forgets the hooks and restarts the count. */
  void clear() {
    before = NONE;
    after = NONE;
    calls.set(0);
  }

  int calls() {
    return calls.get();
  }

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    int call = calls.incrementAndGet();
    attributes.putAttribute(CALL, call);
    before.run(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), call);
  }

  @Override
  public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
    after.run(
        attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME),
        attributes.getAttribute(CALL));
  }

  @Override
  public void close() {
    ec2.close();
    autoScaling.close();
    lookup.close();
    proxy.close();
  }
}
