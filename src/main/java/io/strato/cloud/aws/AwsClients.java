package io.strato.cloud.aws;

import io.strato.cloud.OnFirstUse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Builds and holds the AWS SDK clients: one per service, sharing one HTTP connection pool, one
 * credentials provider and one retry strategy <em>instance</em>. AWS throttles per account and
 * region, and the adaptive strategy rate-limits on the client side after throttling; because every
 * client here holds the same instance (and the SDK asks it for tokens under one scope), a throttle
 * seen by the EC2 client slows the load balancer and Auto Scaling clients too, instead of each
 * client hammering an account that is already over its API limit.
 *
 * <p>Each service client is built on its first call, not here: building the five took 1.7 s of a
 * 6.4 s start (class loading and endpoint-rule set-up on two cores), and a deployment that only
 * runs the CCM never calls EKS, ECS or Auto Scaling. A getter builds its client on its first call,
 * so a caller that takes a client in its constructor builds it then: such callers are themselves
 * built on first use (the cluster drivers, see {@code ClusterDriverOnFirstUse}). The HTTP pool, the
 * credentials chain and the retry strategy are built with the first client that needs them (the
 * Apache pool and its TLS context were a quarter of a second of a start that makes no AWS call) and
 * then shared, so every client, whenever it is built, gets the same instances.
 */
public final class AwsClients implements AutoCloseable {

  private final AwsSettings settings;
  private final CloudCallMetrics metrics;
  private final OnFirstUse<SdkHttpClient> http;
  private final OnFirstUse<AwsCredentialsProvider> credentials;
  private final OnFirstUse<RetryStrategy> retries;
  private final OnFirstUse<ScheduledExecutorService> timeouts;
  private final OnFirstUse<Ec2Client> ec2;
  private final OnFirstUse<ElasticLoadBalancingV2Client> elb;
  private final OnFirstUse<AutoScalingClient> autoScaling;
  private final OnFirstUse<EksClient> eks;
  private final OnFirstUse<EcsClient> ecs;
  private final OnFirstUse<SecretsManagerClient> secretsManager;
  private final OnFirstUse<IamClient> iam;
  private final OnFirstUse<S3Client> s3;
  private final List<OnFirstUse<? extends SdkClient>> all;
  private final List<ExecutionInterceptor> extraInterceptors;

  public AwsClients(AwsSettings settings, CloudCallMetrics metrics) {
    this(settings, metrics, List.of());
  }

  /**
   * @param extraInterceptors run after the metrics interceptor on every call; tests use this to
   *     inject faults and crashes at a chosen call
   */
  public AwsClients(
      AwsSettings settings,
      CloudCallMetrics metrics,
      List<ExecutionInterceptor> extraInterceptors) {
    this.settings = settings;
    this.extraInterceptors = List.copyOf(extraInterceptors);
    this.metrics = metrics;
    this.http =
        new OnFirstUse<>(
            () ->
                ApacheHttpClient.builder()
                    .maxConnections(64)
                    .connectionTimeout(Duration.ofSeconds(5))
                    .socketTimeout(Duration.ofSeconds(30))
                    .build());
    this.credentials =
        new OnFirstUse<>(
            () ->
                settings
                    .credentials()
                    .orElseGet(() -> DefaultCredentialsProvider.builder().build()));
    this.retries =
        new OnFirstUse<>(
            () ->
                AwsRetryStrategy.adaptiveRetryStrategy().toBuilder()
                    .maxAttempts(settings.maxAttempts())
                    .build());
    // The SDK times each call's apiCallTimeout on a scheduler that, left to itself, it builds per
    // client with five threads (15 idle threads for the three clients every leader builds). A
    // timer task is a schedule and a cancel, so one shared daemon thread serves them all.
    this.timeouts =
        new OnFirstUse<>(
            () ->
                Executors.newSingleThreadScheduledExecutor(
                    r -> {
                      Thread t = new Thread(r, "aws-call-timeouts");
                      t.setDaemon(true);
                      return t;
                    }));
    this.ec2 = new OnFirstUse<>(() -> configure(Ec2Client.builder()).build());
    this.elb = new OnFirstUse<>(() -> configure(ElasticLoadBalancingV2Client.builder()).build());
    this.autoScaling = new OnFirstUse<>(() -> configure(AutoScalingClient.builder()).build());
    this.eks = new OnFirstUse<>(() -> configure(EksClient.builder()).build());
    this.ecs = new OnFirstUse<>(() -> configure(EcsClient.builder()).build());
    this.secretsManager = new OnFirstUse<>(() -> configure(SecretsManagerClient.builder()).build());
    // IAM is global: its endpoint lives in aws-global whatever region the rest uses.
    this.iam =
        new OnFirstUse<>(() -> configure(IamClient.builder()).region(Region.AWS_GLOBAL).build());
    // Path-style on an endpoint override: an emulator (moto) serves every bucket on one host,
    // where virtual-hosted names would need wildcard DNS. AWS itself gets virtual-hosted style.
    this.s3 =
        new OnFirstUse<>(
            () ->
                configure(S3Client.builder())
                    .forcePathStyle(settings.endpoint().isPresent())
                    .build());
    this.all = List.of(ec2, elb, autoScaling, eks, ecs, secretsManager, iam, s3);
  }

  private <B extends AwsClientBuilder<B, ?>> B configure(B builder) {
    builder
        .region(Region.of(settings.region()))
        .credentialsProvider(credentials.get())
        .overrideConfiguration(
            ClientOverrideConfiguration.builder()
                .retryStrategy(retries.get())
                .executionInterceptors(withMetricsFirst())
                .apiCallTimeout(Duration.ofSeconds(60))
                .scheduledExecutorService(timeouts.get())
                .build());
    settings.endpoint().ifPresent(builder::endpointOverride);
    if (builder
        instanceof software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<?, ?> sync) {
      sync.httpClient(http.get());
    }
    return builder;
  }

  private List<ExecutionInterceptor> withMetricsFirst() {
    List<ExecutionInterceptor> all = new ArrayList<>();
    all.add(new CallMetricsInterceptor(metrics));
    all.addAll(extraInterceptors);
    return all;
  }

  public String region() {
    return settings.region();
  }

  public Ec2Client ec2() {
    return ec2.get();
  }

  public ElasticLoadBalancingV2Client elb() {
    return elb.get();
  }

  public AutoScalingClient autoScaling() {
    return autoScaling.get();
  }

  public EksClient eks() {
    return eks.get();
  }

  public EcsClient ecs() {
    return ecs.get();
  }

  public SecretsManagerClient secretsManager() {
    return secretsManager.get();
  }

  public IamClient iam() {
    return iam.get();
  }

  public S3Client s3() {
    return s3.get();
  }

  /**
   * The shared HTTP pool, credentials and settings, for the few AWS APIs whose SDK module is not
   * served here and which Strato therefore speaks directly (Application Auto Scaling).
   */
  public SdkHttpClient http() {
    return http.get();
  }

  /** The one retry strategy every client of this account and region shares. */
  public RetryStrategy retryStrategy() {
    return retries.get();
  }

  public AwsCredentialsProvider credentials() {
    return credentials.get();
  }

  public AwsSettings settings() {
    return settings;
  }

  public CloudCallMetrics metrics() {
    return metrics;
  }

  @Override
  public void close() {
    // Asking for a client after this fails rather than building one nobody would close.
    all.forEach(client -> client.close(SdkClient::close));
    http.close(SdkHttpClient::close);
    // Nothing to close in the others; marked closed so a late caller fails instead of building.
    credentials.close(c -> {});
    retries.close(r -> {});
    // The SDK leaves a scheduler it was given alone when a client closes.
    timeouts.close(ScheduledExecutorService::shutdownNow);
  }

  /**
   * Builds the clients every leader calls, EC2, ELB and Auto Scaling (the CCM's controllers and the
   * load balancer and node group reconcilers), without calling AWS: a standby does this before a
   * takeover so that the new leader's first call does not pay for it. EKS and ECS stay on first
   * use, built by the one cluster driver that needs them.
   */
  public void buildLeaderClients() {
    ec2.get();
    elb.get();
    autoScaling.get();
  }

  /** Which service clients have been built so far (for tests and start-up checks). */
  public int clientsBuilt() {
    return (int) all.stream().filter(OnFirstUse::built).count();
  }
}
