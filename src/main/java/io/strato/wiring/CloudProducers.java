package io.strato.wiring;

import io.micrometer.core.instrument.MeterRegistry;
import io.strato.cloud.CloudProvider;
import io.strato.cloud.aws.AwsClients;
import io.strato.cloud.aws.AwsCloudProvider;
import io.strato.cloud.aws.AwsSettings;
import io.strato.cloud.aws.CloudCallMetrics;
import io.strato.cloud.aws.DemoNetwork;
import io.strato.cloud.aws.LocalAwsEmulator;
import io.strato.cloud.aws.MotoLauncher;
import io.strato.cloud.aws.asg.AwsNodeGroups;
import io.strato.cloud.aws.elb.AwsLoadBalancers;
import io.strato.cloud.loadbalancer.LoadBalancers;
import io.strato.cloud.nodegroup.NodeGroups;
import io.strato.config.StratoConfig;
import io.strato.reconcile.StandbyPreparation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.jboss.logging.Logger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** Builds the cloud side: AWS clients (or the local emulator), and the capability providers. */
@ApplicationScoped
public class CloudProducers {

  private static final Logger LOG = Logger.getLogger(CloudProducers.class);

  private LocalAwsEmulator emulator;

  @Produces
  @Singleton
  CloudCallMetrics callMetrics(
      MeterRegistry registry, @Any Instance<CloudCallMetrics.Observer> observers) {
    // None in production; the test build adds the recorder its IAM policy check reads.
    return new CloudCallMetrics(registry, observers.stream().toList());
  }

  @Produces
  @Singleton
  AwsClients awsClients(StratoConfig config, CloudCallMetrics metrics) {
    StratoConfig.Aws aws = config.aws();
    Optional<URI> endpoint = aws.endpoint();
    Optional<AwsCredentialsProvider> credentials = Optional.empty();
    boolean local = endpoint.isEmpty() && wantsEmulator(aws.emulator());
    if (local) {
      Path dataDir = Path.of(config.dataDir());
      emulator =
          LocalAwsEmulator.start(
              MotoLauncher.command(aws.emulatorCommand(), dataDir), aws.emulatorPort(), dataDir);
      endpoint = Optional.of(emulator.endpoint());
      // moto accepts any key; these are not credentials of any account.
      credentials =
          Optional.of(
              StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")));
    }
    AwsClients clients =
        new AwsClients(
            new AwsSettings(aws.region(), endpoint, credentials, aws.maxAttempts()), metrics);
    if (local) {
      String vpc = DemoNetwork.ensure(clients.ec2(), aws.region());
      LOG.infof(
          "No AWS endpoint or credentials are configured: started the local AWS emulator (moto) at"
              + " %s and seeded the demo network %s (VPC %s, subnets tagged for discovery). Nothing"
              + " here touches a real AWS account. The endpoint is also in %s.",
          emulator.endpoint(), DemoNetwork.NAME, vpc, Path.of(config.dataDir(), "aws-endpoint"));
    } else {
      LOG.infof(
          "AWS region %s, endpoint %s",
          aws.region(), endpoint.map(URI::toString).orElse("(AWS default)"));
    }
    return clients;
  }

  void closeClients(@Disposes AwsClients clients) {
    clients.close();
    if (emulator != null) {
      emulator.close();
    }
  }

  /**
   * Normal-scoped, so what injects it holds a client proxy and the provider (with the EC2, ELB and
   * Auto Scaling clients it builds) is made on the first call, not at start-up: building the SDK
   * clients was 1.7 s of a 6.4 s start.
   */
  @Produces
  @ApplicationScoped
  LoadBalancers loadBalancers(AwsClients clients, StratoConfig config) {
    // An account's quota, so it holds for the REST API's load balancers as for the CCM's.
    return new AwsLoadBalancers(clients, config.ccm().securityGroupRulesPerGroup());
  }

  /** The cloud the CCM's controllers run against. */
  @Produces
  @Singleton
  CloudProvider cloudProvider(AwsClients clients, LoadBalancers loadBalancers) {
    return new AwsCloudProvider(clients, loadBalancers);
  }

  @Produces
  @ApplicationScoped
  NodeGroups nodeGroups(AwsClients clients) {
    return new AwsNodeGroups(clients);
  }

  /** A standby builds the AWS clients while it waits, so a takeover starts calling at once. */
  @Produces
  @Singleton
  StandbyPreparation standbyPreparation(AwsClients clients) {
    return new WarmStandby(clients::buildLeaderClients);
  }

  /**
   * Whether to start the local emulator. In {@code auto} mode only when no credentials are
   * configured by any of the usual means; the instance metadata service is deliberately not probed
   * (it costs seconds off EC2): on EC2 with only an instance role, set the mode to {@code off}.
   */
  static boolean wantsEmulator(StratoConfig.EmulatorMode mode) {
    return switch (mode) {
      case OFF -> false;
      case ALWAYS -> true;
      case AUTO -> !credentialsConfigured();
    };
  }

  static boolean credentialsConfigured() {
    for (String var :
        new String[] {
          "AWS_ACCESS_KEY_ID",
          "AWS_PROFILE",
          "AWS_WEB_IDENTITY_TOKEN_FILE",
          "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
          "AWS_CONTAINER_CREDENTIALS_FULL_URI"
        }) {
      String v = System.getenv(var);
      if (v != null && !v.isBlank()) {
        return true;
      }
    }
    if (System.getProperty("aws.accessKeyId") != null) {
      return true;
    }
    Path home = Path.of(System.getProperty("user.home"), ".aws");
    return Files.exists(home.resolve("credentials")) || Files.exists(home.resolve("config"));
  }
}
