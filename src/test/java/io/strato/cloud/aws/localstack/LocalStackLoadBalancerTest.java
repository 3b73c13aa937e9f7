package io.strato.cloud.aws.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.strato.cloud.Deletion;
import io.strato.cloud.Ownership;
import io.strato.cloud.aws.AwsClients;
import io.strato.cloud.aws.AwsSettings;
import io.strato.cloud.aws.CloudCallMetrics;
import io.strato.cloud.aws.elb.AwsLoadBalancers;
import io.strato.cloud.loadbalancer.HealthCheckSpec;
import io.strato.cloud.loadbalancer.ListenerProtocol;
import io.strato.cloud.loadbalancer.ListenerSpec;
import io.strato.cloud.loadbalancer.LoadBalancerSpec;
import io.strato.cloud.loadbalancer.Scheme;
import io.strato.cloud.loadbalancer.SubnetSelection;
import io.strato.cloud.loadbalancer.TargetGroupAttributes;
import io.strato.cloud.loadbalancer.TargetType;
import io.strato.testsupport.AwsFixtures;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The load balancer scenario against LocalStack, the optional second backend. It needs a Docker
 * engine and a LocalStack auth token (since 2026 LocalStack requires one, and its free tier lacks
 * ELBv2); where either is missing the test is skipped and says which.
 */
class LocalStackLoadBalancerTest {

  @Test
  void createsAndDeletesAnNlbOnLocalStack() {
    String token = System.getenv("LOCALSTACK_AUTH_TOKEN");
    assumeTrue(
        token != null && !token.isBlank(),
        "skipped: LOCALSTACK_AUTH_TOKEN is not set (LocalStack needs a token for ELBv2)");
    assumeTrue(
        DockerClientFactory.instance().isDockerAvailable(),
        "skipped: no Docker engine on this machine (LocalStack runs in a container)");
    try (LocalStackContainer localstack =
        new LocalStackContainer(DockerImageName.parse("localstack/localstack-pro:latest"))
            .withEnv("LOCALSTACK_AUTH_TOKEN", token)) {
      localstack.start();
      AwsSettings settings =
          new AwsSettings(
              localstack.getRegion(),
              Optional.of(localstack.getEndpoint()),
              Optional.of(
                  StaticCredentialsProvider.create(
                      AwsBasicCredentials.create(
                          localstack.getAccessKey(), localstack.getSecretKey()))),
              3);
      try (AwsClients clients =
          new AwsClients(settings, new CloudCallMetrics(new SimpleMeterRegistry()))) {
        AwsFixtures network = AwsFixtures.network(clients.ec2(), null);
        AwsLoadBalancers loadBalancers = new AwsLoadBalancers(clients);
        Ownership owner = new Ownership("uid-localstack", "LoadBalancer", "web", null);
        LoadBalancerSpec spec =
            new LoadBalancerSpec(
                "web-localstack",
                Scheme.INTERNET_FACING,
                SubnetSelection.ids(network.publicSubnets()),
                List.of(),
                List.of(),
                List.of(
                    new ListenerSpec(
                        80,
                        ListenerProtocol.TCP,
                        30080,
                        null,
                        null,
                        HealthCheckSpec.tcpDefault(),
                        TargetGroupAttributes.NONE)),
                TargetType.INSTANCE,
                List.of(),
                null,
                null);
        var ensured = loadBalancers.ensure(owner, spec);
        assertThat(ensured.status().listeners()).hasSize(1);
        Deletion deletion = Deletion.IN_PROGRESS;
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (deletion != Deletion.GONE && System.nanoTime() < deadline) {
          deletion = loadBalancers.ensureDeleted(owner, "web-localstack");
        }
        assertThat(deletion).isEqualTo(Deletion.GONE);
      }
    }
  }
}
