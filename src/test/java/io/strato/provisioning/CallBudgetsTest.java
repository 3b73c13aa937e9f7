package io.strato.provisioning;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

import io.strato.provisioning.crash.StratoProcess;
import io.strato.testsupport.DrivenOperations;
import io.strato.testsupport.MotoServer;
import java.nio.file.Files;
import java.util.Map;
import java.util.TreeMap;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * AWS call budgets of the provisioning operations: the figures of docs/benchmarks.md section 1
 * ("Calls per operation"), held in the default test run. Call counts through the real reconcilers
 * on moto are deterministic, so a change that adds a call fails here; one that removes a call fails
 * too, until the budget below (and the document) is lowered to the new figure. Each budget is the
 * exact count per operation, so a failure names the operation that moved.
 *
 * <p>Reconciles are driven back to back (poll interval zero), as {@code CallsPerOperationBenchmark}
 * drives them, so a figure includes every look-up made while waiting. GKE is not here: it is
 * reached over gRPC, outside the AWS call tally, and its fake has no per-call count.
 */
class CallBudgetsTest {

  private static final int POLLS = 10;

  private final MotoServer moto = MotoServer.shared();

  @Test
  void loadBalancerWithTwoListeners() throws Exception {
    String vpcId = DrivenOperations.freshNetwork(moto);
    try (StratoProcess p = process()) {
      DrivenOperations.applyLoadBalancer(p, vpcId);
      DrivenOperations.converge(p, moto, DrivenOperations.LOAD_BALANCER, "Ready");
      assertThat(DrivenOperations.take(p))
          .as("load balancer create, 2 listeners: 11 calls (minimum 9)")
          .isEqualTo(
              budget(
                  entry("Ec2:AuthorizeSecurityGroupIngress", 1L),
                  entry("Ec2:CreateSecurityGroup", 1L),
                  entry("Ec2:DescribeSubnets", 1L),
                  entry("ElasticLoadBalancingV2:CreateListener", 2L),
                  entry("ElasticLoadBalancingV2:CreateLoadBalancer", 1L),
                  entry("ElasticLoadBalancingV2:CreateTargetGroup", 2L),
                  entry("ElasticLoadBalancingV2:DescribeLoadBalancers", 2L),
                  entry("ElasticLoadBalancingV2:DescribeTags", 1L)));

      p.loadBalancers.delete(DrivenOperations.LOAD_BALANCER.name(), null);
      DrivenOperations.drain(p);
      assertThat(DrivenOperations.take(p))
          .as("load balancer delete, 2 listeners: 9 calls (minimum 7)")
          .isEqualTo(
              budget(
                  entry("Ec2:DeleteSecurityGroup", 1L),
                  entry("Ec2:DescribeSecurityGroups", 1L),
                  entry("ElasticLoadBalancingV2:DeleteLoadBalancer", 1L),
                  entry("ElasticLoadBalancingV2:DeleteTargetGroup", 2L),
                  entry("ElasticLoadBalancingV2:DescribeLoadBalancers", 2L),
                  entry("ElasticLoadBalancingV2:DescribeTags", 1L),
                  entry("ElasticLoadBalancingV2:DescribeTargetGroups", 1L)));
    }
  }

  @Test
  void eksCluster() throws Exception {
    SoftAssertions soft = new SoftAssertions();
    Lifecycle calls = lifecycle("eks");
    soft.assertThat(calls.create())
        .as("EKS create, 1 node group: 5 calls (minimum 5)")
        .isEqualTo(
            budget(
                entry("Ec2:DescribeSubnets", 1L),
                entry("Eks:CreateCluster", 1L),
                entry("Eks:CreateNodegroup", 1L),
                entry("Eks:DescribeCluster", 1L),
                entry("Eks:ListNodegroups", 1L)));
    soft.assertThat(calls.polls())
        .as("EKS, %d polls of the existing cluster: 3.1 calls a poll", POLLS)
        .isEqualTo(
            budget(
                entry("Eks:DescribeCluster", 10L),
                entry("Eks:DescribeNodegroup", 10L),
                entry("Eks:ListNodegroups", 10L),
                entry("Eks:UpdateNodegroupConfig", 1L)));
    soft.assertThat(calls.delete())
        .as("EKS delete: 8 calls (minimum 5)")
        .isEqualTo(
            budget(
                entry("Eks:DeleteCluster", 1L),
                entry("Eks:DeleteNodegroup", 1L),
                entry("Eks:DescribeCluster", 3L),
                entry("Eks:DescribeNodegroup", 1L),
                entry("Eks:ListNodegroups", 2L)));
    soft.assertAll();
  }

  @Test
  void selfManagedCluster() throws Exception {
    SoftAssertions soft = new SoftAssertions();
    Lifecycle calls = lifecycle("self-managed");
    soft.assertThat(calls.create())
        .as("self-managed create: 54 calls (minimum 45)")
        .isEqualTo(
            budget(
                // one pass: the control-plane groups are attached in the pass that creates them
                entry("AutoScaling:AttachLoadBalancerTargetGroups", 3L),
                entry("AutoScaling:CreateAutoScalingGroup", 4L),
                entry("AutoScaling:DescribeAutoScalingGroups", 3L),
                entry("AutoScaling:PutLifecycleHook", 4L),
                entry("Ec2:AuthorizeSecurityGroupIngress", 1L),
                entry("Ec2:CreateLaunchTemplate", 4L),
                entry("Ec2:CreateSecurityGroup", 1L),
                entry("Ec2:CreateTags", 1L),
                entry("Ec2:DescribeImages", 1L),
                // the API load balancer's target security groups; no instance-version read for
                // groups this process created and has not moved
                entry("Ec2:DescribeInstances", 1L),
                entry("Ec2:DescribeLaunchTemplates", 1L),
                entry("Ec2:DescribeRouteTables", 1L),
                entry("Ec2:DescribeSubnets", 3L),
                entry("ElasticLoadBalancingV2:AddTags", 1L),
                entry("ElasticLoadBalancingV2:CreateListener", 1L),
                entry("ElasticLoadBalancingV2:CreateLoadBalancer", 1L),
                entry("ElasticLoadBalancingV2:CreateTargetGroup", 1L),
                // the groups are attached from the remembered ensure (GroupAddition): an ownership
                // read and the state, no observation
                entry("ElasticLoadBalancingV2:DescribeLoadBalancers", 2L),
                entry("ElasticLoadBalancingV2:DescribeTags", 2L),
                entry("ElasticLoadBalancingV2:DescribeTargetHealth", 1L),
                entry("ElasticLoadBalancingV2:ModifyTargetGroupAttributes", 1L),
                // the bootstrap secrets' policies and the etcd bucket's policy name the roles: one
                // read per profile (InstanceRoles.REUSE)
                entry("Iam:GetInstanceProfile", 2L),
                // the etcd snapshot bucket (docs/etcd-backups.md): 8 changes and one tag read
                // before; a bucket just created is neither read back nor listed
                entry("S3:CreateBucket", 1L),
                entry("S3:GetBucketTagging", 1L),
                entry("S3:PutBucketEncryption", 1L),
                entry("S3:PutBucketLifecycleConfiguration", 1L),
                entry("S3:PutBucketPolicy", 1L),
                entry("S3:PutBucketTagging", 2L),
                entry("S3:PutBucketVersioning", 1L),
                entry("S3:PutPublicAccessBlock", 1L),
                // created without a look in the pass that created the API load balancer
                entry("SecretsManager:CreateSecret", 2L),
                entry("SecretsManager:PutResourcePolicy", 2L),
                entry("SecretsManager:TagResource", 2L)));
    soft.assertThat(calls.polls())
        .as("self-managed, %d polls of the existing cluster: 3.2 calls a poll", POLLS)
        .isEqualTo(
            budget(
                // the network's and the load balancer's full checks come every 11 passes; with a
                // one-pass create, neither falls within these ten polls
                entry("AutoScaling:DescribeAutoScalingGroups", 10L),
                entry("Ec2:DescribeLaunchTemplates", 10L),
                entry("ElasticLoadBalancingV2:DescribeLoadBalancers", 10L),
                entry("SecretsManager:DescribeSecret", 2L)));
    soft.assertThat(calls.delete())
        .as("self-managed delete: 25 calls (minimum 21)")
        .isEqualTo(
            budget(
                entry("AutoScaling:DeleteAutoScalingGroup", 4L),
                // the control-plane groups go before the load balancer: no detach left to make
                entry("AutoScaling:DescribeAutoScalingGroups", 4L),
                entry("Ec2:DeleteLaunchTemplate", 4L),
                entry("Ec2:DeleteSecurityGroup", 1L),
                entry("Ec2:DeleteTags", 1L),
                entry("Ec2:DescribeLaunchTemplates", 1L),
                entry("Ec2:DescribeSecurityGroups", 1L),
                // the network tags: the subnets and route tables marked for this cluster in one
                // read of the marker's key (ClusterNetworkTags.remove)
                entry("Ec2:DescribeTags", 1L),
                entry("ElasticLoadBalancingV2:DeleteLoadBalancer", 1L),
                entry("ElasticLoadBalancingV2:DeleteTargetGroup", 1L),
                entry("ElasticLoadBalancingV2:DescribeLoadBalancers", 2L),
                entry("ElasticLoadBalancingV2:DescribeTags", 1L),
                entry("ElasticLoadBalancingV2:DescribeTargetGroups", 1L),
                entry("SecretsManager:DeleteSecret", 2L)));
    soft.assertAll();
  }

  @Test
  void ecsCluster() throws Exception {
    SoftAssertions soft = new SoftAssertions();
    Lifecycle calls = lifecycle("ecs");
    soft.assertThat(calls.create())
        .as("ECS create, 1 service with capacity provider and autoscaling: 16 calls (minimum 13)")
        .isEqualTo(
            budget(
                entry("ApplicationAutoScaling:PutScalingPolicy", 1L),
                entry("ApplicationAutoScaling:RegisterScalableTarget", 1L),
                entry("AutoScaling:CreateAutoScalingGroup", 1L),
                // a cluster created by the same pass has no node group to observe first
                // (NodeGroups.noneYet): the group read back after its create, and the next pass
                entry("AutoScaling:DescribeAutoScalingGroups", 2L),
                entry("Ec2:CreateLaunchTemplate", 1L),
                entry("Ec2:DescribeLaunchTemplates", 1L),
                // no service behind a load balancer: the closed rules are checked once in ten
                // passes (EcsServicesStep.CLOSED_CHECK_EVERY)
                entry("Ec2:DescribeSecurityGroups", 1L),
                entry("Ec2:DescribeSubnets", 1L),
                entry("Ecs:CreateCapacityProvider", 1L),
                entry("Ecs:CreateCluster", 1L),
                entry("Ecs:CreateService", 1L),
                // a cluster created by the same pass has no provider or family to look for, and
                // the next pass works from what this one made (EcsClusterDriver.CLUSTER_READ_EVERY)
                entry("Ecs:DescribeClusters", 1L),
                entry("Ecs:DescribeServices", 1L),
                entry("Ecs:PutClusterCapacityProviders", 1L),
                entry("Ecs:RegisterTaskDefinition", 1L)));
    soft.assertThat(calls.polls())
        .as("ECS, %d polls of the existing cluster: 3.2 calls a poll", POLLS)
        .isEqualTo(
            budget(
                entry("AutoScaling:DescribeAutoScalingGroups", 10L),
                entry("Ec2:DescribeLaunchTemplates", 10L),
                entry("Ec2:DescribeSecurityGroups", 1L),
                entry("Ecs:DescribeClusters", 1L),
                entry("Ecs:DescribeServices", 10L)));
    soft.assertThat(calls.delete())
        .as("ECS delete: 17 calls (minimum 11)")
        .isEqualTo(
            budget(
                entry("ApplicationAutoScaling:DeleteScalingPolicy", 1L),
                entry("ApplicationAutoScaling:DeregisterScalableTarget", 1L),
                entry("AutoScaling:DeleteAutoScalingGroup", 1L),
                entry("AutoScaling:DescribeAutoScalingGroups", 2L),
                entry("Ec2:DeleteLaunchTemplate", 1L),
                entry("Ec2:DescribeLaunchTemplates", 1L),
                entry("Ec2:DescribeSecurityGroups", 1L),
                entry("Ecs:DeleteCapacityProvider", 1L),
                entry("Ecs:DeleteCluster", 1L),
                entry("Ecs:DeleteService", 1L),
                entry("Ecs:DeregisterTaskDefinition", 1L),
                // the providers seen attached to the cluster proved ours are deleted unread
                entry("Ecs:DescribeClusters", 1L),
                entry("Ecs:DescribeServices", 2L),
                entry("Ecs:ListTaskDefinitions", 1L),
                entry("Ecs:PutClusterCapacityProviders", 1L)));
    soft.assertAll();
  }

  /** The calls of one cluster's create (to Ready), {@link #POLLS} polls, and delete (to gone). */
  private record Lifecycle(
      Map<String, Long> create, Map<String, Long> polls, Map<String, Long> delete) {}

  private Lifecycle lifecycle(String type) throws Exception {
    String spec = DrivenOperations.freshClusterSpec(moto, type);
    try (StratoProcess p = process()) {
      DrivenOperations.applyCluster(p, spec);
      DrivenOperations.converge(p, moto, DrivenOperations.CLUSTER, "Ready");
      Map<String, Long> create = DrivenOperations.take(p);
      // A Ready cluster reconciled again stands in for one poll (see CallsPerOperationBenchmark).
      for (int i = 0; i < POLLS; i++) {
        p.reconciler.reconcile(DrivenOperations.CLUSTER);
      }
      Map<String, Long> polls = DrivenOperations.take(p);
      p.clusters.delete(DrivenOperations.CLUSTER.name(), null);
      DrivenOperations.drain(p);
      return new Lifecycle(create, polls, DrivenOperations.take(p));
    }
  }

  private StratoProcess process() throws Exception {
    return new StratoProcess(Files.createTempDirectory("budget-"), moto.clients());
  }

  @SafeVarargs
  private static Map<String, Long> budget(Map.Entry<String, Long>... calls) {
    return new TreeMap<>(Map.ofEntries(calls));
  }
}
