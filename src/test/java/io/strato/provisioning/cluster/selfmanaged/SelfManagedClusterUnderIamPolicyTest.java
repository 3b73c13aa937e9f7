package io.strato.provisioning.cluster.selfmanaged;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.cloud.Deletion;
import io.strato.cloud.Ownership;
import io.strato.cloud.aws.AwsClients;
import io.strato.provisioning.cluster.ClusterContext;
import io.strato.provisioning.cluster.ClusterProgress;
import io.strato.testsupport.MotoServer;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;

/**
 * Strato's create-and-delete of a self-managed cluster (its API network load balancer with target
 * group, listener and security group; the control-plane and worker node groups with their launch
 * templates; the cluster tags on the user's network) made as an IAM user holding nothing but {@code
 * providers/aws/iam-policy.json}, on a moto server in IAM mode, which authorizes every request
 * against the caller's policies.
 *
 * <p>What moto 5.2 evaluates, as the tests below show: the Action element (wildcards included) and
 * the Effect of each statement, and the request signature. It checks every EC2, ELB, Auto Scaling,
 * EKS and ECS request against Resource {@code "*"}, so a statement scoped to ARNs never matches,
 * and it has no request context, so conditions ({@code aws:RequestTag}, {@code aws:ResourceTag},
 * {@code ec2:CreateAction}, {@code iam:PassedToService}) always pass. The user therefore holds the
 * policy with every Resource widened to {@code "*"}: what this proves is that no action a real code
 * path calls is missing; the scoping is checked by reading the policy (IamPolicyTest).
 */
class SelfManagedClusterUnderIamPolicyTest {

  static final Path POLICY = Path.of("providers", "aws", "iam-policy.json");

  private static MotoServer moto;
  private static AwsClients admin;
  private static AwsClients strato;

  @BeforeAll
  static void usersHoldingOnlyTheirPolicy() throws Exception {
    moto = MotoServer.isolated();
    try (IamClient iam = iam(moto.endpoint())) {
      AccessKey adminKey =
          user(
              iam,
              "admin",
              "{\"Version\":\"2012-10-17\",\"Statement\":"
                  + "[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}");
      AccessKey stratoKey = user(iam, "strato", widened(POLICY));
      moto.enforceIam(true);
      admin = moto.clients(credentials(adminKey));
      strato = moto.clients(credentials(stratoKey));
    }
  }

  @AfterAll
  static void stop() {
    if (admin != null) {
      admin.close();
      strato.close();
    }
    moto.stop();
  }

  @Test
  void createsAndDeletesASelfManagedClusterHoldingOnlyThePolicy() throws Exception {
    SelfManagedFixture aws = new SelfManagedFixture(admin);
    SelfManagedClusterDriver driver = SelfManagedFixture.driver(strato);
    ClusterContext cluster = aws.cluster();

    List<ClusterProgress> steps = SelfManagedFixture.untilReady(driver, cluster);
    System.out.println(
        "self-managed cluster Ready as the policy's user after "
            + steps.size()
            + " reconciles: "
            + strato.metrics().snapshot());
    assertThat(aws.groups()).hasSize(4);
    assertThat(aws.loadBalancers()).hasSize(1);
    assertThat(aws.subnetTags(aws.network.privateSubnets().get(0)))
        .containsKey("kubernetes.io/cluster/" + SelfManagedFixture.NAME);

    Deletion d = Deletion.IN_PROGRESS;
    for (int i = 0; i < 10 && d == Deletion.IN_PROGRESS; i++) {
      d = driver.delete(cluster);
    }
    assertThat(d).isEqualTo(Deletion.GONE);
    assertThat(aws.groups()).isEmpty();
    assertThat(aws.loadBalancers()).isEmpty();
    assertThat(aws.templateNames()).isEmpty();
    assertThat(aws.subnetTags(aws.network.privateSubnets().get(0)))
        .doesNotContainKey("kubernetes.io/cluster/" + SelfManagedFixture.NAME);
  }

  @Test
  void motoRefusesAnActionThePolicyDoesNotName() {
    assertThatThrownBy(() -> strato.ec2().createVpc(r -> r.cidrBlock("10.9.0.0/16")))
        .isInstanceOf(Ec2Exception.class)
        .hasMessageContaining("is not authorized to perform: ec2:CreateVpc");
  }

  @Test
  void motoDoesNotEvaluateConditionsSoACreateWithoutTheOwnershipTagPasses() {
    // AWS refuses this: the policy allows CreateSecurityGroup only with
    // aws:RequestTag/strato.io/managed-by=strato. moto lets it through.
    String vpc = admin.ec2().createVpc(r -> r.cidrBlock("10.8.0.0/16")).vpc().vpcId();
    String untagged =
        strato
            .ec2()
            .createSecurityGroup(r -> r.groupName("untagged").description("x").vpcId(vpc))
            .groupId();
    assertThat(untagged).startsWith("sg-");
  }

  @Test
  void motoMatchesResourceArnsAgainstStarSoThePolicyAsWrittenRefusesScopedCalls() throws Exception {
    try (IamClient iam = iam(moto.endpoint())) {
      moto.enforceIam(false);
      AccessKey key;
      try {
        key = user(iam, "as-written", new String(java.nio.file.Files.readAllBytes(POLICY)));
      } finally {
        moto.enforceIam(true);
      }
      try (AwsClients asWritten = moto.clients(credentials(key))) {
        String vpc = admin.ec2().createVpc(r -> r.cidrBlock("10.7.0.0/16")).vpc().vpcId();
        // Granted on "*": allowed.
        assertThat(asWritten.ec2().describeSubnets().subnets()).isNotNull();
        // Granted on arn:aws:ec2:*:*:security-group/* with the tag: refused by moto, though AWS
        // would allow it.
        assertThatThrownBy(
                () ->
                    asWritten
                        .ec2()
                        .createSecurityGroup(
                            r ->
                                r.groupName("tagged")
                                    .description("x")
                                    .vpcId(vpc)
                                    .tagSpecifications(
                                        t ->
                                            t.resourceType(ResourceType.SECURITY_GROUP)
                                                .tags(
                                                    g ->
                                                        g.key(Ownership.MANAGED_BY_TAG)
                                                            .value("strato")))))
            .isInstanceOf(Ec2Exception.class)
            .hasMessageContaining("is not authorized to perform: ec2:CreateSecurityGroup");
      }
    }
  }

  /** The policy with every Resource set to "*", the only resource moto compares against. */
  static String widened(Path policy) throws Exception {
    ObjectMapper json = new ObjectMapper();
    ObjectNode doc = (ObjectNode) json.readTree(policy.toFile());
    doc.withArray("Statement").forEach(s -> ((ObjectNode) s).put("Resource", "*"));
    return json.writeValueAsString(doc);
  }

  private static AccessKey user(IamClient iam, String name, String policy) {
    iam.createUser(r -> r.userName(name));
    iam.putUserPolicy(r -> r.userName(name).policyName(name).policyDocument(policy));
    return iam.createAccessKey(r -> r.userName(name)).accessKey();
  }

  private static StaticCredentialsProvider credentials(AccessKey key) {
    return StaticCredentialsProvider.create(
        AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey()));
  }

  private static IamClient iam(URI endpoint) {
    return IamClient.builder()
        .region(Region.AWS_GLOBAL)
        .endpointOverride(endpoint)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .build();
  }
}
