package io.strato.controller.service;

import io.strato.cloud.aws.AwsClients;
import io.strato.testsupport.AwsFixtures;
import io.strato.testsupport.MotoServer;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;

/**
 * The moto account as the service controller's scenarios see it: clients for the code under test
 * (whose call tally the tests read) and separate clients for setting the scene and inspecting AWS,
 * so a test's own reads never count against the controller.
 */
final class CloudScene {

  private static AwsClients clients;
  private static AwsClients inspector;

  private CloudScene() {}

  static synchronized AwsClients clients() {
    if (clients == null) {
      clients = MotoServer.shared().clients();
    }
    return clients;
  }

  static synchronized AwsClients aws() {
    if (inspector == null) {
      inspector = MotoServer.shared().clients();
    }
    return inspector;
  }

  /** An empty account with a prepared network and {@code instances} running instances. */
  static List<String> freshAccount(String clusterId, int instances) {
    MotoServer.shared().reset();
    AwsFixtures network = AwsFixtures.network(aws().ec2(), clusterId);
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
    clients().metrics().reset();
    return ids;
  }

  static List<LoadBalancer> loadBalancers() {
    return aws().elb().describeLoadBalancers().loadBalancers();
  }

  static LoadBalancer loadBalancer(String name) {
    return loadBalancers().stream()
        .filter(lb -> lb.loadBalancerName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no load balancer " + name));
  }

  static List<TargetGroup> targetGroups(String loadBalancerArn) {
    return aws().elb().describeTargetGroups(r -> r.loadBalancerArn(loadBalancerArn)).targetGroups();
  }

  static List<TargetGroup> allTargetGroups() {
    return aws().elb().describeTargetGroups().targetGroups();
  }

  static List<String> registered(String targetGroupArn) {
    return aws()
        .elb()
        .describeTargetHealth(r -> r.targetGroupArn(targetGroupArn))
        .targetHealthDescriptions()
        .stream()
        .map(d -> d.target().id())
        .sorted()
        .toList();
  }

  static long securityGroupsNamed(String name) {
    return aws()
        .ec2()
        .describeSecurityGroups(r -> r.filters(f -> f.name("group-name").values(name)))
        .securityGroups()
        .size();
  }

  /** Calls by the code under test since the last reset, keyed by bare operation name. */
  static Map<String, Long> calls() {
    return clients().metrics().snapshot().entrySet().stream()
        .collect(
            Collectors.toMap(
                e -> e.getKey().substring(e.getKey().indexOf(':') + 1),
                Map.Entry::getValue,
                Long::sum,
                TreeMap::new));
  }

  static long totalCalls() {
    return clients().metrics().total();
  }

  static void resetCalls() {
    clients().metrics().reset();
  }
}
