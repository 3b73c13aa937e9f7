package io.strato.bench;

import io.strato.provisioning.crash.StratoProcess;
import io.strato.provisioning.store.ResourceKey;
import io.strato.testsupport.DrivenOperations;
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
    String vpcId = DrivenOperations.freshNetwork(moto);
    try (StratoProcess p =
        new StratoProcess(Files.createTempDirectory("bench-lb-"), moto.clients())) {
      DrivenOperations.applyLoadBalancer(p, vpcId);
      int rounds = DrivenOperations.converge(p, moto, DrivenOperations.LOAD_BALANCER, "Ready");
      // DescribeSubnets (discovery), CreateSecurityGroup, AuthorizeSecurityGroupIngress,
      // CreateLoadBalancer, CreateTargetGroup x2, CreateListener x2 = 8; the NLB is born
      // "provisioning" on AWS, so one DescribeLoadBalancers is needed to see it active.
      report("load balancer create (2 listeners)", p, 9, rounds);
      p.loadBalancers.delete(DrivenOperations.LOAD_BALANCER.name(), null);
      rounds = DrivenOperations.drain(p);
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
    String spec = DrivenOperations.freshClusterSpec(moto, type);
    try (StratoProcess p =
        new StratoProcess(Files.createTempDirectory("bench-cluster-"), moto.clients())) {
      ResourceKey key = DrivenOperations.CLUSTER;
      DrivenOperations.applyCluster(p, spec);
      int rounds = DrivenOperations.converge(p, moto, key, "Ready");
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
      p.clusters.delete(key.name(), null);
      rounds = DrivenOperations.drain(p);
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
