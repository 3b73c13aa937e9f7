package io.strato.cloud.aws.elb;

import io.strato.cloud.CloudException;
import io.strato.cloud.aws.AwsClients;
import io.strato.cloud.aws.AwsTags;
import io.strato.testsupport.AwsFixtures;
import io.strato.testsupport.FaultProxy;
import io.strato.testsupport.MotoServer;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;

/**
 * The moto emulator as the integration tests see it: a fresh account per test, clients for the code
 * under test (whose call tally the tests read), and separate clients for setting the scene and for
 * looking at AWS directly, so a test's own reads never count against the code.
 */
final class Emulator {

  private static AwsClients clients;
  private static AwsClients inspector;
  private static FaultProxy proxy;

  private Emulator() {}

  /** The clients the code under test uses. */
  static synchronized AwsClients clients() {
    if (clients == null) {
      clients = MotoServer.shared().clients();
    }
    return clients;
  }

  /** Clients for fixtures and assertions, metered apart. */
  static synchronized AwsClients aws() {
    if (inspector == null) {
      inspector = MotoServer.shared().clients();
    }
    return inspector;
  }

  /**
   * The fault proxy in front of moto, its script emptied; clients for the code under test that go
   * through it come from {@link FaultProxy#clients} and are closed by the test.
   */
  static synchronized FaultProxy proxy() {
    if (proxy == null) {
      proxy = FaultProxy.scripted(MotoServer.shared().endpoint());
    }
    proxy.reset();
    return proxy;
  }

  /**
   * Runs {@code work} in a process that dies right after its k-th AWS call: the proxy lets that
   * call take effect and drops its answer, and drops every later call before it reaches moto (a
   * dying process sends nothing more, and does not retry). Answers whether the work died; a failure
   * before the k-th call is not the crash asked for and is rethrown.
   */
  static boolean crashAfter(int k, Consumer<AwsLoadBalancers> work) {
    FaultProxy dying = proxy().crashAfter(k);
    try (AwsClients clients = dying.clients(1)) {
      work.accept(new AwsLoadBalancers(clients));
      return false;
    } catch (CloudException.Transient crash) {
      if (dying.calls() < k) {
        throw crash;
      }
      return true;
    }
  }

  /** The AWS calls {@code work} makes, counted on the wire. */
  static int callsOf(Consumer<AwsLoadBalancers> work) {
    FaultProxy counting = proxy();
    try (AwsClients clients = counting.clients(1)) {
      work.accept(new AwsLoadBalancers(clients));
    }
    return counting.calls();
  }

  /** Empties the account and the call tally, and lays out the network of a prepared account. */
  static AwsFixtures freshAccount(String clusterId) {
    MotoServer.shared().reset();
    AwsFixtures network = AwsFixtures.network(aws().ec2(), clusterId);
    clients().metrics().reset();
    return network;
  }

  static List<LoadBalancer> loadBalancersNamed(String name) {
    // moto lets two load balancers share a name; list everything to catch such a twin
    return aws().elb().describeLoadBalancers().loadBalancers().stream()
        .filter(lb -> lb.loadBalancerName().equals(name))
        .toList();
  }

  static LoadBalancer loadBalancer(String name) {
    List<LoadBalancer> found = loadBalancersNamed(name);
    if (found.size() != 1) {
      throw new AssertionError("expected one load balancer " + name + ", found " + found.size());
    }
    return found.get(0);
  }

  static List<Listener> listeners(String loadBalancerArn) {
    return aws().elb().describeListeners(r -> r.loadBalancerArn(loadBalancerArn)).listeners();
  }

  static List<TargetGroup> targetGroupsOf(String loadBalancerName) {
    return aws().elb().describeTargetGroups().targetGroups().stream()
        .filter(
            g -> g.targetGroupName().startsWith(TargetGroupNames.prefix(loadBalancerName) + "-"))
        .toList();
  }

  static List<TargetGroup> allTargetGroups() {
    return aws().elb().describeTargetGroups().targetGroups();
  }

  static Map<String, String> tags(String arn) {
    return AwsTags.fromElbv2(
        aws().elb().describeTags(r -> r.resourceArns(arn)).tagDescriptions().get(0).tags());
  }

  static Map<String, String> attributes(String targetGroupArn) {
    return aws()
        .elb()
        .describeTargetGroupAttributes(r -> r.targetGroupArn(targetGroupArn))
        .attributes()
        .stream()
        .collect(Collectors.toMap(a -> a.key(), a -> a.value()));
  }

  static List<String> registeredTargets(String targetGroupArn) {
    return aws()
        .elb()
        .describeTargetHealth(r -> r.targetGroupArn(targetGroupArn))
        .targetHealthDescriptions()
        .stream()
        .map(d -> d.target().id() + ":" + d.target().port())
        .sorted()
        .toList();
  }

  static List<SecurityGroup> securityGroupsNamed(String groupName) {
    return aws()
        .ec2()
        .describeSecurityGroups(r -> r.filters(f -> f.name("group-name").values(groupName)))
        .securityGroups();
  }

  /** Ingress as "protocol/port/cidr" strings. */
  static List<String> ingress(SecurityGroup group) {
    return IngressRules.actual(group.ipPermissions()).stream()
        .map(r -> r.protocol() + "/" + r.fromPort() + "/" + r.cidr())
        .sorted()
        .toList();
  }

  /** The calls made since the last reset whose operation is not a read. */
  static Map<String, Long> writeCalls() {
    return clients().metrics().snapshot().entrySet().stream()
        .filter(e -> !operation(e.getKey()).startsWith("Describe"))
        .collect(
            Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, TreeMap::new));
  }

  /** Calls since the last reset, keyed by bare operation name. */
  static Map<String, Long> calls() {
    return clients().metrics().snapshot().entrySet().stream()
        .collect(
            Collectors.toMap(
                e -> operation(e.getKey()), Map.Entry::getValue, Long::sum, TreeMap::new));
  }

  private static String operation(String key) {
    return key.substring(key.indexOf(':') + 1);
  }
}
