package io.strato.testsupport;

import com.fasterxml.jackson.core.type.TypeReference;
import io.strato.cloud.cluster.ClusterSpecDto;
import io.strato.provisioning.api.ApplyRequest;
import io.strato.provisioning.api.Caller;
import io.strato.provisioning.cluster.ClusterSpecs;
import io.strato.provisioning.crash.StratoProcess;
import io.strato.provisioning.loadbalancer.LoadBalancerSpecDto;
import io.strato.provisioning.store.ResourceKey;
import java.util.Map;
import java.util.TreeMap;

/**
 * Provisioning operations driven through the real reconcilers of a {@link StratoProcess} on moto,
 * reconciles back to back (poll interval zero), so that what an operation costs in AWS calls can be
 * read off the process's call tally. Shared by the benchmark that prints those figures and the test
 * that holds them as budgets.
 */
public final class DrivenOperations {

  public static final ResourceKey LOAD_BALANCER = new ResourceKey("LoadBalancer", "web");
  public static final ResourceKey CLUSTER = new ResourceKey("Cluster", "prod");

  private DrivenOperations() {}

  /** An empty account with a network; answers the VPC for a load balancer spec. */
  public static String freshNetwork(MotoServer moto) {
    moto.reset();
    try (var c = moto.clients()) {
      return AwsFixtures.network(c.ec2(), null).vpcId();
    }
  }

  /**
   * An empty account with a network, an image and node profiles; answers the spec of a cluster of
   * {@code type} (eks, self-managed or ecs) over it.
   */
  public static String freshClusterSpec(MotoServer moto, String type) {
    moto.reset();
    try (var c = moto.clients()) {
      AwsFixtures network = AwsFixtures.network(c.ec2(), null);
      String ami = AwsFixtures.imageId(c.ec2());
      AwsFixtures.nodeProfiles(c.iam());
      String subnets = ClusterSpecs.subnets(network.privateSubnets(), AwsFixtures.ZONES);
      return switch (type) {
        case "self-managed" -> ClusterSpecs.selfManaged(subnets, ami, "1.31", 2);
        case "ecs" -> ClusterSpecs.ecs(subnets, ami, 1, "nginx:1.27");
        case "eks" -> ClusterSpecs.eks(subnets, "1.31", 2);
        default -> throw new IllegalArgumentException("no cluster type " + type);
      };
    }
  }

  /** Stores load balancer {@link #LOAD_BALANCER} with listeners 80 and 443 in {@code vpcId}. */
  public static void applyLoadBalancer(StratoProcess p, String vpcId) throws Exception {
    p.loadBalancers.apply(
        LOAD_BALANCER.name(),
        p.json.readValue(
            """
            {"spec": {"vpcId": "%s", "listeners": [{"port": 80, "targetPort": 30080},
                                                   {"port": 443, "targetPort": 30443}]}}
            """
                .formatted(vpcId),
            new TypeReference<ApplyRequest<LoadBalancerSpecDto>>() {}),
        null,
        Caller.inProcessAdmin());
  }

  /** Stores cluster {@link #CLUSTER} with {@code spec}. */
  public static void applyCluster(StratoProcess p, String spec) throws Exception {
    p.clusters.apply(
        CLUSTER.name(),
        p.json.readValue(
            "{\"spec\": " + spec + "}", new TypeReference<ApplyRequest<ClusterSpecDto>>() {}),
        null,
        Caller.inProcessAdmin());
  }

  /** Reconciles every stored resource until {@code key} reaches {@code phase}; answers rounds. */
  public static int converge(StratoProcess p, MotoServer moto, ResourceKey key, String phase)
      throws Exception {
    int rounds = 0;
    try (var ecs = moto.clients()) {
      while (rounds < 40 && !p.phase(key).equals(phase)) {
        p.reconcileAll(1);
        // moto runs no ECS task: the scheduler starts what the services ask for between polls
        // (with its own clients, so its calls are not counted).
        EcsScheduler.placeTasks(ecs.ecs());
        rounds++;
      }
    }
    if (!p.phase(key).equals(phase)) {
      throw new IllegalStateException(key + " is " + p.phase(key) + " after " + rounds + " rounds");
    }
    return rounds;
  }

  /** Reconciles until nothing is stored any more (every deletion finished); answers rounds. */
  public static int drain(StratoProcess p) throws Exception {
    int rounds = 0;
    while (rounds < 40 && !p.store.keys().isEmpty()) {
      p.reconcileAll(1);
      rounds++;
    }
    if (!p.store.keys().isEmpty()) {
      throw new IllegalStateException("still stored after delete: " + p.store.keys());
    }
    return rounds;
  }

  /** The calls made since the last take, by "Service:Operation", sorted; resets the tally. */
  public static Map<String, Long> take(StratoProcess p) {
    Map<String, Long> calls = new TreeMap<>(p.clients.metrics().snapshot());
    p.clients.metrics().reset();
    return calls;
  }
}
