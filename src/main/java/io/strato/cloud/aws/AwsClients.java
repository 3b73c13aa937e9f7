package io.strato.cloud.aws;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
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

/**
 * Builds and holds the AWS SDK clients: one per service, sharing one HTTP connection pool, one
 * credentials provider and one retry strategy <em>instance</em>. AWS throttles per account and
 * region, and the adaptive strategy rate-limits on the client side after throttling; because every
 * client here holds the same instance (and the SDK asks it for tokens under one scope), a throttle
 * seen by the EC2 client slows the load balancer and Auto Scaling clients too, instead of each
 * client hammering an account that is already over its API limit.
 */
public final class AwsClients implements AutoCloseable {

  private final AwsSettings settings;
  private final CloudCallMetrics metrics;
  private final SdkHttpClient http;
  private final AwsCredentialsProvider credentials;
  private final RetryStrategy retries;
  private final Ec2Client ec2;
  private final ElasticLoadBalancingV2Client elb;
  private final AutoScalingClient autoScaling;
  private final EksClient eks;
  private final EcsClient ecs;
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
        ApacheHttpClient.builder()
            .maxConnections(64)
            .connectionTimeout(Duration.ofSeconds(5))
            .socketTimeout(Duration.ofSeconds(30))
            .build();
    this.credentials =
        settings.credentials().orElseGet(() -> DefaultCredentialsProvider.builder().build());
    this.retries =
        AwsRetryStrategy.adaptiveRetryStrategy().toBuilder()
            .maxAttempts(settings.maxAttempts())
            .build();
    this.ec2 = configure(Ec2Client.builder()).build();
    this.elb = configure(ElasticLoadBalancingV2Client.builder()).build();
    this.autoScaling = configure(AutoScalingClient.builder()).build();
    this.eks = configure(EksClient.builder()).build();
    this.ecs = configure(EcsClient.builder()).build();
  }

  private <B extends AwsClientBuilder<B, ?>> B configure(B builder) {
    builder
        .region(Region.of(settings.region()))
        .credentialsProvider(credentials)
        .overrideConfiguration(
            ClientOverrideConfiguration.builder()
                .retryStrategy(retries)
                .executionInterceptors(withMetricsFirst())
                .apiCallTimeout(Duration.ofSeconds(60))
                .build());
    settings.endpoint().ifPresent(builder::endpointOverride);
    if (builder
        instanceof software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<?, ?> sync) {
      sync.httpClient(http);
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
    return ec2;
  }

  public ElasticLoadBalancingV2Client elb() {
    return elb;
  }

  public AutoScalingClient autoScaling() {
    return autoScaling;
  }

  public EksClient eks() {
    return eks;
  }

  public EcsClient ecs() {
    return ecs;
  }

  /**
   * The shared HTTP pool, credentials and settings, for the few AWS APIs whose SDK module is not
   * served here and which Strato therefore speaks directly (Application Auto Scaling).
   */
  public SdkHttpClient http() {
    return http;
  }

  /** The one retry strategy every client of this account and region shares. */
  public RetryStrategy retryStrategy() {
    return retries;
  }

  public AwsCredentialsProvider credentials() {
    return credentials;
  }

  public AwsSettings settings() {
    return settings;
  }

  public CloudCallMetrics metrics() {
    return metrics;
  }

  @Override
  public void close() {
    ec2.close();
    elb.close();
    autoScaling.close();
    eks.close();
    ecs.close();
    http.close();
  }
}
