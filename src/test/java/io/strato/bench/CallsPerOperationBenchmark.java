package io.strato.bench;

import com.fasterxml.jackson.core.type.TypeReference;
import io.strato.provisioning.api.ApplyRequest;
import io.strato.provisioning.api.Caller;
import io.strato.provisioning.cluster.ClusterSpecDto;
import io.strato.provisioning.cluster.ClusterSpecs;
import io.strato.provisioning.crash.StratoProcess;
import io.strato.provisioning.loadbalancer.LoadBalancerSpecDto;
import io.strato.provisioning.store.ResourceKey;
import io.strato.testsupport.AwsFixtures;
import io.strato.testsupport.EcsScheduler;
import io.strato.testsupport.MotoServer;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * AWS calls per operation through the real reconcilers (the same parts the application wires, see
 * {@link StratoProcess}) on moto, printed beside the fewest calls the operation can be done in.
 * Reconciles are driven back to back (poll interval zero), so a figure includes every look-up the
 * engine would make while waiting, not only the mutating calls.
 */
class CallsPerOperationBenchmark {

  private final MotoServer moto = MotoServer.shared();

  @Test
  void loadBalancerWithTwoListeners() throws Exception {
    moto.reset();
    AwsFixtures network;
    try (var c = moto.clients()) {
      network = AwsFixtures.network(c.ec2(), null);
    }
    try (StratoProcess p =
        new StratoProcess(Files.createTempDirectory("bench-lb-"), moto.clients())) {
      ResourceKey key = new ResourceKey("LoadBalancer", "web");
      p.loadBalancers.apply(
          "web",
          p.json.readValue(
              """
              {"spec": {"vpcId": "%s", "listeners": [{"port": 80, "targetPort": 30080},
                                                     {"port": 443, "targetPort": 30443}]}}
              """
                  .formatted(network.vpcId()),
              new TypeReference<ApplyRequest<LoadBalancerSpecDto>>() {}),
          null,
          Caller.inProcessAdmin());
      int rounds = converge(p, key, "Ready");
      // DescribeSubnets (discovery), CreateSecurityGroup, AuthorizeSecurityGroupIngress,
      // CreateLoadBalancer, CreateTargetGroup x2, CreateListener x2 = 8; the NLB is born
      // "provisioning" on AWS, so one DescribeLoadBalancers is needed to see it active.
      report("load balancer create (2 listeners)", p, 9, rounds);
      p.loadBalancers.delete("web", null);
      rounds = drain(p);
      // DescribeLoadBalancers (find it by name), DeleteLoadBalancer (takes the listeners with it),
      // DescribeTargetGroups (find the owned groups), DeleteTargetGroup x2, DescribeSecurityGroups,
      // DeleteSecurityGroup = 7.
      report("load balancer delete (2 listeners)", p, 7, rounds);
    }
  }

  @Test
  void clusters() throws Exception {
    cluster("eks");
    cluster("self-managed");
    cluster("ecs");
  }

  private void cluster(String type) throws Exception {
    moto.reset();
    String spec;
    try (var c = moto.clients()) {
      AwsFixtures network = AwsFixtures.network(c.ec2(), null);
      String ami = AwsFixtures.imageId(c.ec2());
      AwsFixtures.nodeProfiles(c.iam());
      String subnets = ClusterSpecs.subnets(network.privateSubnets(), AwsFixtures.ZONES);
      spec =
          switch (type) {
            case "self-managed" -> ClusterSpecs.selfManaged(subnets, ami, "1.31", 2);
            case "ecs" -> ClusterSpecs.ecs(subnets, ami, 1, "nginx:1.27");
            default -> ClusterSpecs.eks(subnets, "1.31", 2);
          };
    }
    try (StratoProcess p =
        new StratoProcess(Files.createTempDirectory("bench-cluster-"), moto.clients())) {
      ResourceKey key = new ResourceKey("Cluster", "prod");
      p.clusters.apply(
          "prod",
          p.json.readValue(
              "{\"spec\": " + spec + "}", new TypeReference<ApplyRequest<ClusterSpecDto>>() {}),
          null,
          Caller.inProcessAdmin());
      int rounds = converge(p, key, "Ready");
      report("cluster create (" + type + ")", p, MINIMUM_CREATE.get(type), rounds);
      // What every poll of a cluster costs once it exists (EKS takes minutes to turn ACTIVE and is
      // polled every strato.reconcile.poll-interval meanwhile; moto makes it ACTIVE at once, so a
      // Ready cluster reconciled again stands in for one poll).
      int polls = 10;
      for (int i = 0; i < polls; i++) {
        p.reconciler.reconcile(key);
      }
      Figures.line(
          "calls  cluster poll (%s)%s %5.1f per poll  %s",
          type,
          " ".repeat(22 - type.length()),
          p.clients.metrics().total() / (double) polls,
          p.clients.metrics().snapshot());
      p.clients.metrics().reset();
      p.clusters.delete("prod", null);
      rounds = drain(p);
      report("cluster delete (" + type + ")", p, MINIMUM_DELETE.get(type), rounds);
    }
  }

  /**
   * The fewest calls, worked out in docs/benchmarks.md: one per resource created or tagged, plus
   * the reads that cannot be avoided (the network check, one status read per asynchronous
   * resource).
   */
  static final Map<String, Integer> MINIMUM_CREATE =
      Map.of("eks", 5, "self-managed", 23, "ecs", 11);

  static final Map<String, Integer> MINIMUM_DELETE =
      Map.of("eks", 5, "self-managed", 19, "ecs", 11);

  private int converge(StratoProcess p, ResourceKey key, String phase) throws Exception {
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

  private static int drain(StratoProcess p) throws Exception {
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

  private static void report(String what, StratoProcess p, int minimum, int rounds) {
    long total = p.clients.metrics().total();
    Figures.line(
        "calls  %-36s %3d  minimum %3d  over %+3d  target(min+2) %s  (%d reconciles)  %s",
        what,
        total,
        minimum,
        total - minimum,
        total <= minimum + 2 ? "met" : "MISSED",
        rounds,
        p.clients.metrics().snapshot());
    p.clients.metrics().reset();
  }
}
