package io.strato.testsupport;

import io.strato.cloud.aws.AwsClients;
import io.strato.cloud.aws.AwsTags;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;

/**
 * The shared moto account as the scenario tests see it: a fresh account per test, clients for the
 * code under test (whose call tally the tests read), and separate clients for setting the scene and
 * looking at AWS directly, so a test's own reads never count against the code. The one account
 * harness of the suite, for the load balancer tests and the service controller's scenarios alike.
 */
public final class AwsAccount {

  private static AwsClients clients;
  private static AwsClients inspector;
  private static FaultProxy proxy;

  private AwsAccount() {}

  /** The clients the code under test uses. */
  public static synchronized AwsClients clients() {
    if (clients == null) {
      clients = MotoServer.shared().clients();
    }
    return clients;
  }

  /** Clients for fixtures and assertions, metered apart. */
  public static synchronized AwsClients aws() {
    if (inspector == null) {
      inspector = MotoServer.shared().clients();
    }
    return inspector;
  }

  /**
   * The fault proxy in front of moto, its script emptied; clients for the code under test that go
   * through it come from {@link FaultProxy#clients} and are closed by the test.
   */
  public static synchronized FaultProxy proxy() {
    if (proxy == null) {
      proxy = FaultProxy.scripted(MotoServer.shared().endpoint());
    }
    proxy.reset();
    return proxy;
  }

  /** Empties the account and the call tally, and lays out the network of a prepared account. */
  public static AwsFixtures freshAccount(String clusterId) {
    MotoServer.shared().reset();
    AwsFixtures network = AwsFixtures.network(aws().ec2(), clusterId);
    resetCalls();
    return network;
  }

  /** A fresh account with {@code instances} running instances; their IDs, sorted. */
  public static List<String> freshAccountWithInstances(String clusterId, int instances) {
    AwsFixtures network = freshAccount(clusterId);
    String image = AwsFixtures.imageId(aws().ec2());
    List<String> ids =
        aws()
            .ec2()
            .runInstances(
                r ->
                    r.imageId(image)
                        .instanceType("t3.micro")
                        .minCount(instances)
                        .maxCount(instances)
                        .subnetId(network.publicSubnets().get(0)))
            .instances()
            .stream()
            .map(Instance::instanceId)
            .sorted()
            .toList();
    resetCalls();
    return ids;
  }

  public static List<LoadBalancer> loadBalancers() {
    return aws().elb().describeLoadBalancers().loadBalancers();
  }

  /** Every load balancer of that name: moto lets two share one, so a twin shows here. */
  public static List<LoadBalancer> loadBalancersNamed(String name) {
    return loadBalancers().stream().filter(lb -> lb.loadBalancerName().equals(name)).toList();
  }

  /** The one load balancer of that name; a twin or none fails the test. */
  public static LoadBalancer loadBalancer(String name) {
    List<LoadBalancer> found = loadBalancersNamed(name);
    if (found.size() != 1) {
      throw new AssertionError("expected one load balancer " + name + ", found " + found.size());
    }
    return found.get(0);
  }

  public static List<Listener> listeners(String loadBalancerArn) {
    return aws().elb().describeListeners(r -> r.loadBalancerArn(loadBalancerArn)).listeners();
  }

  public static List<TargetGroup> targetGroups(String loadBalancerArn) {
    return aws().elb().describeTargetGroups(r -> r.loadBalancerArn(loadBalancerArn)).targetGroups();
  }

  public static List<TargetGroup> allTargetGroups() {
    return aws().elb().describeTargetGroups().targetGroups();
  }

  public static Map<String, String> tags(String arn) {
    return AwsTags.fromElbv2(
        aws().elb().describeTags(r -> r.resourceArns(arn)).tagDescriptions().get(0).tags());
  }

  public static Map<String, String> attributes(String targetGroupArn) {
    return aws()
        .elb()
        .describeTargetGroupAttributes(r -> r.targetGroupArn(targetGroupArn))
        .attributes()
        .stream()
        .collect(Collectors.toMap(a -> a.key(), a -> a.value()));
  }

  /** The targets registered in a group as "id:port", sorted. */
  public static List<String> registeredTargets(String targetGroupArn) {
    return aws()
        .elb()
        .describeTargetHealth(r -> r.targetGroupArn(targetGroupArn))
        .targetHealthDescriptions()
        .stream()
        .map(d -> d.target().id() + ":" + d.target().port())
        .sorted()
        .toList();
  }

  /** The instance IDs registered in a group, sorted. */
  public static List<String> registeredInstances(String targetGroupArn) {
    return aws()
        .elb()
        .describeTargetHealth(r -> r.targetGroupArn(targetGroupArn))
        .targetHealthDescriptions()
        .stream()
        .map(d -> d.target().id())
        .sorted()
        .toList();
  }

  public static List<SecurityGroup> securityGroupsNamed(String groupName) {
    return aws()
        .ec2()
        .describeSecurityGroups(r -> r.filters(f -> f.name("group-name").values(groupName)))
        .securityGroups();
  }

  /** Calls by the code under test since the last reset, keyed by bare operation name. */
  public static Map<String, Long> calls() {
    return clients().metrics().snapshot().entrySet().stream()
        .collect(
            Collectors.toMap(
                e -> operation(e.getKey()), Map.Entry::getValue, Long::sum, TreeMap::new));
  }

  /** The calls since the last reset whose operation is not a read, keyed "service:operation". */
  public static Map<String, Long> writeCalls() {
    return clients().metrics().snapshot().entrySet().stream()
        .filter(e -> !operation(e.getKey()).startsWith("Describe"))
        .collect(
            Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, TreeMap::new));
  }

  public static long totalCalls() {
    return clients().metrics().total();
  }

  public static void resetCalls() {
    clients().metrics().reset();
  }

  private static String operation(String key) {
    return key.substring(key.indexOf(':') + 1);
  }
}
