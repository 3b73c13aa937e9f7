package io.strato.cloud.aws.cluster.selfmanaged;

import static io.strato.cloud.aws.cluster.selfmanaged.SelfManagedFixture.untilReady;
import static io.strato.cloud.aws.cluster.selfmanaged.SelfManagedFixture.withSelfManaged;
import static org.assertj.core.api.Assertions.assertThat;

import io.strato.cloud.Deletion;
import io.strato.cloud.aws.AwsClients;
import io.strato.cloud.cluster.ClusterContext;
import io.strato.cloud.cluster.ClusterSpecDto.SelfManagedDto;
import io.strato.testsupport.AwsFixtures;
import io.strato.testsupport.MotoServer;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;

/**
 * The API load balancer reaches the control-plane instances on AWS only if their security group
 * admits it on 6443 (traffic and health check). Moto enforces no security group, so this reads the
 * control-plane group's rules back after the cluster is created and after it is deleted.
 */
class ApiLoadBalancerIngressTest {

  private AwsClients clients;
  private SelfManagedFixture aws;
  private String controlPlaneGroup;

  @BeforeEach
  void freshAccount() {
    MotoServer moto = MotoServer.shared();
    moto.reset();
    clients = moto.clients();
    aws = new SelfManagedFixture(clients);
    controlPlaneGroup =
        clients
            .ec2()
            .createSecurityGroup(
                r ->
                    r.groupName("control-plane")
                        .description("control plane")
                        .vpcId(aws.network.vpcId())
                        .tagSpecifications(
                            TagSpecification.builder()
                                .resourceType(ResourceType.SECURITY_GROUP)
                                .tags(t -> t.key("kubernetes.io/cluster/prod").value("owned"))
                                .build()))
            .groupId();
  }

  @AfterEach
  void close() {
    clients.close();
  }

  @Test
  void theControlPlaneGroupAdmitsTheApiLoadBalancerOn6443UntilTheClusterIsDeleted()
      throws Exception {
    SelfManagedDto sm =
        new SelfManagedDto(
            3,
            aws.imageId,
            "m5.large",
            AwsFixtures.CONTROL_PLANE_PROFILE,
            null,
            List.of(controlPlaneGroup),
            null,
            null,
            null,
            null,
            null);
    ClusterContext cluster = aws.cluster(s -> withSelfManaged(s, sm));

    untilReady(aws.driver(), cluster);

    LoadBalancer lb = aws.loadBalancers().get(0);
    assertThat(lb.securityGroups()).hasSize(1);
    String apiGroup = lb.securityGroups().get(0);
    assertThat(stratoRules())
        .as("6443 from the API load balancer's group; its TCP health check uses the same port")
        .containsExactly(
            "tcp/6443<-"
                + apiGroup
                + " strato.io/owner="
                + cluster.uid()
                + " lb="
                + lb.loadBalancerName());

    Deletion d = Deletion.IN_PROGRESS;
    for (int i = 0; i < 10 && d == Deletion.IN_PROGRESS; i++) {
      d = aws.driver().delete(cluster);
    }
    assertThat(d).isEqualTo(Deletion.GONE);
    assertThat(stratoRules()).isEmpty();
  }

  private Set<String> stratoRules() {
    Set<String> out = new TreeSet<>();
    for (IpPermission p :
        clients
            .ec2()
            .describeSecurityGroups(r -> r.groupIds(controlPlaneGroup))
            .securityGroups()
            .get(0)
            .ipPermissions()) {
      p.userIdGroupPairs().stream()
          .filter(g -> g.description() != null && g.description().startsWith("strato.io/"))
          .forEach(
              g ->
                  out.add(
                      p.ipProtocol()
                          + "/"
                          + p.fromPort()
                          + "<-"
                          + g.groupId()
                          + " "
                          + g.description()));
    }
    return out;
  }
}
